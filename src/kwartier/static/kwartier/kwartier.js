// Small behaviours without inline scripts (the Content-Security-Policy forbids those).
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
