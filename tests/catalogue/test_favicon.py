"""Every page names its icon, so that no browser asks for a /favicon.ico the site does not serve."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

ICON = re.compile(r'<link rel="icon" href="(?P<url>[^"]+)" type="image/svg\+xml">')


@pytest.mark.parametrize("path", ["/", "/une-page-qui-n-existe-pas/"])
def test_the_pages_name_the_site_icon_and_it_exists(client, catalogue, settings, path):
    html = client.get(path).content.decode()
    match = ICON.search(html)
    assert match, html[:600]
    assert match["url"].startswith(settings.STATIC_URL)
    assert finders.find(match["url"].removeprefix(settings.STATIC_URL))
