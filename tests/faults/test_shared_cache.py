"""One cache for every process: ``check --deploy`` refuses a per-process cache in production, and
a view restriction made in one process is enforced at once by another."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from wagtail.models import Locale, Page, PageViewRestriction, Site

from espace_site.settings.base import redis_cache
from tests.integration.helpers import worker_database_url

from .processes import SiteProcess

pytestmark = pytest.mark.faults


def deploy_check(**environment):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        SECRET_KEY="a-long-random-secret-for-the-deploy-check-" + "x" * 40,
        ALLOWED_HOSTS="espace-acheteur.example",
        DATABASE_URL="sqlite:////tmp/espace-faults-deploy.sqlite3",
        **environment,
    )
    return subprocess.run(  # noqa: S603 (fixed arguments)
        [
            sys.executable,
            "manage.py",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
            "--settings=espace_site.settings.production",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_fails_with_an_error_without_a_shared_cache():
    result = deploy_check()
    assert result.returncode != 0
    assert "ERRORS:" in result.stderr
    assert "(espace_site.E001) The default cache" in result.stderr
    assert "not shared between processes" in result.stderr


def test_check_deploy_is_clean_with_redis():
    result = deploy_check(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def wagtail_root(django_db_serialized_rollback, transactional_db):
    """The tree's root and the default locale, which a transactional test's flush removed."""
    Locale.objects.get_or_create(language_code="fr")
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


@pytest.fixture
def tree(wagtail_root, page_tree):
    """The page tree, committed (the other process reads it)."""
    return page_tree


@pytest.mark.postgres
def test_a_view_restriction_made_in_one_process_is_enforced_at_once_in_another(
    redis_server, settings, tmp_path, tree
):
    other = SiteProcess(
        tmp_path,
        DATABASE_URL=worker_database_url(),
        REDIS_URL=redis_server.url,
        PAGE_CACHE_SECONDS="300",
        CELERY_TASK_ALWAYS_EAGER="true",
    )
    try:
        site = Site.objects.get()
        site.port = other.port
        site.save()
        first = other.request("GET", "/aide/", host="localhost")
        assert first.status == 200, other.log()[-2000:]
        assert any(b"page-cache" in key for key in redis_server.client().keys("*"))

        # With a cache of its own (local memory), this process's purge reaches no other: the
        # section just made private is still served to anonymous visitors over there.
        restriction = PageViewRestriction.objects.create(
            page=tree["help"], restriction_type=PageViewRestriction.LOGIN
        )
        assert other.request("GET", "/aide/", host="localhost").status == 200

        # Sharing the cache (Redis), as every process of the site must: enforced at once.
        settings.CACHES = {"default": redis_cache(redis_server.url)}
        restriction.save()
        response = other.request("GET", "/aide/", host="localhost")
        assert response.status == 302
        assert "login/?next=/aide/" in response.getheader("Location")
    finally:
        other.stop()
