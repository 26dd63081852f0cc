"""Web pages of the signals app: the resident portal's reporting at /buurt/melden/ and
the staff pages at /meldingen/."""

from django.urls import path

from . import portal
from .views import figures as staff_figures
from .views import maps as staff_maps
from .views import queue as staff_queue
from .views import signal as staff_signal

app_name = "signals"

urlpatterns: list = [
    # Resident portal, no login (portal.py)
    path("buurt/melden/", portal.ReportWhat.as_view(), name="portal-report"),
    path("buurt/melden/waar/", portal.ReportWhere.as_view(), name="portal-report-where"),
    path("buurt/melden/contact/", portal.ReportContact.as_view(), name="portal-report-contact"),
    path("buurt/melden/versturen/", portal.ReportSend.as_view(), name="portal-report-send"),
    path("buurt/melden/verstuurd/", portal.ReportSent.as_view(), name="portal-report-sent"),
    path("buurt/melden/status/<str:token>/", portal.StatusPage.as_view(), name="portal-status"),
    path("buurt/meldingen/", portal.PublicList.as_view(), name="portal-list"),
    # Staff (views/)
    path("meldingen/", staff_queue.Queue.as_view(), name="queue"),
    path("meldingen/filters/", staff_queue.SavedFilters.as_view(), name="saved-filters"),
    path("meldingen/kaart/", staff_maps.SignalMap.as_view(), name="map"),
    path("meldingen/cijfers/", staff_figures.Figures.as_view(), name="figures"),
    path("meldingen/<str:number>/", staff_signal.SignalDetail.as_view(), name="signal"),
    path(
        "meldingen/<str:number>/fotos/<int:pk>",
        staff_signal.SignalPhotoView.as_view(),
        name="signal-photo",
    ),
    path("buurt/meldingen/kaart/", staff_maps.PublicMap.as_view(), name="public-map"),
]
