"""`kwartier serve` under gunicorn, and its access log: one line per request, no query
string, no health probes, plain text or JSON."""

import json
import logging
import subprocess
import sys
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from gunicorn.config import Config

from kwartier import cli
from kwartier.accounts.logging import StripQueryStrings
from kwartier.core.logs import AccessLogger, JsonFormatter

NAME = "Jansen"


def test_serves_on_localhost_with_the_port_given():
    argv = cli.gunicorn_argv("8123", {})
    assert argv[:2] == ["gunicorn", "kwartier.wsgi:application"]
    assert "--bind=127.0.0.1:8123" in argv
    assert f"--workers={cli.default_workers()}" in argv
    assert "--logger-class=kwartier.core.logs.AccessLogger" in argv
    assert "--timeout=120" in argv


def test_the_environment_chooses_the_address_and_the_workers():
    argv = cli.gunicorn_argv("8000", {"KWARTIER_BIND": "0.0.0.0:80", "WEB_CONCURRENCY": "3"})
    assert "--bind=0.0.0.0:80" in argv
    assert "--workers=3" in argv
    assert not any(arg.startswith("--bind=127.0.0.1") for arg in argv)


@pytest.mark.parametrize("value", ["0", "veel", "-2"])
def test_a_wrong_number_of_workers_stops_the_start(value):
    with pytest.raises(SystemExit, match="WEB_CONCURRENCY"):
        cli.gunicorn_argv("8000", {"WEB_CONCURRENCY": value})


def test_further_arguments_go_to_gunicorn_last():
    argv = cli.gunicorn_argv("8000", {}, ["--workers=1", "--reload"])
    assert argv[-2:] == ["--workers=1", "--reload"]  # gunicorn takes the last of a flag


@pytest.mark.parametrize(("cores", "workers"), [(1, 3), (2, 5), (3, 7), (4, 8), (32, 8)])
def test_default_workers_are_two_per_core_plus_one_at_most_eight(cores, workers):
    assert cli.default_workers(cores) == workers


def test_serve_checks_the_installation_then_becomes_gunicorn(monkeypatch):
    calls = []
    monkeypatch.setattr("django.setup", lambda: calls.append("setup"))
    monkeypatch.setattr("django.core.management.call_command", calls.append)
    monkeypatch.setattr(cli.os, "execv", lambda path, args: calls.append((path, args)))
    monkeypatch.setenv("PORT", "8456")
    monkeypatch.delenv("KWARTIER_BIND", raising=False)

    assert cli.main(["serve"]) == 0
    assert calls[:2] == ["setup", "check"]
    path, args = calls[2]
    assert path == sys.executable
    assert args[:3] == [sys.executable, "-m", "gunicorn"]
    assert "--bind=127.0.0.1:8456" in args


# The access log


class Lines(logging.Handler):
    def __init__(self, formatter):
        super().__init__()
        self.setFormatter(formatter)
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def access_lines():
    """access_lines(formatter) → the lines the kwartier.access logger writes with it."""
    logger = logging.getLogger("kwartier.access")
    handlers = []

    def attach(formatter):
        handler = Lines(formatter)
        handler.addFilter(StripQueryStrings())
        logger.addHandler(handler)
        handlers.append(handler)
        return handler.lines

    yield attach
    for handler in handlers:
        logger.removeHandler(handler)


def request(path, query="", status=200, sent=5120):
    """What gunicorn hands AccessLogger.access after a request."""
    response = SimpleNamespace(status_code=status, sent=sent, response_length=None)
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query}
    return response, None, environ, timedelta(milliseconds=12.34)


def test_one_json_line_per_request_without_the_query_string(access_lines):
    lines = access_lines(JsonFormatter())
    AccessLogger(Config()).access(*request("/bewoners/", f"q={NAME}"))

    assert len(lines) == 1
    line = json.loads(lines[0])
    assert line["logger"] == "kwartier.access"
    assert line["level"] == "INFO"
    assert {key: line[key] for key in ("method", "path", "status", "bytes", "duration_ms")} == {
        "method": "GET",
        "path": "/bewoners/",
        "status": 200,
        "bytes": 5120,
        "duration_ms": 12.3,
    }
    assert line["message"] == '"GET /bewoners/" 200 5120 12.3ms'
    assert NAME not in lines[0]


def test_a_query_string_in_the_path_itself_is_cut(access_lines):
    # /bewoners/%3Fq=Jansen arrives as PATH_INFO "/bewoners/?q=Jansen".
    lines = access_lines(JsonFormatter())
    AccessLogger(Config()).access(*request(f"/bewoners/?q={NAME}"))
    assert json.loads(lines[0])["path"] == "/bewoners/?[…]"
    assert NAME not in lines[0]


def test_static_files_sent_with_sendfile_count_their_length(access_lines):
    lines = access_lines(JsonFormatter())
    response, req, environ, took = request("/static/kwartier/kwartier.css", sent=0)
    response.response_length = 12384
    AccessLogger(Config()).access(response, req, environ, took)
    assert json.loads(lines[0])["bytes"] == 12384


@pytest.mark.parametrize("path", ["/health/live", "/health/ready"])
def test_health_probes_are_not_logged(access_lines, path):
    lines = access_lines(JsonFormatter())
    AccessLogger(Config()).access(*request(path))
    assert lines == []


def test_the_text_format_of_the_demo(access_lines):
    text = settings.LOGGING["formatters"]["text"]
    lines = access_lines(logging.Formatter(text["format"], style=text["style"]))
    AccessLogger(Config()).access(*request("/bewoners/", f"q={NAME}", status=404, sent=99))
    assert lines[0].endswith('] "GET /bewoners/" 404 99 12.3ms')


def test_an_exception_is_one_json_line_too():
    try:
        raise ValueError("stuk")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Fout op %s", ("/x",), sys.exc_info()
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == "Fout op /x"
    assert "ValueError: stuk" in parsed["exception"]


def test_the_access_log_goes_to_stdout_without_query_strings():
    config = settings.LOGGING["handlers"]["access"]
    assert config["stream"] == "ext://sys.stdout"
    logger = logging.getLogger("kwartier.access")
    assert not logger.propagate
    (handler,) = [h for h in logger.handlers if type(h) is logging.StreamHandler]
    assert any(isinstance(f, StripQueryStrings) for f in handler.filters)
    # The test run uses the default: text, as in the demo.
    assert settings.LOG_FORMAT == "text"
    assert not isinstance(handler.formatter, JsonFormatter)


def settings_in_a_new_process(tmp_path, log_format, code):
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={
            "DJANGO_SETTINGS_MODULE": "kwartier.settings",
            "KWARTIER_LOG_FORMAT": log_format,
            "KWARTIER_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )


def test_json_logs_in_production(tmp_path):
    code = (
        "import logging; from kwartier.core.logs import JsonFormatter;"
        "print([isinstance(logging.getLogger(n).handlers[0].formatter, JsonFormatter)"
        " for n in ('kwartier.access', '')])"
    )
    result = settings_in_a_new_process(tmp_path, "JSON", code)
    assert result.stdout.strip() == "[True, True]", result.stderr


def test_the_log_format_is_text_or_json(tmp_path):
    result = settings_in_a_new_process(tmp_path, "xml", "")
    assert result.returncode != 0
    assert "KWARTIER_LOG_FORMAT must be text or json, not 'xml'" in result.stderr
