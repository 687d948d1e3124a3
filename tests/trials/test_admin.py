import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from .factories import TrialPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(user)
    return client


def test_trial_is_editable_in_the_admin(admin_client, trial_index):
    trial = TrialPageFactory(parent=trial_index, acronym="PASSIoN")
    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[trial.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "summary_zh_hant" in html and "registry_ids-" in html and "needs_translation" in html


def test_trial_can_be_created_in_the_admin(admin_client, trial_index):
    url = reverse("wagtailadmin_pages:add", args=["trials", "trialpage", trial_index.pk])
    assert admin_client.get(url).status_code == 200


def test_admin_lists_trials_needing_translation(admin_client, trial_index):
    TrialPageFactory(parent=trial_index, acronym="UNTRANSLATED", needs_translation=True)
    TrialPageFactory(parent=trial_index, acronym="TRANSLATED", needs_translation=False)
    html = admin_client.get(reverse("trials:index") + "?needs_translation=true").content.decode()
    assert "UNTRANSLATED" in html
    assert ">TRANSLATED<" not in html and "TRANSLATED</" not in html.replace("UNTRANSLATED", "")
