"""Extension points of *Mon espace*: the apps of the buyers' space and membership attach here.

``buyer_space.space`` draws the side menu and the dashboard of *Mon espace* but knows none of
the pages the other apps add to it: each app registers its own entries, with
``wagtail.hooks.register``, in its own ``frontend_hooks.py`` (imported by its ``AppConfig.ready``).
Adding a plugin never means editing another one.

``register_space_menu_items`` — ``fn(request)`` returning a list of :class:`SpaceMenuItem`
    The links of the side menu, sorted by ``order`` (then ``key``). The function decides who sees
    an entry through its app's ``rules`` predicate: it returns nothing for an account the page
    refuses, or sets ``allowed=False`` (the permission already computed). A page marks its entry
    current by including the menu with its key:
    ``{% include "space/includes/space_nav.html" with active="contracts" %}``.

``register_space_dashboard_blocks`` — ``fn(request)`` returning a list of :class:`DashboardBlock`
    The counters of *Mon tableau de bord* (shown to an active account only), sorted by ``order``
    (then ``key``). A block with a ``template`` is rendered with it (it receives ``block`` and
    ``request``) instead of the default counter.

Both are called at most once per request (the result is kept on the request). A function
must cost a fixed number of queries, whatever the number of rows, and none at all for an
account that does not see its entry.
"""

from dataclasses import dataclass, field

from wagtail import hooks

SPACE_MENU_ITEMS_HOOK = "register_space_menu_items"
SPACE_DASHBOARD_BLOCKS_HOOK = "register_space_dashboard_blocks"

_MENU_ATTR = "_space_menu_items"
_BLOCKS_ATTR = "_space_dashboard_blocks"


@dataclass(frozen=True)
class SpaceMenuItem:
    """A link of the side menu of *Mon espace*.

    ``key`` is the ``active`` value of the pages that mark this entry current; ``active_match``
    adds other such values (several pages under one entry). ``count``, when not ``None``, shows
    as a badge after the label.
    """

    key: str
    label: str
    url: str
    order: int = 100
    allowed: bool = True
    active_match: tuple = ()
    count: int | None = None

    def is_active(self, active):
        return bool(active) and (active == self.key or active in self.active_match)


@dataclass(frozen=True)
class DashboardBlock:
    """A counter of *Mon tableau de bord*: ``value`` items, linking to ``url``."""

    key: str
    title: str
    value: int
    url: str
    order: int = 100
    template: str = ""
    context: dict = field(default_factory=dict, compare=False, hash=False)


def _sorted(items):
    return sorted(items, key=lambda item: (item.order, item.key))


def collect_space_menu_items(request):
    """The side menu's entries the account may see, sorted, computed once per request."""
    items = getattr(request, _MENU_ATTR, None)
    if items is None:
        items = []
        for fn in hooks.get_hooks(SPACE_MENU_ITEMS_HOOK):
            items.extend(item for item in fn(request) or [] if item.allowed)
        items = _sorted(items)
        setattr(request, _MENU_ATTR, items)
    return items


def collect_dashboard_blocks(request):
    """The dashboard's blocks, sorted, computed once per request."""
    blocks = getattr(request, _BLOCKS_ATTR, None)
    if blocks is None:
        blocks = []
        for fn in hooks.get_hooks(SPACE_DASHBOARD_BLOCKS_HOOK):
            blocks.extend(fn(request) or [])
        blocks = _sorted(blocks)
        setattr(request, _BLOCKS_ATTR, blocks)
    return blocks
