"""Personal data never in logs or error reports: no query strings, no form values."""

import logging
import sys

import pytest
from django.test import RequestFactory, override_settings
from django.views.debug import get_exception_reporter_class

from kwartier.accounts.logging import StripQueryStrings, strip_query_strings

NAME = "Jansen"


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def collect():
    """collect(logger_name) → the list its records are formatted into."""
    attached = []

    def attach(name):
        handler = Collect()
        logging.getLogger(name).addHandler(handler)
        attached.append((name, handler))
        return handler.lines

    yield attach
    for name, handler in attached:
        logging.getLogger(name).removeHandler(handler)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("GET /bewoners/?q=Jansen HTTP/1.1", "GET /bewoners/?[…] HTTP/1.1"),
        ("/bewoners/?q=Jansen&gebied=BU1", "/bewoners/?[…]"),
        ('"GET /?next=%2Fbewoners%2F%3Fq%3DJansen HTTP/1.1"', '"GET /?[…] HTTP/1.1"'),
        ("Wie is dit? Niemand.", "Wie is dit? Niemand."),
        ("/bewoners/", "/bewoners/"),
    ],
)
def test_query_strings_are_cut_from_a_line(line, expected):
    assert strip_query_strings(line) == expected


def test_the_development_server_log_has_no_query_strings(collect):
    lines = collect("django.server")
    # As django.core.servers.basehttp.WSGIRequestHandler.log_message logs a request.
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /bewoners/?q=Jansen HTTP/1.1", "200", "5120"
    )
    assert lines == ['"GET /bewoners/?[…] HTTP/1.1" 200 5120']


def test_the_request_log_has_no_query_strings(client_for, collect):
    lines = collect("django.request")
    response = client_for(None).get(f"/bestaat-niet/?q={NAME}")
    assert response.status_code == 404
    assert lines and not any(NAME in line for line in lines)


def test_the_filter_is_attached_in_the_logging_settings():
    for name in ("django.request", "django.server"):
        assert any(isinstance(f, StripQueryStrings) for f in logging.getLogger(name).filters)


def test_a_record_with_named_arguments_is_cleaned():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%(path)s", None, None
    )
    record.args = {"path": f"/bewoners/?q={NAME}"}
    StripQueryStrings().filter(record)
    assert record.getMessage() == "/bewoners/?[…]"


# Error reports -----------------------------------------------------------------------


def error_report(request) -> str:
    def view(request):
        resident = {"family_name": NAME}  # a local variable with personal data
        raise ValueError(f"kapot bij {len(resident)}")

    try:
        view(request)
    except ValueError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
        return reporter.get_traceback_text() + reporter.get_traceback_html()
    raise AssertionError("the view did not fail")


@override_settings(DEBUG=False)
def test_an_error_report_shows_no_form_values_query_or_variables():
    request = RequestFactory().post(
        f"/bewoners/nieuw/?q={NAME}",
        {"given_name": "Anna", "family_name": NAME, "bsn": "123456782"},
        HTTP_REFERER=f"http://testserver/bewoners/?q={NAME}",
    )
    report = error_report(request)
    assert NAME not in report
    assert "Anna" not in report and "123456782" not in report
    assert "family_name" in report  # which fields were sent still shows
    assert "********************" in report
    assert "/bewoners/nieuw/" in report


@override_settings(DEBUG=False)
def test_an_error_report_hides_get_parameters():
    report = error_report(RequestFactory().get(f"/bewoners/?q={NAME}&gebied=BU99990101"))
    assert NAME not in report and "BU99990101" not in report


@override_settings(DEBUG=True)
def test_with_debug_on_the_report_is_complete():
    # A developer's own machine: DEBUG shows everything, as Django's own filter does.
    report = error_report(RequestFactory().post("/bewoners/nieuw/", {"family_name": NAME}))
    assert NAME in report
