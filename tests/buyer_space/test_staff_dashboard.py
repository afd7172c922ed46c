"""The Wagtail dashboard's *À traiter* panel: what waits for the centre's staff, each line from
the app that owns it (``register_staff_work_items``), shown only to whom may handle it."""

import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.reports.choices import ReportScope, ReportStatus
from buyer_space.reports.models import Report
from buyer_space.space.choices import DataFileKind
from membership.establishments.choices import EntityRequestStatus
from tests.factories.buyer_space import ExchangeFactory, UserFactory
from tests.factories.membership import EntityRequestFactory

pytestmark = pytest.mark.django_db

LINES = {
    "entity_requests": "Demandes d&#x27;ajout d&#x27;entité à vérifier",
    "affiliations": "Rattachements à valider (établissements sans administrateur)",
    "deposits": "Dépôts de conventions à traiter",
    "exchanges": "Échanges en attente d&#x27;une réponse",
    "reports": "Rapports en échec",
}


def panel_counts(html):
    """{label: count} of the panel's lines."""
    return {
        label: int(count)
        for label, count in re.findall(
            r'<a href="[^"]+">([^<]+)</a> : <strong>(\d+)</strong>', html
        )
    }


def test_a_superuser_sees_every_count_with_its_link(client, world):
    EntityRequestFactory.create_batch(2)
    EntityRequestFactory(status=EntityRequestStatus.REFUSED)
    ExchangeFactory(establishment=world.establishment, author=world.user)
    ExchangeFactory(
        establishment=world.establishment, author=world.user, status=ExchangeStatus.CLOSED
    )
    for status, month in ((ReportStatus.FAILED, 1), (ReportStatus.READY, 2)):
        Report.objects.create(
            kind=DataFileKind.MONTHLY_INTERMEDIARY,
            period_start=datetime.date(2026, month, 1),
            period_end=datetime.date(2026, month, 28),
            scope=ReportScope.ESTABLISHMENT,
            establishment=world.establishment,
            status=status,
        )
    client.force_login(UserFactory(email="chef@centrale.example", is_staff=True, is_superuser=True))

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "À traiter" in html
    assert panel_counts(html) == {
        LINES["entity_requests"]: 2,
        LINES["affiliations"]: 1,  # EHPAD SANS ADMIN's pending request
        LINES["deposits"]: 0,
        LINES["exchanges"]: 1,
        LINES["reports"]: 1,
    }
    assert f'href="{reverse("reports_report_modeladmin_index")}?status__exact=echec"' in html
    assert (
        f'href="{reverse("establishments_entityrequest_modeladmin_index")}?status__exact=en-attente"'
        in html
    )


def test_each_line_needs_its_own_permission(client, world):
    agent = world.staff  # centre staff with admin access only
    agent.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="deposits", codename="change_conventiondeposit"
        )
    )
    client.force_login(agent)

    counts = panel_counts(client.get(reverse("wagtailadmin_home")).content.decode())

    assert set(counts) == {LINES["affiliations"], LINES["deposits"]}


def test_the_panel_is_absent_when_nothing_may_be_handled(client, world, settings):
    editor = UserFactory(email="redactrice@centrale.example", is_staff=False)
    editor.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    client.force_login(editor)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "À traiter" not in html


def test_an_empty_staff_list_reads_as_french_for_any_noun(client):
    client.force_login(UserFactory(email="chef@centrale.example", is_staff=True, is_superuser=True))

    html = client.get(reverse("accounts_affiliation_modeladmin_index")).content.decode()

    assert (
        "Aucun élément pour l&#x27;instant dans" in html
        or "Aucun élément pour l'instant dans" in html
    )
    assert "n&#x27;a été créé(e)" not in html and "n'a été créé(e)" not in html
