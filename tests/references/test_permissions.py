"""Filling an existing shared reference changes it for every article and trial citing
it: that needs change_reference, adding new references needs only add_reference."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from portal.references.models import Reference
from portal.references.services import reference_upsert
from tests.references.helpers import fixture_bytes

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/references/import/"


def _editor(django_user_model, *codenames: str):
    user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    group = Group.objects.create(name="Reference editors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="references", codename__in=codenames),
    )
    user.groups.add(group)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def shared():
    """A reference cited elsewhere, with only its PMID and a short title."""
    return Reference.objects.create(pmid="38227308", title="TREASURE")


def test_with_add_reference_only_the_import_reports_the_differences_and_changes_nothing(
    client, django_user_model, shared
):
    client.force_login(_editor(django_user_model, "add_reference"))
    before = Reference.objects.values().get(pk=shared.pk)
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("t.ris", fixture_bytes("treasure.ris"))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "0 created, 0 updated, 1 unchanged, 1 with differences" in html
    assert "Not changed: filling existing references needs the permission to change them." in html
    assert "doi: stored “”, file “10.1001/jamaneurol.2023.5200”" in html
    assert Reference.objects.values().get(pk=shared.pk) == before
    assert not ModelLogEntry.objects.filter(action="references.import_fill").exists()


def test_with_change_reference_the_import_fills_the_empty_fields(client, django_user_model, shared):
    client.force_login(_editor(django_user_model, "add_reference", "change_reference"))
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("t.ris", fixture_bytes("treasure.ris"))})
    assert "0 created, 1 updated" in response.content.decode()
    shared.refresh_from_db()
    assert (shared.doi, shared.title) == ("10.1001/jamaneurol.2023.5200", "TREASURE")


def test_add_reference_still_creates_new_references(django_user_model):
    user = _editor(django_user_model, "add_reference")
    created = reference_upsert(fields={"pmid": "1", "title": "New"}, user=user)
    again = reference_upsert(fields={"pmid": "1", "title": "New", "journal": "Stroke"}, user=user)
    assert created.created and not again.created
    assert (again.read_only, again.filled, again.conflicts) == (True, [], {"journal": ("", "Stroke")})
    assert Reference.objects.get().journal == ""
    # Commands and tasks run without a user, as the operator: they fill.
    assert reference_upsert(fields={"pmid": "1", "journal": "Stroke"}).filled == ["journal"]
