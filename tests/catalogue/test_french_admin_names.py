"""The moderation workflow, its task and the default groups carry French names."""

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
