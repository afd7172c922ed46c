"""Fixtures shared by every test: the page tree (root → home → catalogue and help)."""

import os

import pytest
from django.core.cache import cache
from django.db import connection
from wagtail.models import Page, Site

from tests.chromium import CHROMIUM_ARGS, CHROMIUM_PATH
from tests.factories.catalogue import CatalogueIndexPageFactory, HomePageFactory
from tests.factories.help import HelpIndexPageFactory


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test writes its files to its own folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what an earlier test cached (the routing snapshot of
    rolled-back pages and sites, a throttle count) never leaks into the next one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=root)
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Test"
    )
    return home


@pytest.fixture
def catalogue_index(home_page):
    return CatalogueIndexPageFactory(parent=home_page)


@pytest.fixture
def help_index(home_page):
    return HelpIndexPageFactory(parent=home_page)


@pytest.fixture
def page_tree(catalogue_index, help_index):
    """The whole editorial tree: home, /offres/ and /aide/."""
    return {"home": catalogue_index.get_parent(), "catalogue": catalogue_index, "help": help_index}


def pytest_collection_modifyitems(config, items):
    """Skip the tests that need a service this run does not have, saying why."""
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://…")
    has_redis = bool(os.environ.get("REDIS_URL"))
    skip_redis = pytest.mark.skip(reason="needs Redis: set REDIS_URL=redis://127.0.0.1:6379/<db>")
    has_browser = os.path.exists(CHROMIUM_PATH)
    skip_browser = pytest.mark.skip(
        reason=f"needs Chromium at {CHROMIUM_PATH} (Debian: apt install chromium; or CHROMIUM_PATH)"
    )
    for item in items:
        if "browser" in item.keywords and not has_browser:
            item.add_marker(skip_browser)
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not has_redis:
            item.add_marker(skip_redis)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def browser_page(monkeypatch):
    """A page of headless Chromium (Playwright), closed after the test.

    Playwright's synchronous API runs an event loop in the test's thread, which Django takes
    for an async context: the test's own ORM calls are allowed explicitly (Django's advice for
    browser tests).
    """
    from playwright.sync_api import expect, sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        # The suite runs two processes on two cores, next to the live server and Chromium:
        # waits get room rather than failing on a busy machine.
        context.set_default_timeout(20_000)
        expect.set_options(timeout=15_000)
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


@pytest.fixture
def live_site(live_server, page_tree):
    """The live server answers as the test site's host (Wagtail routes by host)."""
    from wagtail.models import Site

    site = Site.objects.get()
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def browser_login(client):
    """``browser_login(page, user, site)``: the browser page shares a session of ``user``."""
    from django.conf import settings as django_settings

    def _login(page, user, site):
        client.force_login(user)
        cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies(
            [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}]
        )
        return page

    return _login


@pytest.fixture
def demo_site(live_server):
    """The demo site (``seed_demo --offers 6``) served by the live server, as its own host."""
    import io

    from django.core.management import call_command

    call_command("seed_demo", offers=6, stdout=io.StringIO())
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    return live_server.url.replace("127.0.0.1", "localhost")
