from urllib.parse import urlencode

import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.accounts.rules import access
from buyer_space.accounts.services.right_requests import admin_names
from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem
from catalogue.choices import DocumentVisibility
from catalogue.hooks import (
    ACCOUNT_LINKS_HOOK,
    DOCUMENT_ACCESS_HELP_HOOK,
    DOCUMENT_ACCESS_HOOK,
    FOOTER_LINKS_HOOK,
    HOME_TILES_HOOK,
    STYLESHEETS_HOOK,
    AccountLink,
    DocumentAccessHelp,
    FooterLink,
    HomeTile,
)
from catalogue.views import login_url, purchase_families
from espace_site.rules import is_staff_member


@hooks.register(ACCOUNT_LINKS_HOOK)
def account_links(request):
    """The header's account area: log in or register; or my space and log out."""
    user = request.user
    if not user.is_authenticated:
        return [
            AccountLink(label=_("Se connecter"), url=login_url(request), order=10),
            AccountLink(
                label=_("Créer un compte"),
                url=reverse("buyer_space:register"),
                css_class="button button--small button--link",
                order=20,
            ),
        ]
    links = [AccountLink(label=_("Mon espace"), url=reverse("buyer_space:space"), order=10)]
    # Centre staff only: a buyer's pages never load the account's Django permissions.
    if is_staff_member(user) and user.has_perm("wagtailadmin.access_admin"):
        links.append(AccountLink(label=_("Administration"), url="/admin/", order=20))
    links.append(
        AccountLink(
            label=_("Se déconnecter"),
            url=reverse("buyer_space:logout"),
            method="post",
            css_class="button button--small button--link",
            order=90,
        )
    )
    return links


@hooks.register(HOME_TILES_HOOK)
def account_home_tile(request):
    """*Créer votre compte* for a visitor, *Mon espace* once logged in."""
    if not request.user.is_authenticated:
        return [
            HomeTile(
                title=_("Créer votre compte"),
                text=_(
                    "Inscrivez-vous pour suivre les marchés de votre établissement, déposer vos "
                    "conventions et poser vos questions."
                ),
                url=reverse("buyer_space:register"),
                order=30,
            )
        ]
    return [
        HomeTile(
            title=_("Mon espace"),
            text=_(
                "Vos marchés en cours, vos questions, vos notifications et votre établissement."
            ),
            url=reverse("buyer_space:space"),
            order=30,
        )
    ]


@hooks.register(DOCUMENT_ACCESS_HOOK)
def open_market_documents(user, document):
    """Restricted offer documents open to the accounts of adherent establishments, as
    ``accounts.open_offer_document`` says (the account's access is read once per request)."""
    return rules.has_perm("accounts.open_offer_document", user, document)


@hooks.register(DOCUMENT_ACCESS_HELP_HOOK)
def explain_closed_documents(request, page, documents):
    """What a logged-in buyer lacks for each closed document, and who opens it: a validated
    account, an adherent establishment, or the family right its administrators grant."""
    user = request.user
    account = access(user)
    if account is None or not account.member_ids:
        return {
            document.pk: DocumentAccessHelp(
                message=_(
                    "Votre compte doit d'abord être validé par un administrateur de votre "
                    "établissement."
                ),
                link_label=_("Voir l'état de ma demande"),
                link_url=reverse("buyer_space:space"),
            )
            for document in documents
        }
    helps = {}
    family_names = None
    names = None
    for document in documents:
        if document.visibility == DocumentVisibility.MEMBERS or not account.adherent_member_ids:
            helps[document.pk] = DocumentAccessHelp(
                message=_(
                    "Réservé aux établissements adhérents de la centrale : le vôtre ne l'est pas "
                    "encore."
                ),
                link_label=_("Adhérer à la centrale"),
                link_url="/aide/",
            )
        elif document.visibility == DocumentVisibility.FAMILY and document.family_id:
            if family_names is None:
                family_names = {family.pk: family.name for family in purchase_families(request)}
                names = admin_names(user)
            family = family_names.get(document.family_id, "")
            granted_by = (
                _("Ce droit est accordé par l'administrateur de votre établissement : %(names)s.")
                % {"names": ", ".join(names)}
                if names
                else _("Votre établissement n'a pas d'administrateur actif pour l'accorder.")
            )
            helps[document.pk] = DocumentAccessHelp(
                message=_(
                    "Il vous faut le droit « Consulter les documents de marché » de la famille "
                    "%(family)s."
                )
                % {"family": family}
                + " "
                + granted_by,
                link_label=_("Demander ce droit") if names else "",
                link_url=(
                    reverse("buyer_space:request_family_right")
                    + "?"
                    + urlencode({"famille": document.family_id, "offre": page.pk})
                    if names
                    else ""
                ),
            )
    return helps


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def establishment_menu_item(request):
    """*Mon établissement* in the side menu of *Mon espace*, for an active account."""
    return [
        SpaceMenuItem(
            key="establishment",
            label=_("Mon établissement"),
            url=reverse("buyer_space:my_establishment"),
            order=30,
            allowed=rules.has_perm("accounts.active_account", request.user),
        )
    ]


@hooks.register(STYLESHEETS_HOOK)
def accounts_stylesheets():
    return ["accounts/accounts.css"]


@hooks.register(FOOTER_LINKS_HOOK)
def privacy_footer_link():
    """*Données personnelles*: the accounts' privacy notice, in the footer of every page."""
    return [
        FooterLink(label=_("Données personnelles"), url=reverse("buyer_space:privacy"), order=80)
    ]
