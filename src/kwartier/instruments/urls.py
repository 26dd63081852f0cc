"""Web pages of the instruments app."""

urlpatterns: list = []
