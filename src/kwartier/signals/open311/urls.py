"""/open311/v2/: each endpoint with a .json and a .xml suffix (the path names the format).

Every other path under the prefix answers the specification's 404 error list.
"""

from django.urls import path, re_path

from . import views
from .formats import FORMATS

app_name = "open311"

ENDPOINTS = [
    ("discovery", views.discovery, "discovery"),
    ("services", views.service_list, "services"),
    ("services/<str:code>", views.service_definition, "service"),
    ("requests", views.request_list, "requests"),
    ("requests/<str:number>", views.request_detail, "request"),
    ("tokens/<str:token>", views.token, "token"),
]

urlpatterns = [
    path(f"{route}.{fmt}", view, {"fmt": fmt}, name=f"{name}-{fmt}")
    for route, view, name in ENDPOINTS
    for fmt in FORMATS
] + [re_path(r"", views.not_found)]
