"""Dépôt des conventions, in Mon espace."""

from django.urls import path

from membership.deposits import views as deposit_views

urlpatterns = [
    # Dépôt des conventions
    path("mon-espace/depot-des-conventions/", deposit_views.deposit_home, name="deposits"),
    path(
        "mon-espace/depot-des-conventions/<int:offer_id>/",
        deposit_views.deposit_form,
        name="deposit_form",
    ),
]
