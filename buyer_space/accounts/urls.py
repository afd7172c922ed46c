"""The account (``/compte/…``) and the administration of an establishment's users."""

from django.urls import path

from buyer_space.accounts.views import account as accounts
from buyer_space.accounts.views import administration as establishment
from buyer_space.accounts.views import right_requests

urlpatterns = [
    # The account
    path("compte/inscription/", accounts.register, name="register"),
    path("compte/inscription/entite/", accounts.register_entity, name="register_entity"),
    path(
        "compte/inscription/entites.json",
        accounts.entity_suggestions,
        name="register_entity_suggestions",
    ),
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
        "mon-espace/droits/demander/",
        right_requests.request_family_right,
        name="request_family_right",
    ),
    path(
        "mon-espace/utilisateurs/<int:user_id>/supprimer/",
        establishment.delete_user,
        name="delete_user",
    ),
    path("mon-espace/demandes/<str:token>/", establishment.validation_link, name="validation_link"),
]
