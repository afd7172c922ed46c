"""Wagtail's own reports export their CSV with the formula guard of every other export: a page
title an editor typed as ``=HYPERLINK(…)`` reaches the spreadsheet as text."""

import csv
import io

import pytest
from django.urls import reverse

from tests.factories.buyer_space import UserFactory
from tests.factories.catalogue import SectorPageFactory

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://intrus.example","Cliquez")'


@pytest.fixture
def chief(client):
    user = UserFactory(email="chef@centrale.example", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client, user


@pytest.fixture
def tricky_page(catalogue_index, chief):
    _, user = chief
    page = SectorPageFactory(parent=catalogue_index, title=TITLE)
    page.save_revision(user=user).publish(user=user)
    page.locked, page.locked_by = True, user
    page.save()
    return page


@pytest.mark.parametrize("report", ["locked_pages", "site_history"])
def test_a_report_csv_keeps_a_formula_like_title_as_text(chief, tricky_page, report):
    client, _ = chief
    url = reverse(f"wagtailadmin_reports:{report}")
    assert TITLE in client.get(url).content.decode().replace("&quot;", '"')
    response = client.get(url + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    cells = [cell for row in csv.reader(io.StringIO(content)) for cell in row]
    assert "'" + TITLE in cells, content[:500]
    assert TITLE not in cells
