"""The 500 page renders without context or database, and with nothing inline (CSP)."""

import re

from django.test import RequestFactory

from kwartier.core.views import server_error


def test_500_page_has_no_inline_style_or_script():
    response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert "Er ging iets mis" in page
    assert "style=" not in page and "<style" not in page
    assert not re.search(r"<script(?![^>]*\ssrc=)", page)
    assert 'rel="stylesheet" href="/static/kwartier/kwartier.css"' in page
