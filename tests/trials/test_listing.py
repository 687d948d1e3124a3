"""Register rows are rendered once per register version, language and view."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trials.models import CellType

from .test_views import make_trial, register_url

pytestmark = pytest.mark.django_db


def trial_queries(client, url) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return html, [q["sql"] for q in queries if 'FROM "trials_trialpage"' in q["sql"]]


@pytest.mark.parametrize("view", ["", "view=table"])
def test_rows_are_rendered_once_then_reused(client, trial_index, view):
    trial = make_trial(trial_index, 1, cells=["msc"])
    url = register_url(trial_index, "en", view)
    _html, first = trial_queries(client, url)
    html, second = trial_queries(client, url)
    assert first and not second
    assert f">{trial.acronym}" in html


def test_a_republished_trial_shows_its_new_title(client, trial_index):
    trial = make_trial(trial_index, 1)
    url = register_url(trial_index, "en")
    client.get(url)
    trial.title_en = "Renamed after the registry update"
    trial.save_revision().publish()
    assert "Renamed after the registry update" in client.get(url).content.decode()


def test_a_relabelled_term_shows_in_every_row(client, trial_index):
    make_trial(trial_index, 1, cells=["msc"])
    url = register_url(trial_index, "en")
    client.get(url)
    term = CellType.objects.get(code="msc")
    term.label_en = "MSCs (relabelled)"
    term.save()
    html = client.get(url).content.decode()
    assert html.count("MSCs (relabelled)") >= 2  # the facet and the row


def test_rows_are_per_language(client, trial_index):
    make_trial(trial_index, 1, cells=["msc"])
    english = client.get(register_url(trial_index, "en")).content.decode()
    traditional = client.get(register_url(trial_index, "zh-hant")).content.decode()
    assert "Mesenchymal" in english and "間充質幹細胞" in traditional
    assert "間充質幹細胞" not in english.split('class="trial-list"')[1]
