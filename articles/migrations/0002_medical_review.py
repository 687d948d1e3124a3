"""The "Medical reviewers" group and the "Medical review" workflow, assigned to
every existing article index (new ones get it when they are created)."""

from django.db import migrations

GROUP = "Medical reviewers"
WORKFLOW = "Medical review"
TASK = "Medical reviewer approval"


def create_medical_review(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ArticleIndexPage = apps.get_model("articles", "ArticleIndexPage")

    group, _ = Group.objects.get_or_create(name=GROUP)
    admin_ct, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_ct, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    group.permissions.add(access_admin)

    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
        task = GroupApprovalTask.objects.create(name=TASK, content_type=task_ct, active=True)
        task.groups.set([group])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)

    # Reviewers open drafts under the index; Wagtail publishes an approved
    # revision as the approving user, which needs publish permission.
    page_ct, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    permissions = [
        Permission.objects.get_or_create(
            content_type=page_ct, codename=codename, defaults={"name": f"Can {codename.split('_')[0]} page"}
        )[0]
        for codename in ("change_page", "publish_page")
    ]
    for index in ArticleIndexPage.objects.all():
        if not WorkflowPage.objects.filter(page_id=index.pk).exists():
            WorkflowPage.objects.create(page_id=index.pk, workflow=workflow)
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page_id=index.pk, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_medical_review, migrations.RunPython.noop)]
