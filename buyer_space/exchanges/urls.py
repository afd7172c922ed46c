"""Échanges en cours."""

from django.urls import path

from buyer_space.exchanges import views as exchange_views

urlpatterns = [
    # Échanges en cours
    path("mon-espace/echanges/", exchange_views.exchange_list, name="exchanges"),
    path(
        "mon-espace/echanges/export.xlsx", exchange_views.exchange_export, name="exchanges_export"
    ),
    path("mon-espace/echanges/nouveau/", exchange_views.exchange_create, name="exchange_create"),
    path("mon-espace/echanges/<int:pk>/", exchange_views.exchange_detail, name="exchange_detail"),
    path(
        "mon-espace/echanges/<int:pk>/pieces-jointes/<int:attachment_id>/",
        exchange_views.exchange_attachment,
        name="exchange_attachment",
    ),
]
