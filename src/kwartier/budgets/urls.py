"""Web pages of the budgets app."""

urlpatterns: list = []
