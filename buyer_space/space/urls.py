"""Mon espace: the dashboard, personal information, other documents and data files."""

from django.urls import path

from buyer_space.space.views import dashboard, documents

urlpatterns = [
    # The buyer's space
    path("mon-espace/", dashboard.dashboard_view, name="space"),
    path("mon-espace/mes-informations/", dashboard.edit_profile, name="profile"),
    path("mon-espace/mon-etablissement/", dashboard.my_establishment, name="my_establishment"),
    path("mon-espace/autres-documents/", documents.other_documents, name="other_documents"),
    path(
        "mon-espace/autres-documents/<int:pk>/telecharger/",
        documents.download_other_document,
        name="other_document_download",
    ),
    path("mon-espace/fichiers-de-donnees/", documents.data_files, name="data_files"),
    path(
        "mon-espace/fichiers-de-donnees/<int:pk>/telecharger/",
        documents.download_data_file,
        name="data_file_download",
    ),
]
