// Running total on a ballot: chosen initiatives and their cost against the limits, or the
// points given out. Only an aid: the server checks the same rules without JavaScript.
(function () {
  var euro = new Intl.NumberFormat("nl-NL", { style: "currency", currency: "EUR", maximumFractionDigits: 0 });

  function approvalText(ballot) {
    var boxes = ballot.querySelectorAll("input[type=checkbox][data-cost]");
    var count = 0;
    var cost = 0;
    boxes.forEach(function (box) {
      if (box.checked) {
        count += 1;
        cost += parseFloat(box.dataset.cost) || 0;
      }
    });
    var max = parseInt(ballot.dataset.max, 10);
    var cap = parseFloat(ballot.dataset.cap);
    var parts = ["Gekozen: " + count + (max ? " van hoogstens " + max : "") + " initiatieven"];
    parts.push("samen " + euro.format(cost) + (cap ? " van hoogstens " + euro.format(cap) : ""));
    return { text: parts.join(", ") + ".", over: (max && count > max) || (cap && cost > cap) };
  }

  function cumulativeText(ballot) {
    var total = 0;
    ballot.querySelectorAll("input[data-points-input]").forEach(function (input) {
      total += Math.max(parseInt(input.value, 10) || 0, 0);
    });
    var points = parseInt(ballot.dataset.points, 10);
    var text = "Verdeeld: " + total + (points ? " van " + points : "") + " punten.";
    return { text: text, over: points && total > points };
  }

  function update(ballot) {
    var out = ballot.querySelector("[data-total]");
    var result = ballot.dataset.type === "cumulative" ? cumulativeText(ballot) : approvalText(ballot);
    out.textContent = result.text + (result.over ? " Dat is te veel." : "");
    out.classList.toggle("ballot__total--over", Boolean(result.over));
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-ballot]").forEach(function (ballot) {
      ballot.addEventListener("change", function () { update(ballot); });
      ballot.addEventListener("input", function () { update(ballot); });
      update(ballot);
    });
  });
})();
