import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.hooks import SPACE_MENU_ITEMS_HOOK, SpaceMenuItem
from catalogue.hooks import (
    ACCOUNT_LINKS_HOOK,
    DOCUMENT_ACCESS_HOOK,
    FOOTER_LINKS_HOOK,
    HOME_TILES_HOOK,
    STYLESHEETS_HOOK,
    AccountLink,
    FooterLink,
    HomeTile,
)
from catalogue.views import login_url
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
