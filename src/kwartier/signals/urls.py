"""Web pages of the signals app: the resident portal's reporting at /buurt/melden/ and
the staff pages at /meldingen/."""

app_name = "signals"

urlpatterns: list = [
    # Resident portal, no login (portal.py)
    # Staff (views.py)
]
