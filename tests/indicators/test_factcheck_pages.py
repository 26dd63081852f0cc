"""The feitencheck pages: list, writing a fact check with its claims, the verdicts with
their charts, sharing, the PDF, and hostile input."""

import pytest
from django.urls import reverse

from kwartier.indicators import views_factcheck
from kwartier.indicators.models import Claim, FactCheck
from kwartier.indicators.views_factcheck import pdf_of, print_page
from tests.indicators.factcheck_helpers import fact_check, nuisance

pytestmark = pytest.mark.django_db


@pytest.fixture
def check(world):
    return fact_check(world)


@pytest.fixture
def worker(world, client_for):
    return client_for(world.users["wijkwerker"])


def detail(check):
    return reverse("indicators:factcheck-detail", args=[check.pk])


def text_of(response) -> str:
    return " ".join(response.content.decode().split())


# --- the result ---------------------------------------------------------------------------


def test_the_result_gives_each_claim_a_verdict_in_words_and_symbol_with_a_chart(check, worker):
    response = worker.get(detail(check))
    assert response.status_code == 200
    page = text_of(response)
    assert "Er is in Oude Haven meer jeugdoverlast dan in de rest van de stad." in page
    assert (
        "Ervaren jeugdoverlast in Oude Haven is in 2009 9,3 % en daarmee 4,4 procentpunt "
        "lager (beter) dan in Testveen (13,7 %)." in page
    )
    assert "met 2,2 procentpunt gedaald van 11,5 % naar 9,3 %, een verbetering." in page
    assert "Er zijn geen cijfers over ervaren jeugdoverlast in Oude Haven in 2012." in page
    verdicts = [result.verdict.verdict for result in response.context["results"]]
    assert verdicts == ["not_supported", "not_supported", "supported", "insufficient_data"]
    # Not colour alone: every verdict is a word with a symbol.
    assert page.count("<strong>Niet ondersteund</strong>") == 2
    assert page.count("<strong>Ondersteund</strong>") == 1
    assert page.count("<strong>Onvoldoende gegevens</strong>") == 1
    assert "✓" in page and "✗" in page
    # A chart for each claim with figures: two areas' lines, a trend, a bar and its value.
    charts = [result.chart for result in response.context["results"]]
    assert all(chart.startswith("<svg") for chart in charts)
    assert "Oude Haven" in charts[0] and "Testveen" in charts[0]
    assert "genoemde waarde" in charts[2]
    assert "Getoetst: Ervaren jeugdoverlast in Oude Haven, boven 5 %." in page


def test_a_claim_about_the_country_without_figures_has_no_chart(world, check, worker):
    Claim.objects.create(
        fact_check=check,
        order=9,
        sentence="Nederland",
        indicator=check.claims.first().indicator,
        area=None,
        says="getting_worse",
    )
    results = worker.get(detail(check)).context["results"]
    assert results[-1].verdict.explanation == (
        "Er zijn geen cijfers over ervaren jeugdoverlast in Nederland."
    )
    assert results[-1].chart == ""


# --- who sees what ------------------------------------------------------------------------


def test_the_list_shows_the_own_organisations_and_shared_fact_checks(world, check, client_for):
    other = FactCheck.objects.create(
        title="Gedeeld door de buren", organisation=world.other_welfare_org, shared=True
    )
    hidden = FactCheck.objects.create(
        title="Alleen van de buren", organisation=world.other_welfare_org
    )
    url = reverse("indicators:factcheck-list")
    page = text_of(client_for(world.users["coordinator"]).get(url))
    assert check.title in page and other.title in page and hidden.title not in page
    assert "Nieuwe feitencheck" in page
    volunteer = text_of(client_for(world.users["vrijwilliger"]).get(url))
    assert other.title in volunteer and check.title not in volunteer
    assert "Nieuwe feitencheck" not in volunteer


def test_a_fact_check_is_found_only_in_its_organisation_until_shared(world, check, client_for):
    outsider = client_for(world.users["other_org_worker"])
    funder = client_for(world.users["gemeente"])
    assert outsider.get(detail(check)).status_code == 404
    assert funder.get(detail(check)).status_code == 404
    worker = client_for(world.users["wijkwerker"])
    response = worker.post(
        reverse("indicators:factcheck-share", args=[check.pk]), {"gedeeld": "ja"}
    )
    assert response.status_code == 302
    check.refresh_from_db()
    assert check.shared
    assert outsider.get(detail(check)).status_code == 200
    page = text_of(funder.get(detail(check)))
    assert "Bewerken" not in page and "Niet meer delen" not in page
    # Reading a shared one is no licence to change it.
    edit = reverse("indicators:factcheck-edit", args=[check.pk])
    assert outsider.get(edit).status_code == 404
    share = reverse("indicators:factcheck-share", args=[check.pk])
    assert outsider.post(share, {"gedeeld": "nee"}).status_code == 404
    worker.post(share, {"gedeeld": "nee"})
    check.refresh_from_db()
    assert not check.shared


# --- writing one --------------------------------------------------------------------------


def management(total, initial=0, prefix="beweringen"):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "20",
    }


def claim_row(index, **fields):
    return {f"beweringen-{index}-{name}": value for name, value in fields.items()}


def test_a_worker_writes_a_fact_check_with_claims(world, worker):
    indicator = nuisance(world.areas)
    url = reverse("indicators:factcheck-create")
    form = worker.get(url)
    assert form.status_code == 200
    assert len(form.context["formset"].forms) == 5
    data = {
        "title": "Artikel",
        "source": "Krant",
        "article": "",
        **management(5),
        **claim_row(
            0,
            sentence="Meer overlast dan in de stad",
            indicator=indicator.pk,
            area="BU99990101",
            says="worse_than",
            than="GM9999",
            value="7",  # not for a comparison: dropped
        ),
        **claim_row(
            1,
            sentence="Boven de 5 procent",
            indicator=indicator.pk,
            area="BU99990101",
            says="above",
            value="5,5",
        ),
        **claim_row(
            2,
            sentence="Landelijk stijgend",
            indicator=indicator.pk,
            area="NL",
            says="getting_worse",
            from_year="2007",
            to_year="2009",
        ),
    }
    response = worker.post(url, data)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    check = FactCheck.objects.get(title="Artikel")
    assert check.organisation == world.welfare_org
    assert check.recorded_by == world.users["wijkwerker"]
    assert response["Location"] == detail(check)
    first, second, third = check.claims.order_by("order")
    assert (first.says, first.than, first.value) == ("worse_than", world.areas.gemeente, None)
    assert str(second.value) == "5.5000"
    assert (third.area, third.from_year, third.to_year) == (None, 2007, 2009)

    # Editing: the rows come back as they were written, and a row can be deleted.
    edit = reverse("indicators:factcheck-edit", args=[check.pk])
    form = worker.get(edit).context["formset"]
    assert form.forms[0].initial["area"] == "BU99990101"
    assert form.forms[0].initial["than"] == "GM9999"
    assert form.forms[2].initial["area"] == "NL"
    data = {"title": "Artikel", "source": "Krant", "article": "", **management(3, initial=3)}
    for index, claim in enumerate((first, second, third)):
        data |= claim_row(
            index,
            id=claim.pk,
            sentence=claim.sentence,
            indicator=indicator.pk,
            area=form.forms[index].initial["area"],
            says=claim.says,
            than=form.forms[index].initial.get("than") or "",
            value="5,5" if claim.says == "above" else "",
            from_year=claim.from_year or "",
            to_year=claim.to_year or "",
        )
    data |= claim_row(1, DELETE="on")
    assert worker.post(edit, data).status_code == 302
    assert check.claims.count() == 2


def errors_of(response) -> dict:
    formset = response.context["formset"]
    return {
        "form": dict(response.context["form"].errors),
        "rows": [dict(form.errors) for form in formset.forms],
        "all": list(formset.non_form_errors()),
    }


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"says": "worse_than"}, "than", "Kies het gebied waarmee vergeleken wordt."),
        ({"says": "worse_than", "than": "BU99990101"}, "than", "Vergelijk met een ander gebied."),
        ({"says": "above"}, "value", "Vul de waarde in waarmee vergeleken wordt."),
        (
            {"says": "above", "value": "150"},
            "value",
            "Een percentage ligt tussen 0 en 100, niet 150.",
        ),
        ({"says": "above", "value": "veel"}, "value", "Voer een getal in."),
        (
            {"says": "getting_worse", "from_year": "2009", "to_year": "2007"},
            "to_year",
            "Het laatste jaar ligt na het eerste jaar.",
        ),
        ({"says": "getting_worse", "from_year": "1800"}, "from_year", None),
        ({"says": "getting_worse", "to_year": "99999999999999999999"}, "to_year", None),
        ({"says": "stijgt"}, "says", None),
        ({"says": "above", "value": "1", "area": "BU00000000"}, "area", None),
        (
            {"says": "above", "value": "1", "area": ""},
            "area",
            "Kies het gebied waar de bewering over gaat.",
        ),
        ({"says": "above", "value": "1", "indicator": "999999999999999999999"}, "indicator", None),
        ({"says": "above", "value": "1", "sentence": ""}, "sentence", None),
    ],
)
def test_claim_fields_get_dutch_errors(world, worker, row, field, message):
    indicator = nuisance(world.areas)
    fields = {"sentence": "Een bewering", "indicator": indicator.pk, "area": "BU99990101"} | row
    response = worker.post(
        reverse("indicators:factcheck-create"),
        {"title": "T", **management(1), **claim_row(0, **fields)},
    )
    assert response.status_code == 200
    errors = errors_of(response)["rows"][0]
    assert field in errors, errors
    if message:
        assert message in errors[field]
    assert not FactCheck.objects.exists()


def test_a_fact_check_needs_a_title_and_a_claim(worker):
    response = worker.post(reverse("indicators:factcheck-create"), {"title": "", **management(2)})
    errors = errors_of(response)
    assert errors["form"]["title"] == ["Dit veld is vereist."]
    assert errors["all"] == ["Schrijf minstens één bewering op."]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"title": "T"},
        {"title": "T", **management(10**9)},
        {"title": "T", **management(-1)},
        {"title": "T", **management("x")},
        {"title": "T", **management(25)},
        {"title": "T\x00", **management(1), **claim_row(0, sentence="a\x00")},
        {"title": "T", **management(1, initial=1), **claim_row(0, id="99999999999999999999999")},
        {"title": "T", **management(1, initial=1), **claim_row(0, id="abc")},
        {"title": "T" * 10_000, **management(1)},
    ],
)
def test_hostile_forms_never_break_the_page(world, worker, data):
    response = worker.post(reverse("indicators:factcheck-create"), data)
    assert response.status_code == 200
    assert not FactCheck.objects.exists()


def test_a_colleagues_claim_cannot_be_taken_over_through_the_formset(world, check, worker):
    mine = FactCheck.objects.create(title="Mijn", organisation=world.welfare_org)
    stranger = check.claims.first()
    data = {
        "title": "Mijn",
        **management(1, initial=1),
        **claim_row(
            0,
            id=stranger.pk,
            sentence="Overgenomen",
            indicator=stranger.indicator_id,
            area="BU99990101",
            says="above",
            value="1",
        ),
    }
    response = worker.post(reverse("indicators:factcheck-edit", args=[mine.pk]), data)
    assert response.status_code == 200
    assert errors_of(response)["all"] == [
        "Een bewering in het formulier hoort niet (meer) bij deze feitencheck. "
        "Open de feitencheck opnieuw."
    ]
    stranger.refresh_from_db()
    assert stranger.fact_check == check and stranger.sentence != "Overgenomen"


@pytest.mark.parametrize("pk", ["0", "99999999999999999999"])
def test_unknown_ids_are_404(worker, pk):
    assert worker.get(f"/wijkmonitor/feitencheck/{pk}/").status_code == 404
    assert worker.get(f"/wijkmonitor/feitencheck/{pk}/pdf/").status_code == 404
    assert worker.get(f"/wijkmonitor/feitencheck/{pk}/bewerken/").status_code == 404
    assert worker.post(f"/wijkmonitor/feitencheck/{pk}/delen/").status_code == 404


def test_hostile_text_is_escaped_on_the_page_and_in_the_chart(world, check, worker):
    check.title = "<script>alert(1)</script>"
    check.save()
    claim = check.claims.first()
    claim.sentence = '<img src=x onerror="alert(1)">'
    claim.save()
    world.areas.buurt.name = "</svg><script>x</script>"
    world.areas.buurt.save()
    content = worker.get(detail(check)).content.decode()
    assert "<script>alert" not in content and "<img src=x" not in content
    assert "<script>x</script>" not in content


# --- the PDF ------------------------------------------------------------------------------


def test_the_pdf_is_a_pdf_of_the_same_result(check, worker):
    response = worker.get(reverse("indicators:factcheck-pdf", args=[check.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="feitencheck-{check.pk}.pdf"'
    assert response.content.startswith(b"%PDF-")
    assert response.content.rstrip().endswith(b"%%EOF")


def test_the_pdf_holds_the_claims_text_and_charts(check):
    from weasyprint import HTML

    html = print_page(check)
    document = HTML(string=html, url_fetcher=views_factcheck.no_fetching()).render()
    text = " ".join(
        box.text
        for page in document.pages
        for box in _boxes(page._page_box)
        if isinstance(getattr(box, "text", None), str)
    )
    text = " ".join(text.split())
    assert "Feitencheck: Probleemwijk van de toekomst?" in text
    assert "De jeugdoverlast in Oude Haven neemt toe." in text
    assert "Ondersteund" in text and "Niet ondersteund" in text and "Onvoldoende gegevens" in text
    assert "9,3 %" in text and "4,4 procentpunt" in text
    assert html.count("<svg") == 4  # the charts are drawn into the PDF as well
    assert "Bewerken" not in text and "PDF downloaden" not in text


def _boxes(box):
    yield box
    for child in getattr(box, "children", []):
        yield from _boxes(child)


def test_the_pdf_fetches_nothing(monkeypatch):
    asked = []

    def refuse(url, *args, **kwargs):
        asked.append(url)
        raise ValueError("nee")

    monkeypatch.setattr(views_factcheck, "refuse_fetch", refuse)
    html = '<img src="http://example.invalid/x.png"><p>tekst</p>'
    assert pdf_of(html).startswith(b"%PDF-")
    assert asked == ["http://example.invalid/x.png"]
    with pytest.raises(ValueError, match="haalt niets op"):
        monkeypatch.undo()
        views_factcheck.refuse_fetch("file:///etc/passwd")
