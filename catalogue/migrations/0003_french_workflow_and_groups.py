"""The names editors read in the admin, in French: Wagtail's default moderation workflow and its
task (the button read « Soumettre à Moderators approval »), and its two default groups. Only the
rows still carrying Wagtail's English default names are renamed."""

from django.db import migrations

RENAMES = {
    ("wagtailcore", "Workflow"): {"Moderators approval": "Validation par un modérateur"},
    ("wagtailcore", "Task"): {"Moderators approval": "Validation par un modérateur"},
    ("auth", "Group"): {"Moderators": "Modérateurs", "Editors": "Rédacteurs"},
}


def rename(apps, schema_editor, reverse=False):
    for (app_label, model_name), names in RENAMES.items():
        model = apps.get_model(app_label, model_name)
        for old, new in names.items():
            if reverse:
                old, new = new, old
            model.objects.filter(name=old).update(name=new)


def unrename(apps, schema_editor):
    rename(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_search_title_body_index"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(rename, unrename)]
