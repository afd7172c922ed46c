"""The permissions Wagtail gives its default groups, for « Rédacteurs » and « Modérateurs ».

Wagtail grants « Can access Wagtail admin » to the groups named Editors and Moderators in
``wagtailadmin.0001``; on a new database that migration runs after ``0003`` has renamed them, so
the French groups never got it and their members could not log in to the admin. Wagtail's
document permissions were given to its own document model; the site's is
``catalogue.CatalogueDocument``: the groups get to add, change and choose those documents in the
root collection, as Wagtail's editors do. Nothing is removed on an existing database.
"""

from django.db import migrations

GROUPS = ["Rédacteurs", "Modérateurs"]
DOCUMENT_PERMISSIONS = {
    "add_document": "Can add document",
    "change_document": "Can change document",
    "choose_document": "Can choose document",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type,
        codename="access_admin",
        defaults={"name": "Can access Wagtail admin"},
    )
    document_type, _ = ContentType.objects.get_or_create(
        app_label="catalogue", model="cataloguedocument"
    )
    document_permissions = [
        Permission.objects.get_or_create(
            content_type=document_type, codename=codename, defaults={"name": name}
        )[0]
        for codename, name in DOCUMENT_PERMISSIONS.items()
    ]
    root = Collection.objects.filter(depth=1).first()
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(access_admin)
        if root is None:
            continue
        for permission in document_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0004_lots_edited_on_the_offer"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
