"""Web pages of the budgets app."""

from django.urls import path

from . import views

urlpatterns = [
    path("bewonersbudget/", views.RoundList.as_view(), name="budget-round-list"),
    path("bewonersbudget/nieuw/", views.RoundCreate.as_view(), name="budget-round-create"),
    path("bewonersbudget/importeren/", views.RoundImport.as_view(), name="budget-round-import"),
    path("bewonersbudget/<int:pk>/", views.RoundDetail.as_view(), name="budget-round"),
    path(
        "bewonersbudget/<int:pk>/wijzigen/", views.RoundUpdate.as_view(), name="budget-round-update"
    ),
    path("bewonersbudget/<int:pk>/fase/", views.RoundPhase.as_view(), name="budget-round-phase"),
    path("bewonersbudget/<int:pk>/uitslag/", views.RoundResults.as_view(), name="budget-results"),
    path("bewonersbudget/<int:pk>/export.pb", views.RoundExport.as_view(), name="budget-export"),
    path(
        "bewonersbudget/<int:pk>/initiatieven/nieuw/",
        views.InitiativeCreate.as_view(),
        name="budget-initiative-create",
    ),
    path(
        "bewonersbudget/initiatieven/<int:pk>/",
        views.InitiativeDetail.as_view(),
        name="budget-initiative",
    ),
    path(
        "bewonersbudget/initiatieven/<int:pk>/wijzigen/",
        views.InitiativeUpdate.as_view(),
        name="budget-initiative-update",
    ),
    path(
        "bewonersbudget/initiatieven/<int:pk>/toetsen/",
        views.InitiativeReview.as_view(),
        name="budget-initiative-review",
    ),
    path(
        "bewonersbudget/initiatieven/<int:pk>/uitvoering/",
        views.InitiativeExecution.as_view(),
        name="budget-initiative-execution",
    ),
]
