"""The admin makes the editor's browser call no third-party host (SPEC: China, privacy)."""

import pytest


@pytest.mark.django_db
def test_admin_pages_call_neither_gravatar_nor_wagtails_release_check(client, django_user_model, home):
    # A superuser with an email: Wagtail shows avatars for emails, the update check to superusers.
    editor = django_user_model.objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(editor)

    for url in ("/admin/", f"/admin/pages/{home.pk}/edit/", "/admin/account/"):
        response = client.get(url)
        html = response.content.decode()

        assert response.status_code == 200, url
        assert "gravatar.com" not in html, url
        # The release check is a script (w-upgrade) fetching releases.wagtail.org.
        assert 'data-controller="w-upgrade' not in html, url
        assert "releases.wagtail.org" not in html, url
