"""Marchés en cours, in Mon espace."""

from django.urls import path

from membership.contracts import views as contracts

urlpatterns = [
    # Marchés en cours
    path("mon-espace/marches/", contracts.contract_list, name="contracts"),
    path("mon-espace/marches/export.xlsx", contracts.contract_export, name="contracts_export"),
    path(
        "mon-espace/marches/<int:contract_id>/",
        contracts.contract_detail,
        name="contract_detail",
    ),
    path(
        "mon-espace/marches/<int:contract_id>/documents/<int:document_id>/",
        contracts.contract_document,
        name="contract_document",
    ),
]
