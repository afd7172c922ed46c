"""The moderation workflow, its task and the default groups carry French names."""

import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Task, Workflow

pytestmark = pytest.mark.django_db


def test_the_default_workflow_task_and_groups_are_named_in_french():
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Validation par un modérateur"]
    assert list(Task.objects.values_list("name", flat=True)) == ["Validation par un modérateur"]
    assert set(Group.objects.values_list("name", flat=True)) >= {"Modérateurs", "Rédacteurs"}
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()


def test_the_submit_button_names_the_french_workflow(admin_client, home_page):
    html = admin_client.get(
        f"/admin/pages/add/catalogue/catalogueindexpage/{home_page.pk}/"
    ).content.decode()

    assert "Moderators approval" not in html
    assert "Validation par un modérateur" in html


def test_the_french_groups_keep_wagtails_admin_and_document_permissions(client, django_user_model):
    """« Rédacteurs » and « Modérateurs » were renamed before Wagtail gave its Editors and
    Moderators the admin's access: their members can log in to the admin and choose documents."""
    for name in ("Rédacteurs", "Modérateurs"):
        user = django_user_model.objects.create_user(username=f"membre-{name}", password="x")
        user.groups.add(Group.objects.get(name=name))
        assert user.has_perm("wagtailadmin.access_admin")
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/documents/chooser/").status_code == 200


def test_the_admin_login_names_its_fields_in_french(client):
    html = client.get("/admin/login/").content.decode()
    assert re.search(r"<label[^>]*for=\"id_password\"[^>]*>\s*Mot de passe", html), html
    assert ">Password<" not in html and "Password\n" not in html
