"""Extension points of the catalogue: the plugins (membership, buyer_space) attach here.

The core never imports a plugin. A plugin registers functions under these hook names with
``wagtail.hooks.register`` in its own ``wagtail_hooks.py``:

``register_offer_actions`` — ``fn(request, page, actions)``
    ``actions`` is a dict of :class:`OfferAction` keyed by ``name``, holding the core's defaults
    (``login``, ``ask-question``, ``quote-request``). The function adds, replaces or deletes entries
    in place (e.g. add the subscription bell, replace ``ask-question`` with a real form). For
    an anonymous visitor the offer page's whole content is cached per content version, day and
    URL (``catalogue/offer_page.html``): what this hook, ``register_offer_sections`` and
    ``register_document_access`` give an anonymous visitor must depend on nothing else (plain
    links, such as the login page's with ``next``).

``register_offer_card_actions`` — ``fn(request, offers, actions)``
    The actions of the offer cards of a list (the catalogue, a filière), called once for the whole
    page of cards so that a plugin reads what it needs for all of them at once (one query, never
    one per card). ``offers`` is a list; ``actions`` a dict {offer pk: list of
    :class:`OfferAction`}, empty at first, that the function fills in place. For an anonymous
    visitor the whole list of cards is cached per content version, day and URL
    (``components/offer_list.html``): what a function gives an anonymous visitor must depend on
    nothing else (a plain link, such as the login page's with ``next``).

``register_offer_sections`` — ``fn(request, page)`` returning an :class:`OfferSection` or ``None``
    Extra sections of the offer page (e.g. *Marché en cours*), listed in the in-page menu.

``register_document_access`` — ``fn(user, document)`` returning ``True`` to open a restricted
    document to that user (e.g. the family right *consulter les documents de marché*).

``register_document_access_help`` — ``fn(request, page, documents)`` returning {document pk:
    :class:`DocumentAccessHelp`}
    For the restricted documents this visitor may not download (a list, once per page), what is
    missing and how to get it (e.g. the family right, who grants it and a link to ask for it),
    shown in place of the bare *Réservé aux…* label.

``register_account_links`` — ``fn(request)`` returning a list of :class:`AccountLink`
    The links of the header's account area; when no function returns any, the core shows
    *Se connecter* (or *Administration* for a staff member).

``register_home_tiles`` — ``fn(request)`` returning a list of :class:`HomeTile`
    Tiles added to the home page's shortcuts (e.g. *Créer votre compte*, *Mon espace*), beside
    the core's catalogue, calendar and help tiles.

``register_offer_api_fields`` — ``fn()`` returning a list of :class:`OfferApiField`
    Fields a plugin adds to an offer in the pages API (``/api/v2/pages/``), asked for by name
    like the core's (``?fields=…``) and listed with them in a detail view. They are computed
    from the offer alone: never a query per offer.

``register_footer_links`` — ``fn()`` returning a list of :class:`FooterLink`
    Links added to the footer of every page, beside the core's (catalogue, help, contact,
    accessibility statement, legal notice): e.g. the accounts' privacy notice.

``register_stylesheets`` — ``fn()`` returning a list of static paths
    The style sheets of a plugin's pages and components, linked on every page after the
    core's ``css/site.css``.

``register_demo_seeder`` — ``fn(stdout, options)``
    Called by ``manage.py seed_demo`` once the core's demo content exists, so that a plugin adds
    its own demo data (it must be idempotent, like the command).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks

OFFER_ACTIONS_HOOK = "register_offer_actions"
OFFER_CARD_ACTIONS_HOOK = "register_offer_card_actions"
OFFER_SECTIONS_HOOK = "register_offer_sections"
DOCUMENT_ACCESS_HOOK = "register_document_access"
DOCUMENT_ACCESS_HELP_HOOK = "register_document_access_help"
ACCOUNT_LINKS_HOOK = "register_account_links"
SEED_DEMO_HOOK = "register_demo_seeder"
HOME_TILES_HOOK = "register_home_tiles"
OFFER_API_FIELDS_HOOK = "register_offer_api_fields"
STYLESHEETS_HOOK = "register_stylesheets"
FOOTER_LINKS_HOOK = "register_footer_links"


@dataclass(frozen=True)
class OfferAction:
    """A button of the offer page (*Se connecter*, *Poser une question*, the bell…).

    ``method="post"`` renders a small form with a CSRF token; ``template`` (it receives
    ``action``, ``page`` and ``request``, and ``card`` in a list of offer cards) replaces the
    default rendering altogether.
    """

    name: str
    label: str
    url: str
    method: str = "get"
    css_class: str = "button"
    icon: str = ""
    order: int = 100
    template: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class OfferSection:
    """An extra section of the offer page, rendered with ``template`` below the core sections."""

    anchor: str
    title: str
    template: str
    context: dict = field(default_factory=dict, compare=False, hash=False)
    order: int = 100


@dataclass(frozen=True)
class DocumentAccessHelp:
    """Why a restricted document is closed to this visitor, and the way to open it."""

    message: str
    link_label: str = ""
    link_url: str = ""


@dataclass(frozen=True)
class AccountLink:
    """A link of the header's account area; ``method="post"`` renders a form (e.g. logout)."""

    label: str
    url: str
    method: str = "get"
    css_class: str = ""
    order: int = 100


@dataclass(frozen=True)
class HomeTile:
    """A shortcut tile of the home page."""

    title: str
    text: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class FooterLink:
    """A link of the footer of every page."""

    label: str
    url: str
    order: int = 100


@dataclass(frozen=True)
class OfferApiField:
    """A field of the offer in the pages API: ``value(offer, request)`` gives its JSON value."""

    name: str
    value: Callable[[Any, Any], Any]


def collect_offer_actions(request, page, defaults):
    """The offer's actions: the core's ``defaults`` as amended by every registered function."""
    actions = {action.name: action for action in defaults}
    for fn in hooks.get_hooks(OFFER_ACTIONS_HOOK):
        fn(request, page, actions)
    return sorted(actions.values(), key=lambda action: (action.order, action.name))


def collect_offer_card_actions(request, offers):
    """{offer pk: sorted actions} for a page of offer cards, one call per registered function."""
    offers = list(offers)
    actions = {offer.pk: [] for offer in offers}
    if offers:
        for fn in hooks.get_hooks(OFFER_CARD_ACTIONS_HOOK):
            fn(request, offers, actions)
    return {
        pk: sorted(items, key=lambda action: (action.order, action.name))
        for pk, items in actions.items()
    }


def collect_offer_sections(request, page):
    sections = []
    for fn in hooks.get_hooks(OFFER_SECTIONS_HOOK):
        section = fn(request, page)
        if section is not None:
            sections.append(section)
    return sorted(sections, key=lambda section: section.order)


def document_access_granted(user, document):
    """Whether a registered plugin opens ``document`` to ``user``."""
    return any(fn(user, document) for fn in hooks.get_hooks(DOCUMENT_ACCESS_HOOK))


def collect_document_access_help(request, page, documents):
    """{document pk: :class:`DocumentAccessHelp`} for the closed ``documents`` of the offer
    ``page``, from the plugins."""
    helps = {}
    documents = list(documents)
    if documents:
        for fn in hooks.get_hooks(DOCUMENT_ACCESS_HELP_HOOK):
            helps.update(fn(request, page, documents) or {})
    return helps


def collect_account_links(request):
    links = []
    for fn in hooks.get_hooks(ACCOUNT_LINKS_HOOK):
        links.extend(fn(request) or [])
    return sorted(links, key=lambda link: link.order)


def collect_home_tiles(request, core_tiles):
    """The home page's tiles: the core's and every plugin's, in order."""
    tiles = list(core_tiles)
    for fn in hooks.get_hooks(HOME_TILES_HOOK):
        tiles.extend(fn(request) or [])
    return sorted(tiles, key=lambda tile: tile.order)


def collect_offer_api_fields():
    """{name: :class:`OfferApiField`} of the fields the plugins add to an offer in the API."""
    fields = {}
    for fn in hooks.get_hooks(OFFER_API_FIELDS_HOOK):
        for api_field in fn() or []:
            fields[api_field.name] = api_field
    return fields


def collect_footer_links(core_links):
    """The footer's links: the core's and every plugin's, in order."""
    links = list(core_links)
    for fn in hooks.get_hooks(FOOTER_LINKS_HOOK):
        links.extend(fn() or [])
    return sorted(links, key=lambda link: link.order)


def collect_stylesheets():
    """The static paths of the plugins' style sheets, each once, in registration order."""
    paths = []
    for fn in hooks.get_hooks(STYLESHEETS_HOOK):
        paths.extend(path for path in fn() or [] if path not in paths)
    return paths
