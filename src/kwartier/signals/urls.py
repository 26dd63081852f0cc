"""Web pages of the signals app: the resident portal's reporting at /buurt/melden/ and
the staff pages at /meldingen/."""

from django.urls import path

from .views import figures as staff_figures
from .views import maps as staff_maps
from .views import queue as staff_queue
from .views import signal as staff_signal

app_name = "signals"

urlpatterns: list = [
    # Resident portal, no login (portal.py)
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
