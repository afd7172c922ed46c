"""URLs of the buyer space: the account (``/compte/…``) and the space (``/mon-espace/…``)."""

from django.urls import path

from .views import accounts, contracts, dashboard, documents, establishment
from .views import deposits as deposit_views
from .views import exchanges as exchange_views
from .views import notifications as notification_views
from .views import subscriptions as subscription_views

app_name = "buyer_space"

urlpatterns = [
    # The account
    path("compte/inscription/", accounts.register, name="register"),
    path("compte/inscription/entite/", accounts.register_entity, name="register_entity"),
    path(
        "compte/inscription/verifiez-vos-e-mails/",
        accounts.RegisterDoneView.as_view(),
        name="register_done",
    ),
    path("compte/confidentialite/", accounts.PrivacyView.as_view(), name="privacy"),
    path(
        "compte/confirmation/nouveau-lien/",
        accounts.resend_confirmation,
        name="resend_confirmation",
    ),
    path("compte/confirmation/<str:token>/", accounts.confirm_email, name="confirm_email"),
    path("compte/connexion/", accounts.LoginView.as_view(), name="login"),
    path("compte/deconnexion/", accounts.LogoutView.as_view(), name="logout"),
    path(
        "compte/mot-de-passe/oublie/",
        accounts.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "compte/mot-de-passe/oublie/envoye/",
        accounts.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/nouveau/termine/",
        accounts.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "compte/mot-de-passe/nouveau/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "compte/mot-de-passe/modifier/",
        accounts.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "compte/mot-de-passe/modifier/termine/",
        accounts.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
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
    path(
        "mon-espace/etablissements/<int:establishment_id>/",
        establishment.establishment_detail,
        name="establishment_detail",
    ),
    path(
        "mon-espace/etablissements/<int:establishment_id>/utilisateurs/",
        establishment.establishment_users,
        name="establishment_users",
    ),
    path(
        "mon-espace/etablissements/<int:establishment_id>/utilisateurs/nouveau/",
        establishment.create_user,
        name="create_user",
    ),
    path(
        "mon-espace/etablissements/<int:establishment_id>/demandes/<int:affiliation_id>/",
        establishment.decide_affiliation,
        name="decide_affiliation",
    ),
    path("mon-espace/utilisateurs/<int:user_id>/", establishment.user_rights, name="user_rights"),
    path(
        "mon-espace/utilisateurs/<int:user_id>/supprimer/",
        establishment.delete_user,
        name="delete_user",
    ),
    path("mon-espace/demandes/<str:token>/", establishment.validation_link, name="validation_link"),
    # Marchés en cours
    path("mon-espace/marches/", contracts.contract_list, name="contracts"),
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
    # Abonnements aux offres (the bell) and Mes notifications
    path(
        "mon-espace/abonnements/<int:offer_id>/",
        subscription_views.toggle_subscription,
        name="toggle_subscription",
    ),
    path(
        "mon-espace/notifications/",
        notification_views.notification_list,
        name="notifications",
    ),
    path(
        "mon-espace/notifications/tout-marquer-comme-lu/",
        notification_views.mark_all_read,
        name="notifications_mark_all_read",
    ),
    path(
        "mon-espace/notifications/<int:notification_id>/lue/",
        notification_views.mark_read,
        name="notification_mark_read",
    ),
    path(
        "mon-espace/notifications/preferences/",
        subscription_views.preferences,
        name="notification_preferences",
    ),
    path(
        "mon-espace/notifications/preferences/<int:subscription_id>/",
        subscription_views.update_subscription,
        name="update_subscription",
    ),
    # Dépôt des conventions
    path("mon-espace/depot-des-conventions/", deposit_views.deposit_home, name="deposits"),
    path(
        "mon-espace/depot-des-conventions/<int:offer_id>/",
        deposit_views.deposit_form,
        name="deposit_form",
    ),
    # Échanges en cours
    path("mon-espace/echanges/", exchange_views.exchange_list, name="exchanges"),
    path("mon-espace/echanges/nouveau/", exchange_views.exchange_create, name="exchange_create"),
    path("mon-espace/echanges/<int:pk>/", exchange_views.exchange_detail, name="exchange_detail"),
    path(
        "mon-espace/echanges/<int:pk>/pieces-jointes/<int:attachment_id>/",
        exchange_views.exchange_attachment,
        name="exchange_attachment",
    ),
]
