"""Web pages of the methods app."""

urlpatterns: list = []
