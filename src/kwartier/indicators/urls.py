"""Web pages of the wijkmonitor at /wijkmonitor/."""

app_name = "indicators"

urlpatterns: list = []
