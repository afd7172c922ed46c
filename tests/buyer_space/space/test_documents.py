"""*Autres documents* and *Fichiers de données*: grouping as in the guide, order, filters,
downloads (names, headers, missing files), the staff's screens and the query counts."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from buyer_space.space.choices import DataFileKind, OtherDocumentCategory
from buyer_space.space.models import DataFile, Newsletter, OtherDocument
from tests.buyer_space.space.test_documents_permissions import grant_document_rights
from tests.factories.buyer_space import (
    AffiliationFactory,
    DataFileFactory,
    NewsletterFactory,
    OtherDocumentFactory,
)
from tests.factories.membership import EstablishmentFactory

pytestmark = pytest.mark.django_db

DOCUMENTS_URL = "/mon-espace/autres-documents/"
DATA_FILES_URL = "/mon-espace/fichiers-de-donnees/"


def section_titles(response):
    return [str(section.title) for section in response.context["sections"]]


def group_contents(response):
    """``{group label: [item ids]}`` in the order shown."""
    return {
        str(label): [item.pk for item in items]
        for section in response.context["sections"]
        for label, items in section.groups
    }


# --- Autres documents --------------------------------------------------------------------


def test_other_documents_are_grouped_as_in_the_guide(world, login):
    day = datetime.date(2024, 3, 1)
    old = OtherDocumentFactory(establishment=world.establishment, published_on=day)
    new = OtherDocumentFactory(
        establishment=world.establishment, published_on=day + datetime.timedelta(days=30)
    )
    guide = OtherDocumentFactory(
        establishment=None, category=OtherDocumentCategory.MEMBER_GUIDE, title="Guide 2024"
    )
    bulletin = OtherDocumentFactory(
        establishment=world.establishment, category=OtherDocumentCategory.CDA_BULLETIN
    )
    geb = OtherDocumentFactory(establishment=None, category=OtherDocumentCategory.GEB)
    OtherDocumentFactory(establishment=world.other, title="Document du voisin")

    response = login(world.admin).get(DOCUMENTS_URL)

    assert response.status_code == 200
    assert section_titles(response) == [
        "Vos documents administratifs",
        "Les fichiers GEB achats responsables",
    ]
    assert group_contents(response) == {
        "Adhésion à la centrale": [new.pk, old.pk],  # newest first
        "Guide de l'adhérent": [guide.pk],
        "Bulletin CDA": [bulletin.pk],
        "Fichiers GEB achats responsables": [geb.pk],
    }
    html = unescape(response.content.decode())
    assert "<h1>Autres documents</h1>" in html
    assert "Tous les établissements adhérents" in html
    assert "Document du voisin" not in html
    assert html.index("Vos documents administratifs") < html.index("Les fichiers GEB")


def test_other_documents_empty_state(world, login):
    html = login(world.admin).get(DOCUMENTS_URL).content.decode()
    assert "Aucun document n'est disponible pour le moment." in html


def test_other_document_download(world, login):
    document = OtherDocumentFactory(
        establishment=world.establishment, title="Convention d'adhésion 2024"
    )
    response = login(world.admin).get(
        reverse("buyer_space:other_document_download", args=[document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 Convention d'adh\xc3\xa9sion 2024"
    assert response["Cache-Control"] in ("private, no-store", "no-store, private")
    assert 'filename="convention-dadhesion-2024.pdf"' in response["Content-Disposition"]


def test_a_file_missing_from_the_storage_answers_404(world, login):
    document = OtherDocumentFactory(establishment=world.establishment)
    data_file = DataFileFactory(establishment=world.establishment)
    document.file.storage.delete(document.file.name)
    data_file.file.storage.delete(data_file.file.name)
    client = login(world.admin)
    assert (
        client.get(reverse("buyer_space:other_document_download", args=[document.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("buyer_space:data_file_download", args=[data_file.pk])).status_code
        == 404
    )
    # The pages still list them, without a size.
    assert client.get(DOCUMENTS_URL).status_code == 200
    assert client.get(DATA_FILES_URL).status_code == 200


def test_pages_and_downloads_refuse_other_methods(world, login):
    document = OtherDocumentFactory(establishment=world.establishment)
    data_file = DataFileFactory(establishment=world.establishment)
    client = login(world.admin)
    for url in (
        DOCUMENTS_URL,
        DATA_FILES_URL,
        reverse("buyer_space:other_document_download", args=[document.pk]),
        reverse("buyer_space:data_file_download", args=[data_file.pk]),
    ):
        assert client.post(url).status_code == 405, url


def test_files_are_private_and_pages_link_only_the_checked_views(world, login, settings):
    document = OtherDocumentFactory(establishment=world.establishment)
    data_file = DataFileFactory(establishment=world.establishment)
    client = login(world.admin)
    pages = client.get(DOCUMENTS_URL).content.decode() + client.get(DATA_FILES_URL).content.decode()
    for field_file in (document.file, data_file.file):
        assert not field_file.path.startswith(str(settings.MEDIA_ROOT))
        assert field_file.name not in pages
    assert "/media/" not in pages


# --- Fichiers de données ------------------------------------------------------------------


def _report(establishment, kind, start):
    return DataFileFactory(
        establishment=establishment,
        kind=kind,
        period_start=start,
        period_end=start + datetime.timedelta(days=6),
    )


def test_data_files_are_grouped_as_in_the_guide_newest_first(world, login):
    jan = _report(world.establishment, DataFileKind.MONTHLY_INTERMEDIARY, datetime.date(2024, 1, 1))
    feb = _report(world.establishment, DataFileKind.MONTHLY_INTERMEDIARY, datetime.date(2024, 2, 1))
    wholesale = _report(
        world.establishment, DataFileKind.MONTHLY_WHOLESALE, datetime.date(2024, 2, 1)
    )
    week = _report(
        world.establishment, DataFileKind.WEEKLY_INTERMEDIARY_BILLING, datetime.date(2024, 2, 5)
    )
    gains = _report(world.establishment, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2024, 1, 1))
    _report(world.other, DataFileKind.MONTHLY_INTERMEDIARY, datetime.date(2024, 3, 1))

    response = login(world.admin).get(DATA_FILES_URL)

    assert response.status_code == 200
    assert section_titles(response) == [
        "Reportings mensuels",
        "Reporting hebdomadaire",
        "Reporting semestriel",
    ]
    assert group_contents(response) == {
        "Mes commandes et ma facturation en centrale d'achat intermédiaire": [feb.pk, jan.pk],
        "Mes commandes et ma facturation en centrale d'achat grossiste (grossiste et location)": [
            wholesale.pk
        ],
        "Ma facturation hebdomadaire (intermédiaire)": [week.pk],
        "Mes gains achats": [gains.pk],
    }
    html = response.content.decode()
    assert "du 01/02/2024 au 07/02/2024" in html
    assert 'name="etablissement"' not in html  # one establishment: nothing to choose


def test_ght_support_admin_sees_and_filters_the_group(world, login):
    mine = _report(world.support, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2024, 1, 1))
    member = _report(world.establishment, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2023, 7, 1))
    _report(world.other, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2024, 1, 1))
    client = login(world.ght_admin)

    response = client.get(DATA_FILES_URL)
    assert group_contents(response)["Mes gains achats"] == [mine.pk, member.pk]
    html = response.content.decode()
    assert 'name="etablissement"' in html
    assert "CH DE TEST" in html and "CHU SUPPORT" in html and "CH VOISIN" not in html

    response = client.get(DATA_FILES_URL, {"etablissement": world.establishment.pk})
    assert group_contents(response)["Mes gains achats"] == [member.pk]
    response = client.get(DATA_FILES_URL, {"annee": 2024})
    assert group_contents(response)["Mes gains achats"] == [mine.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"etablissement": "foreign"},
        {"etablissement": "abc"},
        {"etablissement": "99999999999999999999"},
        {"annee": "1999"},
        {"annee": "deux-mille"},
    ],
)
def test_bad_filters_are_ignored_with_a_french_message(world, login, params):
    mine = _report(world.establishment, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2024, 1, 1))
    _report(world.other, DataFileKind.HALF_YEARLY_GAINS, datetime.date(2024, 1, 1))
    if params.get("etablissement") == "foreign":
        params = {"etablissement": world.other.pk}
    response = login(world.admin).get(DATA_FILES_URL, params)
    assert response.status_code == 200
    assert group_contents(response)["Mes gains achats"] == [mine.pk]
    assert "Un filtre demandé n&#x27;est pas disponible" in response.content.decode()


def test_data_file_download_name(world, login):
    data_file = _report(
        world.establishment, DataFileKind.MONTHLY_WHOLESALE, datetime.date(2024, 2, 1)
    )
    response = login(world.admin).get(
        reverse("buyer_space:data_file_download", args=[data_file.pk])
    )
    acronym = world.establishment.acronym.lower()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert (
        f'filename="mensuel-grossiste-{acronym}-2024-02-01-2024-02-07.xlsx"'
        in response["Content-Disposition"]
    )


def test_private_files_through_the_web_server(world, login, settings):
    settings.PRIVATE_MEDIA_SERVER = "x-accel-redirect"
    data_file = DataFileFactory(establishment=world.establishment)
    response = login(world.admin).get(
        reverse("buyer_space:data_file_download", args=[data_file.pk])
    )
    assert response.status_code == 200
    assert response["X-Accel-Redirect"].endswith(data_file.file.name)
    assert "no-store" in response["Cache-Control"]


# --- Query counts: the same bound at 5 and 300 rows ---------------------------------------


def _many(world, count):
    OtherDocument.objects.bulk_create(
        OtherDocument(
            title=f"Document {index}",
            category=list(OtherDocumentCategory)[index % 4],
            establishment=world.establishment if index % 3 else None,
            file=f"other/document-{index}.pdf",
        )
        for index in range(count)
    )
    kinds = list(DataFileKind)
    DataFile.objects.bulk_create(
        DataFile(
            establishment=world.establishment if index % 2 else world.support,
            kind=kinds[index % 4],
            period_start=datetime.date(2000, 1, 3) + datetime.timedelta(weeks=index),
            period_end=datetime.date(2000, 1, 9) + datetime.timedelta(weeks=index),
            file=f"reports/report-{index}.xlsx",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [5, 300])
@pytest.mark.parametrize(
    ("url", "bound"),
    [
        # Measured: 8 (session, user, affiliations, profile, the list, the header's checks).
        (DOCUMENTS_URL, 8),
        # Measured: 11 (the same, the GHT, the filter's establishments and years).
        (DATA_FILES_URL, 11),
    ],
)
def test_query_count_does_not_grow(world, login, django_assert_max_num_queries, count, url, bound):
    _many(world, count)
    client = login(world.ght_admin)
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200
    shown = sum(section.count for section in response.context["sections"])
    expected = count if url == DATA_FILES_URL else count // 3 + (count % 3 > 0)
    assert shown == expected


# --- The staff's screens ------------------------------------------------------------------


@pytest.fixture
def staff(world):
    grant_document_rights(world.staff)
    return world.staff


def test_staff_upload_an_other_document(world, staff, login):
    client = login(staff)
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide", content_type="application/pdf")
    response = client.post(
        "/admin/space/otherdocument/create/",
        {
            "title": "Guide de l'adhérent 2025",
            "category": OtherDocumentCategory.MEMBER_GUIDE,
            "establishment": "",
            "published_on": "2025-01-15",
            "file": upload,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document = OtherDocument.objects.get()
    assert document.establishment is None
    assert document.file.name.startswith("other/")
    listing = client.get("/admin/space/otherdocument/").content.decode()
    download = reverse("space_otherdocument_download", args=[document.pk])
    assert download in listing
    assert "Tous les établissements adhérents" in listing
    edit = client.get(f"/admin/space/otherdocument/edit/{document.pk}/").content.decode()
    assert download in edit
    assert "/media/" not in edit
    # An admin of an adherent establishment now sees it.
    assert login(world.admin).get(DOCUMENTS_URL).context["sections"][0].count == 1


def test_staff_upload_a_data_file_with_checks(world, staff, login):
    client = login(staff)

    def post(name, start, end):
        return client.post(
            "/admin/space/datafile/create/",
            {
                "establishment": world.establishment.pk,
                "kind": DataFileKind.MONTHLY_INTERMEDIARY,
                "period_start": start,
                "period_end": end,
                "file": SimpleUploadedFile(name, b"PK\x03\x04 rapport"),
            },
        )

    refused = post("rapport.exe", "2024-02-01", "2024-01-31")
    assert refused.status_code == 200
    html = unescape(refused.content.decode())
    assert "La fin de la période ne peut précéder son début." in html
    assert re.search(r"extension de fichier «\s*exe\s*» n.est pas autorisée", html)
    assert not DataFile.objects.exists()

    assert post("rapport.xlsx", "2024-01-01", "2024-01-31").status_code == 302
    data_file = DataFile.objects.get()
    assert data_file.file.name.startswith("reports/")
    response = client.get(reverse("space_datafile_download", args=[data_file.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]

    duplicate = post("rapport.xlsx", "2024-01-01", "2024-01-31")
    assert duplicate.status_code == 200
    assert DataFile.objects.count() == 1
    # The admin of the establishment sees the new report.
    response = login(world.admin).get(DATA_FILES_URL)
    assert group_contents(response)[
        "Mes commandes et ma facturation en centrale d'achat intermédiaire"
    ] == [data_file.pk]


def test_staff_bad_list_filter_is_not_an_error(staff, login):
    response = login(staff).get("/admin/space/datafile/", {"kind": "<script>"})
    assert response.status_code in (200, 302)


def test_staff_edit_newsletters_as_snippets(world, staff, login):
    client = login(staff)
    response = client.post(
        "/admin/snippets/space/newsletter/add/",
        {"name": "La lettre des acheteurs", "description": "Chaque mois.", "sort_order": 1},
    )
    assert response.status_code == 302
    newsletter = Newsletter.objects.get(name="La lettre des acheteurs")
    newsletter.subscribers.add(world.user, world.admin)
    listing = client.get("/admin/snippets/space/newsletter/").content.decode()
    assert "La lettre des acheteurs" in listing
    assert "Abonnés" in listing
    # Buyers choose it in their personal information.
    html = login(world.user).get(reverse("buyer_space:profile")).content.decode()
    assert "La lettre des acheteurs" in html


def test_newsletter_names_are_unique(staff, login):
    NewsletterFactory(name="Lettre")
    response = login(staff).post(
        "/admin/snippets/space/newsletter/add/", {"name": "Lettre", "sort_order": 0}
    )
    assert response.status_code == 200
    assert Newsletter.objects.count() == 1


def test_a_new_admin_elsewhere_sees_only_its_own_documents(world, login):
    clinic = EstablishmentFactory(name="CLINIQUE ADHÉRENTE", member=True)
    admin = AffiliationFactory(establishment=clinic, admin=True).user
    own = OtherDocumentFactory(establishment=clinic)
    for_all = OtherDocumentFactory(establishment=None)
    OtherDocumentFactory(establishment=world.establishment)
    ids = [pk for items in group_contents(login(admin).get(DOCUMENTS_URL)).values() for pk in items]
    assert sorted(ids) == sorted([own.pk, for_all.pk])


def test_the_side_menu_marks_the_current_page(world, login):
    client = login(world.admin)
    html = client.get(DATA_FILES_URL).content.decode()
    assert f'href="{DATA_FILES_URL}" aria-current="page"' in html
    assert f'href="{DOCUMENTS_URL}" aria-current="page"' not in html
    assert 'aria-labelledby="space-nav-titre"' in html
    assert html.count("<h1") == 1
