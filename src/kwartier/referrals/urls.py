"""Web pages of the referrals app."""

urlpatterns: list = []
