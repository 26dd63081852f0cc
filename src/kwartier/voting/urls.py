"""Web pages of the voting app."""

urlpatterns: list = []
