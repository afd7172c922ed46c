"""The contacts page lists every regional correspondent, sorted, with clickable e-mail and phone."""

import pytest
from bs4 import BeautifulSoup

from help.choices import Region
from tests.factories.help import RegionalCorrespondentFactory

pytestmark = pytest.mark.django_db


def correspondent_rows(client):
    response = client.get("/aide/contacts/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    return page, [
        [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
        for row in page.select(".contacts-table tbody tr")
    ]


def test_correspondents_are_sorted_by_order_then_region_name(client, contact_page):
    RegionalCorrespondentFactory(region=Region.OUTRE_MER, name="Paul Hoarau", sort_order=5)
    RegionalCorrespondentFactory(region=Region.ILE_DE_FRANCE, name="Inès Martin", sort_order=5)
    RegionalCorrespondentFactory(region=Region.GRAND_EST, name="Claire Weber", sort_order=5)
    RegionalCorrespondentFactory(region=Region.BRETAGNE, name="Yann Le Goff", sort_order=5)
    RegionalCorrespondentFactory(region=Region.OCCITANIE, name="Zoé Garcia", sort_order=0)

    _page, rows = correspondent_rows(client)

    assert [row[:2] for row in rows] == [
        ["Occitanie", "Zoé Garcia"],
        ["Bretagne", "Yann Le Goff"],
        ["Grand Est", "Claire Weber"],
        ["Île-de-France", "Inès Martin"],
        ["Outre-mer", "Paul Hoarau"],
    ]


def test_each_correspondent_has_mailto_and_tel_links(client, contact_page):
    RegionalCorrespondentFactory(
        region=Region.NORMANDIE,
        name="Luc Lefèvre",
        email="l.lefevre@centrale.example",
        phone="02 31 00 00 00",
    )
    RegionalCorrespondentFactory(region=Region.CORSE, name="Sans Téléphone", phone="")

    page, rows = correspondent_rows(client)

    assert rows[1] == ["Normandie", "Luc Lefèvre", "l.lefevre@centrale.example", "02 31 00 00 00"]
    row = page.select(".contacts-table tbody tr")[1]
    assert row.find("a", href="mailto:l.lefevre@centrale.example")
    assert row.find("a", href="tel:0231000000")
    assert rows[0][-1] == "Non communiqué"


def test_the_table_is_accessible(client, contact_page):
    RegionalCorrespondentFactory()

    page, _rows = correspondent_rows(client)

    table = page.select_one(".contacts-table")
    assert table.caption.get_text(strip=True)
    assert [th["scope"] for th in table.thead.find_all("th")] == ["col"] * 4
    assert table.tbody.th["scope"] == "row"


def test_the_network_is_counted_by_person(client, contact_page):
    for region in (Region.BRETAGNE, Region.PAYS_DE_LA_LOIRE):
        RegionalCorrespondentFactory(region=region, name="Anne Riou", email="a.riou@c.example")
    for index in range(8):
        RegionalCorrespondentFactory(region=Region.GRAND_EST, name=f"Personne {index}")

    page, rows = correspondent_rows(client)

    assert len(rows) == 10
    assert "Un réseau de 9 correspondants régionaux" in page.select_one("#par-region").get_text(
        " ", strip=True
    )


def test_without_correspondents_the_page_says_so(client, contact_page):
    page, rows = correspondent_rows(client)

    assert rows == []
    assert "sera bientôt publiée" in page.select_one("#par-region").get_text()
    assert "Yolande Lerebourg" in page.select_one("#par-region").get_text()
