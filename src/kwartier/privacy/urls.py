from django.urls import path

from . import views

urlpatterns = [
    path(
        "bewoners/<str:public_id>/toestemmingen/", views.ConsentList.as_view(), name="consent-list"
    ),
    path(
        "bewoners/<str:public_id>/toestemmingen/<int:pk>/intrekken/",
        views.ConsentWithdraw.as_view(),
        name="consent-withdraw",
    ),
    path(
        "bewoners/<str:public_id>/toestemmingen/<int:pk>/formulier/",
        views.ConsentPrint.as_view(),
        name="consent-print",
    ),
    path("bewoners/<str:public_id>/inzage/", views.PersonExport.as_view(), name="person-export"),
    path("bewoners/<str:public_id>/wissen/", views.PersonErase.as_view(), name="person-erase"),
    path("toegangslog/", views.AccessLogList.as_view(), name="accesslog-list"),
    path("wisverslagen/", views.ErasureList.as_view(), name="erasure-list"),
]
