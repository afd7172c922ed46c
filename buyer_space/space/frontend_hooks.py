import rules
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from buyer_space.space.demo import seed_buyer_space
from buyer_space.space.hooks import (
    SPACE_DASHBOARD_BLOCKS_HOOK,
    SPACE_MENU_ITEMS_HOOK,
    DashboardBlock,
    SpaceMenuItem,
)
from buyer_space.space.services import data_file_count, visible_other_documents
from catalogue.hooks import SEED_DEMO_HOOK, STYLESHEETS_HOOK


@hooks.register(SEED_DEMO_HOOK)
def seed_buyer_space_demo(stdout, options):
    seed_buyer_space(stdout)


@hooks.register(SPACE_MENU_ITEMS_HOOK)
def space_menu_items(request):
    """*Mon tableau de bord* and *Mes informations*; *Autres documents* and *Fichiers de
    données* for the accounts their pages accept."""
    user = request.user
    return [
        SpaceMenuItem(
            key="dashboard",
            label=_("Mon tableau de bord"),
            url=reverse("buyer_space:space"),
            order=10,
        ),
        SpaceMenuItem(
            key="profile",
            label=_("Mes informations"),
            url=reverse("buyer_space:profile"),
            order=20,
            allowed=rules.has_perm("space.edit_profile", user),
        ),
        SpaceMenuItem(
            key="other_documents",
            label=_("Autres documents"),
            url=reverse("buyer_space:other_documents"),
            order=80,
            allowed=rules.has_perm("space.view_other_documents", user),
        ),
        SpaceMenuItem(
            key="data_files",
            label=_("Fichiers de données"),
            url=reverse("buyer_space:data_files"),
            order=90,
            allowed=rules.has_perm("space.view_data_files", user),
        ),
    ]


@hooks.register(SPACE_DASHBOARD_BLOCKS_HOOK)
def space_dashboard_blocks(request):
    """The counters of *Autres documents* and *Fichiers de données*, for the admins."""
    user = request.user
    blocks = []
    if rules.has_perm("space.view_other_documents", user):
        blocks.append(
            DashboardBlock(
                key="other_documents",
                title=_("Autres documents"),
                value=visible_other_documents(user).count(),
                url=reverse("buyer_space:other_documents"),
                order=30,
            )
        )
    if rules.has_perm("space.view_data_files", user):
        blocks.append(
            DashboardBlock(
                key="data_files",
                title=_("Fichiers de données"),
                value=data_file_count(user),
                url=reverse("buyer_space:data_files"),
                order=40,
            )
        )
    return blocks


@hooks.register(STYLESHEETS_HOOK)
def space_stylesheets():
    return ["space/space.css"]
