"""The accounts' privacy notice in the footer of every page (the core's footer-links hook)."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/compte/connexion/", "/mentions-legales/"])
def test_the_privacy_notice_is_in_every_footer(client, page_tree, path):
    html = client.get(path).content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    links = {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)}
    assert links["Données personnelles"] == "/compte/confidentialite/"
    assert list(links)[-1] == "Données personnelles"
