import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.forms import form_fields
from trials.models import TrialPage

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
    form = form_fields(admin_client.get(url).content.decode(), "page-edit-form")
    form.update(
        {
            "title_zh_hans": "经鼻干细胞治疗新生儿中风",
            "slug_zh_hans": "passion",
            "acronym": "PASSIoN",
            "registry_ids-TOTAL_FORMS": "1",
            "registry_ids-0-registry": "nct",
            "registry_ids-0-identifier": "NCT03356821",
            "registry_ids-0-ORDER": "1",
        }
    )
    response = admin_client.post(url, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    trial = TrialPage.objects.get(acronym="PASSIoN")
    assert trial.get_parent().pk == trial_index.pk
    assert trial.title_zh_hans == "经鼻干细胞治疗新生儿中风"
    assert [(r.registry, r.identifier) for r in trial.registry_ids.all()] == [("nct", "NCT03356821")]


def test_admin_lists_trials_needing_translation(admin_client, trial_index):
    TrialPageFactory(parent=trial_index, title_zh_hans="等待翻译的试验", needs_translation=True)
    TrialPageFactory(parent=trial_index, title_zh_hans="译好的试验", needs_translation=False)
    everything = admin_client.get(reverse("trials:index")).content.decode()
    assert "等待翻译的试验" in everything and "译好的试验" in everything
    html = admin_client.get(reverse("trials:index") + "?needs_translation=true").content.decode()
    assert "等待翻译的试验" in html
    assert "译好的试验" not in html
