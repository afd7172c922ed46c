"""Staff screens of the establishments and GHT: list, search, filters, export, edit, rights."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.admin.menu import admin_menu

from membership.establishments.choices import ActivityDomain, GroupRole, LegalStatus
from membership.establishments.models import Establishment, EstablishmentGroup
from tests.factories.membership import EstablishmentFactory, EstablishmentGroupFactory

pytestmark = pytest.mark.django_db

INDEX = "establishments_establishment_modeladmin_index"
CREATE = "establishments_establishment_modeladmin_create"
EDIT = "establishments_establishment_modeladmin_edit"
GROUP_EDIT = "establishments_establishmentgroup_modeladmin_edit"
GROUP_INDEX = "establishments_establishmentgroup_modeladmin_index"


@pytest.fixture
def directory():
    group = EstablishmentGroupFactory.with_support(name="GHT Alliance de Gironde", members=0)
    bordeaux = group.support
    bordeaux.name, bordeaux.acronym, bordeaux.city = "CHU de Bordeaux", "CHUB", "Talence"
    bordeaux.is_member = True
    bordeaux.save()
    libourne = EstablishmentFactory(
        name="CH de Libourne",
        acronym="CHL",
        city="Libourne",
        siret="73282932000074",
        group=group,
        group_role=GroupRole.MEMBER,
        member=True,
    )
    ehpad = EstablishmentFactory(
        name="EHPAD Les Tilleuls",
        acronym="",
        city="Cahors",
        activity_domain=ActivityDomain.MEDICO_SOCIAL,
        legal_status=LegalStatus.PRIVATE_NON_PROFIT,
    )
    return {"group": group, "bordeaux": bordeaux, "libourne": libourne, "ehpad": ehpad}


def listed(response):
    content = response.content.decode()
    return {
        name
        for name in ("CHU de Bordeaux", "CH de Libourne", "EHPAD Les Tilleuls")
        if name in content
    }


class TestList:
    def test_columns(self, admin_client, directory):
        response = admin_client.get(reverse(INDEX))

        assert response.status_code == 200
        content = response.content.decode()
        assert listed(response) == {"CHU de Bordeaux", "CH de Libourne", "EHPAD Les Tilleuls"}
        for text in ("CHL", "73282932000074", "Libourne", "GHT Alliance de Gironde"):
            assert text in content
        for heading in ("Sigle", "N° SIRET", "Ville", "Adhérent de la centrale", "GHT"):
            assert heading in content
        assert "export=xlsx" in content and "export=csv" in content

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("libourne", {"CH de Libourne"}),
            ("CHUB", {"CHU de Bordeaux"}),
            ("73282932000074", {"CH de Libourne"}),
            ("732 829 320 00074", {"CH de Libourne"}),
            ("Cahors", {"EHPAD Les Tilleuls"}),
            ("CH Bordeaux", {"CHU de Bordeaux"}),
            ("introuvable", set()),
        ],
    )
    def test_search(self, admin_client, directory, query, expected):
        response = admin_client.get(reverse(INDEX), {"q": query})

        assert response.status_code == 200
        assert listed(response) == expected

    def test_filters(self, admin_client, directory):
        def names(params):
            response = admin_client.get(reverse(INDEX), params)
            assert response.status_code == 200
            return listed(response)

        assert names({"is_member__exact": "1"}) == {"CHU de Bordeaux", "CH de Libourne"}
        assert names({"is_member__exact": "0"}) == {"EHPAD Les Tilleuls"}
        assert names({"group__id__exact": directory["group"].pk}) == {
            "CHU de Bordeaux",
            "CH de Libourne",
        }
        assert names({"legal_status__exact": LegalStatus.PRIVATE_NON_PROFIT}) == {
            "EHPAD Les Tilleuls"
        }
        assert names({"activity_domain__exact": ActivityDomain.MEDICO_SOCIAL}) == {
            "EHPAD Les Tilleuls"
        }

    @pytest.mark.parametrize(
        "params",
        [
            {"group__id__exact": "abc"},
            {"is_member__exact": "peut-être"},
            {"o": "zz"},
            {"p": "-4"},
            {"inconnu": "1"},
        ],
    )
    def test_garbage_parameters_never_fail(self, admin_client, directory, params):
        response = admin_client.get(reverse(INDEX), params, follow=True)

        assert response.status_code == 200

    def test_markup_is_escaped(self, admin_client):
        EstablishmentFactory(name="<script>alert('x')</script>CH", city="<b>Gras</b>")

        response = admin_client.get(reverse(INDEX))

        content = response.content.decode()
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;CH" in content
        assert "<script>alert('x')" not in content
        assert "<b>Gras</b>" not in content

    def test_query_count_does_not_grow_with_rows(self, admin_client, django_assert_max_num_queries):
        group = EstablishmentGroupFactory()
        EstablishmentFactory.create_batch(30, group=group, group_role=GroupRole.MEMBER)

        with django_assert_max_num_queries(20):
            response = admin_client.get(reverse(INDEX))

        assert response.status_code == 200


class TestExport:
    def test_xlsx(self, admin_client, directory):
        response = admin_client.get(reverse(INDEX), {"export": "xlsx", "is_member__exact": "1"})

        assert response.status_code == 200
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        assert 'filename="etablissements.xlsx"' in response["Content-Disposition"]
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        rows = list(workbook.active.iter_rows(values_only=True))
        assert rows[0][:3] == ("Nom de l'entité juridique", "Sigle", "N° SIRET")
        by_name = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
        assert set(by_name) == {"CHU de Bordeaux", "CH de Libourne"}
        libourne = by_name["CH de Libourne"]
        assert libourne["N° SIRET"] == "73282932000074"
        assert libourne["Adhérent de la centrale"] == "Oui"
        assert libourne["Domaine d'activité"] == "Sanitaire (MCO, SSR, psychiatrie)"
        assert libourne["GHT"] == "GHT Alliance de Gironde"
        assert libourne["Rôle au sein du GHT"] == "Établissement partie"
        assert libourne["Montant des dépenses achats (€ TTC annuel)"] == 1_500_000

    def test_csv(self, admin_client, directory):
        EstablishmentFactory(name='=HYPERLINK("http://x")', acronym="-1+1")

        response = admin_client.get(reverse(INDEX), {"export": "csv"})

        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert 'filename="etablissements.csv"' in response["Content-Disposition"]
        text = b"".join(response.streaming_content).decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert len(rows) == 4
        ehpad = next(
            row for row in rows if row["Nom de l'entité juridique"] == "EHPAD Les Tilleuls"
        )
        assert ehpad["Adhérent de la centrale"] == "Non"
        assert ehpad["Statut de l'entité"] == "Établissement privé à but non lucratif (ESPIC)"
        assert ehpad["GHT"] == ""
        formula = next(row for row in rows if "HYPERLINK" in row["Nom de l'entité juridique"])
        assert formula["Nom de l'entité juridique"] == '\'=HYPERLINK("http://x")'
        assert formula["Sigle"] == "'-1+1"


VALID_POST = {
    "name": "CH de Vierzon",
    "siret": "732 829 320 00074",
    "acronym": "CHV",
    "address": "33 rue Léo Mérigot",
    "postcode": "18100",
    "city": "Vierzon",
    "activity_domain": "sanitaire",
    "legal_status": "public",
    "revenue_title_method": "chorus",
    "annual_purchase_amount": "2 500 000",
    "member_since": "",
    "group": "",
    "group_role": "",
}


class TestEdit:
    def test_create(self, admin_client):
        response = admin_client.post(reverse(CREATE), VALID_POST)

        assert response.status_code == 302
        establishment = Establishment.objects.get()
        assert establishment.siret == "73282932000074"
        assert establishment.annual_purchase_amount == 2_500_000

    def test_create_with_errors_saves_nothing(self, admin_client):
        EstablishmentFactory(siret="73282932000074")

        response = admin_client.post(reverse(CREATE), {**VALID_POST, "postcode": "181"})

        assert response.status_code == 200
        content = response.content.decode()
        assert "Un établissement avec ce N° SIRET existe déjà." in content
        assert "Le code postal doit compter 5 chiffres." in content
        assert Establishment.objects.count() == 1

    def test_edit_form_shows_every_field(self, admin_client, directory):
        response = admin_client.get(reverse(EDIT, args=[directory["libourne"].pk]))

        assert response.status_code == 200
        content = response.content.decode()
        for name in VALID_POST:
            assert f'name="{name}"' in content
        assert 'name="is_member"' in content

    def test_group_support_validation_in_admin(self, admin_client, directory):
        group = directory["group"]

        response = admin_client.post(
            reverse(GROUP_EDIT, args=[group.pk]),
            {"name": group.name, "support": directory["ehpad"].pk},
        )

        assert response.status_code == 200
        assert "doit faire partie de ce GHT" in response.content.decode()
        group.refresh_from_db()
        assert group.support == directory["bordeaux"]

    def test_group_list(self, admin_client, directory):
        response = admin_client.get(reverse(GROUP_INDEX))

        assert response.status_code == 200
        assert "GHT Alliance de Gironde" in response.content.decode()
        assert EstablishmentGroup.objects.get().establishments.count() == 2


def test_menu_groups_the_three_screens(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user

    [group] = [
        item for item in admin_menu.menu_items_for_request(request) if item.name == "etablissements"
    ]

    assert str(group.label) == "Établissements"
    assert group.order == 250
    labels = [str(item.label) for item in group.menu.menu_items_for_request(request)]
    assert labels == ["Établissements", "GHT", "Demandes d'ajout d'entité"]


class TestRights:
    def test_buyer_is_sent_to_the_login(self, client, buyer):
        client.force_login(buyer)

        response = client.get(reverse(INDEX))

        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]

    def test_staff_without_permission_is_refused(self, client, staff_without_permission):
        EstablishmentFactory(name="CH secret")
        client.force_login(staff_without_permission)

        for url in (reverse(INDEX), reverse(CREATE), f"{reverse(INDEX)}?export=csv"):
            response = client.get(url)
            assert response.status_code in (302, 403)
            assert b"CH secret" not in response.content

    def test_establishment_manager_lists_creates_and_exports(self, client, establishment_manager):
        client.force_login(establishment_manager)

        assert client.get(reverse(INDEX)).status_code == 200
        assert client.get(reverse(INDEX), {"export": "csv"}).status_code == 200
        assert client.post(reverse(CREATE), VALID_POST).status_code == 302
        assert establishment_manager.has_perm("establishments.manage_establishments")
