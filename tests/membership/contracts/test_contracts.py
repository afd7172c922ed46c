"""*Marchés en cours*: the list (filters, search, pagination, empty states), the contract page,
its documents, the offer page's section and the query counts."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils import timezone

from membership.contracts.choices import ContractOrigin
from membership.contracts.views import CONTRACTS_PER_PAGE
from tests.factories.buyer_space import AffiliationFactory
from tests.factories.catalogue import OfferPageFactory
from tests.factories.membership import (
    ContractDocumentFactory,
    ContractFactory,
    SubsequentContractFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("membership:contracts")
TODAY = timezone.localdate()
PAST = TODAY - datetime.timedelta(days=400)
SOON = TODAY + datetime.timedelta(days=30)
FAR = TODAY + datetime.timedelta(days=400)


@dataclass
class Contracts:
    mine: object  # CH DE TEST: an ongoing contract, with documents and a subsequent contract
    document: object
    subsequent: object
    subsequent_document: object
    theirs: object  # CH VOISIN
    their_document: object
    support: object  # the GHT's support establishment


def make_contracts(world):
    mine = ContractFactory(
        establishment=world.establishment,
        family=world.families[0],
        number="2024-R001",
        title="Échographes portables",
        start_date=PAST,
        end_date=FAR,
    )
    document = ContractDocumentFactory(contract=mine, title="Convention signée")
    subsequent = SubsequentContractFactory(contract=mine, reference="MS-001", title="Lot 2")
    subsequent_document = ContractDocumentFactory(
        subsequent_contract=subsequent, title="Notification du marché subséquent"
    )
    theirs = ContractFactory(establishment=world.other, number="2024-V001", title="Voisin")
    their_document = ContractDocumentFactory(contract=theirs, title="Pièce du voisin")
    support = ContractFactory(establishment=world.support, number="2024-S001", title="Support")
    return Contracts(
        mine, document, subsequent, subsequent_document, theirs, their_document, support
    )


@pytest.fixture
def contracts(world):
    return make_contracts(world)


def listed(response):
    return [contract.number for contract in response.context["contracts"]]


# --- The list ----------------------------------------------------------------------------


def test_the_list_shows_the_establishments_contracts_only(world, contracts, login):
    response = login(world.user).get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == ["2024-R001"]
    content = response.content.decode()
    assert reverse("membership:contract_detail", args=[contracts.mine.pk]) in content
    assert "Voisin" not in content and "Support" not in content
    assert content.count("<h1") == 1


def test_an_account_of_several_establishments_sees_each_and_filters_by_one(world, contracts, login):
    AffiliationFactory(user=world.user, establishment=world.other)
    client = login(world.user)

    everything = client.get(LIST_URL)
    only_other = client.get(LIST_URL, {"etablissement": world.other.pk})

    assert sorted(listed(everything)) == ["2024-R001", "2024-V001"]
    assert everything.context["several_establishments"]
    assert "CH VOISIN" in everything.content.decode()
    assert listed(only_other) == ["2024-V001"]


def test_an_establishment_that_is_not_the_accounts_is_not_a_filter(world, contracts, login):
    response = login(world.user).get(LIST_URL, {"etablissement": world.other.pk})

    assert response.status_code == 200
    assert listed(response) == ["2024-R001"]  # the foreign id is dropped, with a message
    assert "etablissement" in response.context["form_errors"]


def test_pending_and_staff_accounts_see_an_empty_state(world, contracts, login):
    for account in (world.pending, world.staff):
        response = login(account).get(LIST_URL)

        assert response.status_code == 200
        assert listed(response) == []
        assert "rattachement à un établissement aura été validé" in response.content.decode()


def test_an_establishment_without_contract_shows_its_empty_state(world, login):
    response = login(world.admin).get(LIST_URL)

    assert response.status_code == 200
    assert "ne bénéficie d'aucun marché pour le moment" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("buyer_space:login"))


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("a-venir", ["UPCOMING"]),
        ("en-cours", ["ONGOING"]),
        ("termine", ["ENDED"]),
        ("", ["UPCOMING", "ONGOING", "ENDED"]),
    ],
)
def test_the_status_filter(world, login, status, expected):
    ContractFactory(
        establishment=world.establishment, number="ENDED", start_date=PAST, end_date=PAST
    )
    ContractFactory(
        establishment=world.establishment, number="ONGOING", start_date=PAST, end_date=FAR
    )
    ContractFactory(
        establishment=world.establishment, number="UPCOMING", start_date=SOON, end_date=FAR
    )

    response = login(world.user).get(LIST_URL, {"statut": status})

    assert sorted(listed(response)) == sorted(expected)


def test_statuses_are_shown_in_french(world, login):
    ContractFactory(establishment=world.establishment, start_date=PAST, end_date=PAST)
    ContractFactory(establishment=world.establishment, start_date=SOON, end_date=FAR)

    content = login(world.user).get(LIST_URL).content.decode()

    assert "Terminé" in content and "À venir" in content


def test_the_family_filter(world, login):
    ContractFactory(establishment=world.establishment, number="BIO", family=world.families[0])
    ContractFactory(establishment=world.establishment, number="BAT", family=world.families[1])

    response = login(world.user).get(LIST_URL, {"famille": world.families[1].slug})

    assert listed(response) == ["BAT"]


def test_a_contract_takes_the_family_of_its_offer(world, page_tree):
    offer = OfferPageFactory(parent=page_tree["catalogue"], family=world.families[2])

    contract = ContractFactory(establishment=world.establishment, offer=offer)

    assert contract.family == world.families[2]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2024-R0", ["2024-R001", "2024-R002"]),
        ("r002", ["2024-R002"]),
        ("PORTABLES", ["2024-R001"]),
        ("scanner", ["2024-R002"]),  # the offer's title
        ("Échographes portables", ["2024-R001"]),
        ("imagerie irm", ["2024-R002"]),  # one term in the title, one in the offer's
        ("rien du tout", []),
        pytest.param("écho", ["2024-R001"], marks=pytest.mark.postgres),
        pytest.param("ÉCHOGRAPHES", ["2024-R001"], marks=pytest.mark.postgres),
    ],
)
def test_the_search_covers_number_title_and_offer_title(world, login, page_tree, query, expected):
    offer = OfferPageFactory(parent=page_tree["catalogue"], title="Scanners et IRM")
    ContractFactory(
        establishment=world.establishment, number="2024-R001", title="Échographes portables"
    )
    ContractFactory(
        establishment=world.establishment, number="2024-R002", title="Imagerie", offer=offer
    )

    response = login(world.user).get(LIST_URL, {"q": query})

    assert sorted(listed(response)) == expected


@pytest.mark.parametrize(
    "params",
    [
        {"statut": "n-importe-quoi"},
        {"famille": "inconnue"},
        {"etablissement": "abc"},
        {"etablissement": "99999999999999999999999"},
        {"page": "-3"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"q": "<script>alert(1)</script>"},
        {"q": "%00 ' OR 1=1 --"},
        {"statut": ["en-cours", "termine"]},
    ],
)
def test_garbage_filters_never_fail(world, contracts, login, params):
    response = login(world.user).get(LIST_URL, params)

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_invalid_filters_are_reported_in_french(world, contracts, login):
    response = login(world.user).get(LIST_URL, {"statut": "bidon", "q": "portables"})

    content = response.content.decode()
    assert "Certains critères n'ont pas été pris en compte" in content
    assert "Sélectionnez un choix valide" in content
    assert listed(response) == ["2024-R001"]  # the valid search still applies


def test_the_list_is_paginated_and_keeps_the_filters(world, login):
    for index in range(CONTRACTS_PER_PAGE + 5):
        ContractFactory(
            establishment=world.establishment,
            number=f"P{index:03d}",
            family=world.families[0],
            start_date=PAST + datetime.timedelta(days=index),
        )
    client = login(world.user)

    first = client.get(LIST_URL, {"famille": world.families[0].slug})
    second = client.get(LIST_URL, {"famille": world.families[0].slug, "page": 2})

    assert first.context["result_count"] == CONTRACTS_PER_PAGE + 5
    assert len(listed(first)) == CONTRACTS_PER_PAGE
    assert len(listed(second)) == 5
    assert not set(listed(first)) & set(listed(second))
    assert f"famille={world.families[0].slug}&amp;page=2" in first.content.decode()


# --- The contract page -------------------------------------------------------------------


def test_the_contract_page_shows_dates_offer_origin_documents_and_subsequent_contracts(
    world, login, page_tree
):
    offer = OfferPageFactory(parent=page_tree["catalogue"], title="Échographes de la centrale")
    contract = ContractFactory(
        establishment=world.establishment,
        offer=offer,
        number="2024-R087",
        origin=ContractOrigin.SUBSEQUENT,
        start_date=datetime.date(2024, 2, 1),
        end_date=datetime.date(2099, 1, 31),
    )
    own = ContractDocumentFactory(contract=contract, title="Convention signée")
    subsequent = SubsequentContractFactory(contract=contract, reference="MS-042")
    sub_document = ContractDocumentFactory(subsequent_contract=subsequent, title="Notification")
    SubsequentContractFactory(contract=contract, reference="MS-043")

    response = login(world.user).get(reverse("membership:contract_detail", args=[contract.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "01/02/2024" in content and "31/01/2099" in content
    assert offer.url in content
    assert "Marché subséquent notifié" in content
    assert response.context["documents"] == [own]
    rows = {row.subsequent.reference: row.documents for row in response.context["subsequents"]}
    assert rows == {"MS-042": [sub_document], "MS-043": []}
    for document in (own, sub_document):
        url = reverse("membership:contract_document", args=[contract.pk, document.pk])
        assert url in content
    assert "Aucun document pour ce marché subséquent." in content
    assert "/media/" not in content and "private" not in content


def test_a_contract_without_documents_says_so(world, login):
    contract = ContractFactory(establishment=world.establishment)

    content = (
        login(world.user)
        .get(reverse("membership:contract_detail", args=[contract.pk]))
        .content.decode()
    )

    assert "Aucun document n'a encore été déposé pour ce marché." in content
    assert "Aucun marché subséquent n'a été notifié pour ce marché." in content


def test_a_document_downloads_privately(world, contracts, login):
    url = reverse(
        "membership:contract_document", args=[contracts.mine.pk, contracts.subsequent_document.pk]
    )

    response = login(world.user).get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 piece de marche"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")


def test_the_web_server_sends_the_file_in_production(world, contracts, login, settings):
    settings.PRIVATE_MEDIA_SERVER = "x-accel-redirect"
    url = reverse("membership:contract_document", args=[contracts.mine.pk, contracts.document.pk])

    response = login(world.user).get(url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"].startswith("/protected/contracts/")
    assert response.content == b""
    assert "no-store" in response["Cache-Control"]


def test_a_document_whose_file_is_gone_answers_404(world, contracts, login):
    contracts.document.file.delete(save=False)
    type(contracts.document).objects.filter(pk=contracts.document.pk).update(
        file="contracts/manquant.pdf"
    )
    url = reverse("membership:contract_document", args=[contracts.mine.pk, contracts.document.pk])

    assert login(world.user).get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/mon-espace/marches/0/",
        "/mon-espace/marches/99999999999999999999/",
        "/mon-espace/marches/99999999999999999999/documents/1/",
        "/mon-espace/marches/1/documents/99999999999999999999/",
        "/mon-espace/marches/abc/",
        "/mon-espace/marches/-1/",
    ],
)
def test_impossible_ids_answer_404(world, contracts, login, url):
    assert login(world.user).get(url).status_code == 404


def test_downloads_and_pages_refuse_posts(world, contracts, login):
    client = login(world.user)
    document_url = reverse(
        "membership:contract_document", args=[contracts.mine.pk, contracts.document.pk]
    )

    assert client.post(LIST_URL).status_code == 405
    assert client.post(document_url).status_code == 405


# --- The offer page's section ----------------------------------------------------------------


def test_the_offer_page_links_to_my_contract(world, login, page_tree):
    offer = OfferPageFactory(parent=page_tree["catalogue"])
    contract = ContractFactory(establishment=world.establishment, offer=offer, number="M-77")
    ContractFactory(establishment=world.other, offer=offer, number="M-VOISIN")
    contract_url = reverse("membership:contract_detail", args=[contract.pk])

    mine = login(world.user).get(offer.url).content.decode()
    theirs = login(world.other_admin).get(offer.url).content.decode()

    assert "Mon marché en cours" in mine
    assert 'href="#mon-marche-en-cours"' in mine
    assert contract_url in mine
    assert "M-VOISIN" not in mine
    assert contract_url not in theirs and "M-VOISIN" in theirs


@pytest.mark.parametrize("profile", ["anonymous", "pending", "admin", "ght_admin", "staff"])
def test_no_section_without_a_contract_of_ones_own_on_the_offer(world, login, page_tree, profile):
    offer = OfferPageFactory(parent=page_tree["catalogue"])
    other_offer = OfferPageFactory(parent=page_tree["catalogue"])
    ContractFactory(establishment=world.other, offer=offer)
    if profile == "admin":
        ContractFactory(establishment=world.establishment, offer=other_offer)
    if profile == "pending":
        ContractFactory(establishment=world.establishment, offer=offer)

    response = login(world.account(profile)).get(offer.url)

    assert response.status_code == 200
    assert "Mon marché en cours" not in response.content.decode()


# --- Query counts ------------------------------------------------------------------------------


def _count(client, url, django_assert_max_num_queries, bound):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the per-process caches
    with django_assert_max_num_queries(bound), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx)


# The session, the user, the account's affiliations, then the page's own few queries; the side
# menu of Mon espace and the header add theirs (permissions, profile, unread notifications).
LIST_BOUND = 13
DETAIL_BOUND = 12


def test_the_list_costs_the_same_at_5_and_300_contracts(
    world, login, page_tree, django_assert_max_num_queries
):
    offers = [OfferPageFactory(parent=page_tree["catalogue"]) for _ in range(3)]
    AffiliationFactory(user=world.user, establishment=world.other)
    client = login(world.user)

    def add(count, start):
        for index in range(start, start + count):
            ContractFactory(
                establishment=world.establishment if index % 2 else world.other,
                offer=offers[index % 3],
                family=world.families[index % 3],
                number=f"Q{index:04d}",
            )

    add(5, 0)
    with_5 = _count(client, LIST_URL, django_assert_max_num_queries, LIST_BOUND)
    add(295, 5)
    with_300 = _count(client, LIST_URL, django_assert_max_num_queries, LIST_BOUND)
    filtered = _count(
        client,
        f"{LIST_URL}?q=Q0&statut=en-cours&famille={world.families[0].slug}&page=2",
        django_assert_max_num_queries,
        LIST_BOUND,
    )

    assert client.get(LIST_URL).context["result_count"] == 300
    assert with_300 == with_5
    assert filtered <= with_5 + 1


def test_the_contract_page_costs_the_same_at_5_and_300_documents(
    world, login, page_tree, django_assert_max_num_queries
):
    offer = OfferPageFactory(parent=page_tree["catalogue"])
    contract = ContractFactory(establishment=world.establishment, offer=offer)
    subsequents = SubsequentContractFactory.create_batch(3, contract=contract)
    url = reverse("membership:contract_detail", args=[contract.pk])
    client = login(world.user)

    def add(count, start):
        for index in range(start, start + count):
            subsequent = subsequents[index % 4] if index % 4 < 3 else None
            ContractDocumentFactory(
                contract=contract, subsequent_contract=subsequent, title=f"Pièce {index:04d}"
            )

    add(5, 0)
    with_5 = _count(client, url, django_assert_max_num_queries, DETAIL_BOUND)
    add(295, 5)
    with_300 = _count(client, url, django_assert_max_num_queries, DETAIL_BOUND)

    response = client.get(url)
    shown = len(response.context["documents"]) + sum(
        len(row.documents) for row in response.context["subsequents"]
    )
    assert shown == 300
    assert with_300 == with_5
