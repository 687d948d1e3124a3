"""Editors compose newsletter issues (add, change, preview, send a test) and see the
subscriber list. Sending to subscribers is a permission of its own, given to nobody
here: an administrator grants "Can send newsletter issues" to the people who may."""

from django.db import migrations

PERMISSIONS = {
    ("newsletterissue", "add_newsletterissue"): "Can add newsletter issue",
    ("newsletterissue", "change_newsletterissue"): "Can change newsletter issue",
    ("newsletterissue", "view_newsletterissue"): "Can view newsletter issue",
    ("subscriber", "view_subscriber"): "Can view subscriber",
}


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    for (model, codename), name in PERMISSIONS.items():
        # Permissions are normally created after all migrations (post_migrate): make them now.
        content_type, _ = ContentType.objects.get_or_create(app_label="newsletter", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        editors.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        codenames = [codename for _model, codename in PERMISSIONS]
        editors.permissions.remove(
            *Permission.objects.filter(content_type__app_label="newsletter", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),  # creates the Editors group
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
