"""Importing figures: the real CBS Kerncijfers files of Amsterdam (../shared/data/cbs/,
spot checks from its README), CBS's OData keys, a long CSV, and every bad input of the
issue: each a Dutch error with its line number and nothing half imported."""

from decimal import Decimal

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from kwartier.core.models import Area
from kwartier.indicators.importing import ImportFailed, import_file
from kwartier.indicators.models import ImportRun, Indicator, IndicatorValue
from tests.shared_data import SHARED_DATA

CBS = SHARED_DATA / "cbs"

pytestmark = pytest.mark.django_db


def cbs_file(year: int) -> tuple[bytes, str]:
    path = CBS / f"Kerncijfers_wijken_en_buurten_{year}.csv"
    return path.read_bytes(), path.name


def value(code: str, area_code: str | None, year: int) -> Decimal:
    area = Area.objects.get(code=area_code) if area_code else None
    return IndicatorValue.objects.series(Indicator.objects.get(code=code), area)[year]


def test_the_real_amsterdam_files():
    first = import_file(*cbs_file(2017))
    second = import_file(*cbs_file(2019))
    assert (first.format, first.years, first.encoding) == ("cbs", [2017], "UTF-8")
    assert first.regions_read == 580 and len(first.areas_created) == 579  # all but Nederland
    assert second.areas_created == []
    assert value("inwoners", "GM0363", 2017) == 844_947
    assert value("inwoners", "GM0363", 2019) == 862_965
    assert value("65-plussers", "GM0363", 2017) == 102_535
    assert value("65-plussers", "GM0363", 2019) == 107_980
    assert value("inwoners", None, 2017) == 17_081_507  # Nederland
    # `.` decimals in 2017, `,` in 2019, padded with spaces
    assert value("gemiddeld-inkomen", "GM0363", 2017) == Decimal("28.9")
    assert value("gemiddeld-inkomen", "GM0363", 2019) == Decimal("31.3")
    # derived after the import: numerator / denominator x 100
    assert value("aandeel-65-plus", "GM0363", 2017) == Decimal("12.14")
    assert value("aandeel-65-plus", "GM0363", 2019) == Decimal("12.51")
    wijk = Area.objects.get(code="WK036300")
    assert (wijk.name, wijk.level, wijk.parent.code) == ("Burgwallen-Oude Zijde", "wijk", "GM0363")
    assert Area.objects.get(code="BU03630000").parent == wijk
    # the report per column: what was read, what was missing, what was not read
    columns = {c.indicator: c for c in first.columns if c.indicator}
    assert (columns["inwoners"].read, columns["inwoners"].missing) == (580, 0)
    assert columns["bevolkingsdichtheid"].missing == 31
    assert any(c.indicator is None and "Mannen" in c.name for c in first.columns)
    assert ImportRun.objects.count() == 2


def test_running_again_changes_nothing():
    first = import_file(*cbs_file(2017))
    again = import_file(*cbs_file(2017))
    assert again.values.created == again.values.updated == 0
    assert again.values.unchanged == first.values.created
    assert all(c.created == c.updated == 0 for c in again.derived.values())
    assert again.areas_created == []


def test_the_statline_download_matches_names_under_its_municipality():
    import_file(*cbs_file(2017))
    report = import_file(*cbs_file(2015))
    assert (report.format, report.years, report.encoding) == (
        "cbs_statline",
        [2015],
        "UTF-8 met BOM",
    )
    assert value("gemiddeld-inkomen", "GM0363", 2015) == Decimal("26.9")
    jordaan = Area.objects.get(name="Jordaan", parent__code="GM0363")
    assert value("gemiddeld-inkomen", jordaan.code, 2015) == Decimal("32.2")
    skipped = "\n".join(report.regions_skipped)
    assert "regel 7: 'Stadsdeel Centrum': geen wijk of buurt van die naam in Amsterdam" in skipped
    assert "'De Punt': meer dan één gebied van die naam (BU03638300, WK036383)" in skipped


def test_the_statline_download_without_its_municipality_skips_every_region():
    report = import_file(*cbs_file(2015))
    assert report.values.created == 0
    assert "'Amsterdam': geen gemeente van die naam in Kwartier" in report.regions_skipped[0]


ODATA = (
    "ID;WijkenEnBuurten;Gemeentenaam_1;SoortRegio_2;Codering_3;AantalInwoners_5;"
    "k_65JaarOfOuder_12\n"
    "1;Nederland;Nederland;Land;NL00;17407585;3337231\n"
    "2;Gemeente Zeeveen;Zeeveen;Gemeente;GM8888;41000;9000\n"
    "3;Café-wijk;Zeeveen;Wijk;WK888801;4100;.\n"
    "4;Dijkzône;Zeeveen;Buurt;BU88880101;1200;310\n"
)


def test_cbs_odata_keys_with_the_year_given():
    report = import_file(ODATA.encode("cp1252"), "kerncijfers.csv", year=2020)
    assert report.encoding == "Windows-1252"
    assert Area.objects.get(code="WK888801").name == "Café-wijk"
    assert Area.objects.get(code="BU88880101").name == "Dijkzône"
    assert value("inwoners", "BU88880101", 2020) == 1200
    assert value("aandeel-65-plus", "BU88880101", 2020) == Decimal("25.83")
    assert value("inwoners", None, 2020) == 17_407_585
    columns = {c.indicator: c for c in report.columns}
    assert (columns["65-plussers"].read, columns["65-plussers"].missing) == (3, 1)


def test_a_file_without_its_year_needs_one():
    with pytest.raises(ImportFailed, match="noemt geen jaar"):
        import_file(ODATA.encode(), "kerncijfers.csv")


def test_a_year_that_contradicts_the_file():
    with pytest.raises(ImportFailed, match="gaat over 2017, niet over 2018"):
        import_file(*cbs_file(2017), year=2018)


def test_a_dry_run_reports_the_same_and_saves_nothing():
    report = import_file(ODATA.encode(), "k.csv", year=2020, dry_run=True)
    assert report.values.created == 7 and len(report.areas_created) == 3
    assert not IndicatorValue.objects.exists() and not Area.objects.filter(code="GM8888").exists()
    assert not ImportRun.objects.exists()


def long_csv(areas, separator=";", numbers=("1520", "12.5")):
    return (
        f"area_code{separator}indicator{separator}year{separator}value\n"
        f"{areas.buurt.code}{separator}inwoners{separator}2021{separator}{numbers[0]}\n"
        f"{areas.buurt.code}{separator}jeugdoverlast{separator}2021{separator}{numbers[1]}\n"
        f"{areas.gemeente.code}{separator}jeugdoverlast{separator}2021{separator}NA\n"
    )


@pytest.mark.parametrize(
    "text, encode",
    [
        (lambda a: long_csv(a), str.encode),
        (lambda a: long_csv(a, ","), str.encode),
        (lambda a: long_csv(a, ";", ('"1.520"', '"12,5"')), lambda t: b"\xef\xbb\xbf" + t.encode()),
        (lambda a: long_csv(a, ";", ("1.520", "12,5")).replace("value", "waarde"), str.encode),
        (lambda a: long_csv(a, "\t"), lambda t: t.encode("cp1252")),
    ],
    ids=["semicolon", "comma", "bom-dutch-numbers", "dutch-header", "tab-cp1252"],
)
def test_a_long_csv_in_every_form(areas, text, encode):
    report = import_file(encode(text(areas)), "monitor.csv")
    assert report.format == "long" and report.years == [2021]
    assert value("inwoners", areas.buurt.code, 2021) == 1520
    assert value("jeugdoverlast", areas.buurt.code, 2021) == Decimal("12.5")
    columns = {c.indicator: c for c in report.columns}
    assert (columns["jeugdoverlast"].read, columns["jeugdoverlast"].missing) == (1, 1)


def test_dutch_thousands_with_decimals(areas):
    text = f'gebied;indicator;jaar;waarde\n{areas.buurt.code};inwoners;2021;"1.234,5"\n'
    import_file(text.encode(), "m.csv")
    assert value("inwoners", areas.buurt.code, 2021) == Decimal("1234.5")


def failure(data: bytes | str, file_name: str = "monitor.csv", **options) -> list[str]:
    data = data.encode() if isinstance(data, str) else data
    with pytest.raises(ImportFailed) as error:
        import_file(data, file_name, **options)
    return error.value.errors


def test_bad_input_is_refused_whole_with_line_numbers(areas):
    code = areas.buurt.code
    good = f"{code};inwoners;2021;1520\n"
    header = "area_code;indicator;year;value\n"
    cases = {
        "duplicate": (
            header + good + f"{code};inwoners;2021;1530\n",
            ["regel 3:", "regels 2 en 3"],
        ),
        "unknown area": (
            header + good + "BU12345678;inwoners;2021;10\n",
            ["regel 3:", "BU12345678"],
        ),
        "no area code": (header + good + "Lindehof;inwoners;2021;10\n", ["geen CBS-gebiedscode"]),
        "unknown indicator": (header + f"{code};geluk;2021;7\n", ["onbekende indicator 'geluk'"]),
        "derived": (header + f"{code};aandeel-65-plus;2021;7\n", ["wordt berekend uit"]),
        "own": (header + f"{code};open-hulpvragen;2021;7\n", ["eigen cijfer van Kwartier"]),
        "percentage": (
            header + good + f"{code};jeugdoverlast;2021;112\n",
            ["regel 3:", "tussen 0 en 100"],
        ),
        "negative": (header + f"{code};inwoners;2021;-5\n", ["tussen 0 en 10.000.000"]),
        "year": (header + f"{code};inwoners;1890;5\n", ["regel 2:", "tussen 1990"]),
        "not a year": (header + f"{code};inwoners;twintig;5\n", ["'twintig' is geen jaartal"]),
        "not a number": (
            header + f"{code};inwoners;2021;veel\n",
            ["regel 2:", "'veel' is geen getal"],
        ),
        "bad grouping": (header + f'{code};inwoners;2021;"1.23,5"\n', ["geen getal"]),
        "semicolon read as comma": (
            header + f"{code},inwoners,2021,1520\n",
            ["regel 2:", "scheidingsteken"],
        ),
    }
    for name, (text, expected) in cases.items():
        errors = "\n".join(failure(text))
        for part in expected:
            assert part in errors, (name, errors)
    assert not IndicatorValue.objects.exists()
    assert not Area.objects.filter(code="BU12345678").exists()


def test_duplicate_regions_in_a_cbs_table_name_both_lines():
    text = ODATA + "5;Dijkzône;Zeeveen;Buurt;BU88880101;1300;320\n"
    errors = failure(text, year=2020)
    assert errors == ["regel 6: BU88880101 staat twee keer in het bestand (regels 5 en 6)"]
    assert not Area.objects.filter(code="GM8888").exists()


def test_a_buurt_without_its_wijk():
    errors = failure("Codering_3;AantalInwoners_5\nBU77770101;10\n", year=2020)
    assert errors == [
        "regel 2: BU77770101 ligt in WK777701, maar dat gebied staat niet in Kwartier en "
        "niet in het bestand"
    ]


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "Het bestand is leeg."),
        (b"\x00\x01PK\x03\x04" + bytes(100), "geen tekstbestand"),
        (b"naam;leeftijd\nAnna;40\n", "regel 1: dit is geen bestand dat Kwartier kent"),
        (b"area_code;indicator;year;value\n", "geen regels onder de kopregel"),
    ],
)
def test_files_that_are_not_figures(data, message):
    assert message in "\n".join(failure(data))


def test_the_command(areas, capsys, tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_text(long_csv(areas), encoding="utf-8")
    call_command("indicators", "import", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "proefdraai: er is niets opgeslagen" in out and "Waarden nieuw 2" in out
    assert not IndicatorValue.objects.exists()
    call_command("indicators", "import", str(path))
    assert IndicatorValue.objects.count() == 2


def test_the_command_exits_with_status_2(areas, capsys, tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_text(long_csv(areas) + "BU12345678;inwoners;2021;10\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit:
        execute_from_command_line(["kwartier", "indicators", "import", str(path)])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "Niet ingelezen; er is niets opgeslagen." in err and "regel 5:" in err
    with pytest.raises(CommandError, match="Kan .* niet lezen") as error:
        call_command("indicators", "import", str(tmp_path / "weg.csv"))
    assert error.value.returncode == 2
