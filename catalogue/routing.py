"""Page routing with fewer queries than Wagtail's, giving the same answers.

Wagtail finds the page of a URL with a query for the site, one for the site's root page, two per
level of the URL (the child, then its specific row) and two for the view restrictions. Every
public page pays for them before it renders anything. Here:

- the sites and the paths of the restricted sections are read once per content version (the
  version the anonymous page cache already moves on every publication, move, deletion, site or
  restriction change: :func:`espace_site.cache.purge_page_cache`) and kept in the cache;
- the pages that have children (home, catalogue, filières, help sections) are kept in the same
  snapshot; the page served is read in one query with its specific row when its parent allows
  one page type only (a filière's offers), else in two;
- a page outside every restricted section (the common case) has no restriction to read.

Pages whose type routes by itself (a ``route()`` of its own, e.g. Wagtail's ``RoutablePageMixin``)
still get the rest of the path through their ``route()``; aliases on the way and multilingual
sites go through Wagtail's routing as before. ``serve`` is Wagtail's page view with the route
found here.
"""

import functools
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site

from espace_site.cache import content_version

SNAPSHOT_TIMEOUT = 24 * 60 * 60
# What the snapshot keeps of the pages that have children (the home page, the catalogue, the
# filières, the help sections): what routing, the breadcrumbs and Wagtail's URLs read of the pages
# on the way. Any other field of such a page is loaded if something reads it.
BRANCH_FIELDS = (
    "id",
    "path",
    "depth",
    "numchild",
    "slug",
    "title",
    "url_path",
    "content_type_id",
    "alias_of_id",
    "live",
    "locale_id",
)

MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)


@dataclass(frozen=True)
class RoutingSnapshot:
    """What routing reads on every request and editors rarely change."""

    sites: tuple
    restricted_paths: tuple
    # {(parent path, slug): values of BRANCH_FIELDS} of every page that has children
    branches: dict

    def find_site(self, hostname, port):
        """The site Wagtail's ``Site.find_for_request`` picks for this host and port."""

        def match(site):
            if site.hostname == hostname:
                if site.port == port:
                    return MATCH_HOSTNAME_PORT
                if site.is_default_site:
                    return MATCH_HOSTNAME_DEFAULT
                return MATCH_HOSTNAME
            return MATCH_DEFAULT

        candidates = sorted(
            (site for site in self.sites if site.hostname == hostname or site.is_default_site),
            key=match,
        )
        if not candidates:
            return None
        if len(candidates) == 1 or match(candidates[0]) in (
            MATCH_HOSTNAME_PORT,
            MATCH_HOSTNAME_DEFAULT,
        ):
            return candidates[0]
        if match(candidates[0]) == MATCH_DEFAULT:
            # The default site, unless exactly one site has the hostname (another port).
            return candidates[len(candidates) == 2]
        return None  # several sites have the hostname, on other ports, and none is the default

    def branch(self, parent, slug):
        """The child of ``parent`` with this slug when it has children itself, or ``None``."""
        values = self.branches.get((parent.path, slug))
        if values is None:
            return None
        page = Page.from_db(DEFAULT_DB_ALIAS, branch_fields(), values)
        page._cached_parent_obj = parent
        return page

    def is_restricted(self, path):
        """Whether a page with this tree path lies in a restricted section (or is one)."""
        return any(path.startswith(restricted) for restricted in self.restricted_paths)


@functools.cache
def branch_fields():
    """``BRANCH_FIELDS`` in the order of the model's columns, as ``Model.from_db`` reads them."""
    return tuple(f.attname for f in Page._meta.concrete_fields if f.attname in BRANCH_FIELDS)


def routing_snapshot(request=None):
    """The snapshot of the current content version (built with three queries when missing)."""
    if request is not None and hasattr(request, "_routing_snapshot"):
        return request._routing_snapshot
    key = f"routing-snapshot:{content_version(request)}"
    snapshot = cache.get(key)
    if snapshot is None:
        fields = branch_fields()
        path, slug = fields.index("path"), fields.index("slug")
        branches = Page.objects.filter(numchild__gt=0).order_by().values_list(*fields)
        snapshot = RoutingSnapshot(
            sites=tuple(Site.objects.select_related("root_page").order_by("pk")),
            restricted_paths=tuple(
                sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))
            ),
            branches={(values[path][: -Page.steplen], values[slug]): values for values in branches},
        )
        cache.set(key, snapshot, SNAPSHOT_TIMEOUT)
    if request is not None:
        request._routing_snapshot = snapshot
    return snapshot


def find_site(request):
    """Wagtail's ``Site.find_for_request``, from the snapshot; cached on the request where
    Wagtail looks for it, so that every later ``Site.find_for_request`` costs nothing."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        request._wagtail_site = routing_snapshot(request).find_site(hostname, request.get_port())
    return request._wagtail_site


def public_q(request=None):
    """Wagtail's ``PageQuerySet.public()`` filter, from the snapshot: no query."""
    query = Q()
    for path in routing_snapshot(request).restricted_paths:
        query &= ~Q(path__startswith=path)
    return query


def has_own_route(page_class):
    return page_class is not None and page_class.route is not Page.route


def _pages_on_path(snapshot, root, components):
    """``[root, child, grandchild, …]``: the pages whose slugs follow ``components``, each
    keeping its parent; shorter than the path where a slug matches no child.

    The pages that have children come from the snapshot; what is left of the path (the page
    served, most often) from the database. A page the snapshot does not know yet (added without
    a publication) is found there too.
    """
    chain = [root]
    for slug in components:
        child = snapshot.branch(chain[-1], slug)
        if child is None:
            break
        chain.append(child)
    rest = components[len(chain) - 1 :]
    if len(rest) == 1:
        leaf = _only_child_type_leaf(chain[-1], rest[0])
        if leaf is not None:
            return [*chain, leaf]
    if rest:
        chain += _pages_from_database(chain[-1], rest)
    return chain


def _only_child_type_leaf(parent, slug):
    """The child of ``parent`` with this slug, read as its specific type in one query, when
    ``parent``'s type allows one child type only (a filière's offers); ``None`` otherwise."""
    parent_class = parent.specific_class
    if parent_class is None:
        return None
    models = parent_class.allowed_subpage_models()
    if len(models) != 1:
        return None
    model = models[0]
    related = getattr(model, "route_select_related", ())
    # By slug and depth (the slug index), the parent's path checked here (see below).
    for page in model._base_manager.select_related(*related).filter(
        slug=slug, depth=parent.depth + 1
    ):
        if page.path.startswith(parent.path):
            page._cached_parent_obj = parent
            return page
    return None


def _pages_from_database(parent, components):
    """The pages below ``parent`` whose slugs follow ``components``, in one query."""
    # By slug and depth only, which the slug index answers; the tree is followed below, each
    # child under the previous page's path (a path-prefix filter led PostgreSQL to read every
    # page of the site through the path index).
    rows = Page.objects.filter(
        depth__gt=parent.depth,
        depth__lte=parent.depth + len(components),
        slug__in=set(components),
    )
    by_parent = {}
    for row in rows:
        by_parent[(row.path[: -Page.steplen], row.slug)] = row
    chain = [parent]
    for slug in components:
        child = by_parent.get((chain[-1].path, slug))
        if child is None:
            break
        child._cached_parent_obj = chain[-1]
        chain.append(child)
    return chain[1:]


def _specific(page, parent):
    """The specific page of a ``Page`` row, with what its type asks to load with it."""
    page_class = page.specific_class
    if page_class is None or isinstance(page, page_class):
        return page
    related = getattr(page_class, "route_select_related", ())
    specific = page_class._base_manager.select_related(*related).get(pk=page.pk)
    specific._cached_parent_obj = parent
    return specific


def route_for_request(request, path):
    """Wagtail's ``Page.route_for_request`` (``(page, args, kwargs)`` or ``None``)."""
    site = find_site(request)
    if site is None:
        return None
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return Page.route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    root = site.root_page
    snapshot = routing_snapshot(request)
    chain = _pages_on_path(snapshot, root, components) if components else [root]
    if any(page.alias_of_id for page in chain):
        return Page.route_for_request(request, path)

    # The first page on the way that routes by itself gets the rest of the path.
    for depth, page in enumerate(chain):
        if has_own_route(page.specific_class):
            handler, remaining = page, components[depth:]
            break
    else:
        if len(chain) <= len(components):
            return None  # a slug matched no child: Wagtail's Page.route answers 404
        handler, remaining = chain[-1], []

    parent = getattr(handler, "_cached_parent_obj", None)
    handler = _specific(handler, parent)
    handler._routing_restricted = snapshot.is_restricted(handler.path)
    try:
        return handler.route(request, remaining)
    except Http404:
        return None


class RoutedPageMixin:
    """For page models: the view restrictions of a page found by :func:`route_for_request`.

    A page outside every restricted section has none, and they are not read; any other page, or
    one found another way, gets Wagtail's answer.
    """

    def get_view_restrictions(self):
        if getattr(self, "_routing_restricted", True) is False:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def serve(request, path):
    """Wagtail's page view, with the route found by :func:`route_for_request`."""
    from wagtail import views as wagtail_views  # needs the app registry: not at model loading

    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = route_for_request(request, path)
    return wagtail_views.serve(request, path)
