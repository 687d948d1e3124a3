"""The finder's steps without JavaScript, its results, the same judgements over a whole
register, and the stale-record warning on the register and the trial page."""

import datetime
import html
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.utils import translation

from trials.finder.index import build_finder_index
from trials.finder.matching import FAILS, assess
from trials.finder.questions import Answers
from trials.models import StrokeType
from trials.register.index import build_register_index

from .test_views import make_trial

pytestmark = pytest.mark.django_db

FITTING = "type=ischemic&since=days&age=67&sex=male&country=CN&province=CN-GD&travel=no&consent=no"


def finder_url(index, language="en", query=""):
    with translation.override(language):
        return index.get_url() + "finder/" + (f"?{query}" if query else "")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def adult_trial(index, n, *, types=("ischemic",), countries=("CN",), status="RECRUITING", **fields):
    defaults = {
        "minimum_age": 18,
        "minimum_age_unit": "YEARS",
        "maximum_age": 80,
        "maximum_age_unit": "YEARS",
        "sex": "ALL",
        "onset_to_treatment_min": Decimal("1"),
        "onset_to_treatment_min_unit": "DAYS",
        "onset_to_treatment_max": Decimal("14"),
        "onset_to_treatment_max_unit": "DAYS",
        "eligibility_criteria": "Consent by the patient or a legally authorized representative.",
    }
    trial = make_trial(index, n, countries=countries, status=status, **(defaults | fields))
    trial.stroke_types.set(StrokeType.objects.filter(code__in=types))
    trial.save()
    return trial


@pytest.fixture
def register(trial_index):
    return {
        "fits": adult_trial(trial_index, 1, title_en="Cells for ischaemic stroke in China"),
        "abroad": adult_trial(trial_index, 2, countries=("JP", "US"), title_en="Cells in Japan and the US"),
        "bleeding": adult_trial(
            trial_index, 3, types=("intracerebral-hemorrhage",), title_en="Cells after a bleed"
        ),
        "closed": adult_trial(trial_index, 4, status="COMPLETED", title_en="A finished trial"),
    }


@pytest.mark.usefixtures("english")
class TestSteps:
    def test_one_question_per_page_in_order(self, client, trial_index):
        first = page(client, finder_url(trial_index))
        assert "What kind of stroke was it?" in first
        assert "Question 1 of 7" in first
        second = page(client, finder_url(trial_index, query="type=ischemic"))
        assert "How long ago was the stroke?" in second
        assert '<input type="hidden" name="type" value="ischemic">' in second

    def test_every_question_can_be_answered_not_sure(self, client, trial_index):
        query = (
            "type=unsure&since=unsure&age=&age=unsure&sex=unsure&country=unsure&travel=unsure&consent=unsure"
        )
        results = page(client, finder_url(trial_index, query=query))
        assert "may fit" in results
        assert "not a decision about taking part" in results

    def test_the_province_can_be_not_sure(self, client, trial_index):
        query = "type=ischemic&since=days&age=67&sex=male&country=CN&province=unsure"
        step = page(client, finder_url(trial_index, query=query))
        assert "Could the person travel abroad for a trial?" in step
        assert '<input type="hidden" name="province" value="unsure">' in step

    def test_a_wrong_answer_is_asked_again_with_the_reason(self, client, trial_index):
        wrong = page(client, finder_url(trial_index, query="type=ischemic&since=days&age=abc"))
        assert "How old is the person who had the stroke?" in wrong
        assert "Please give the age in whole years (0 to 120), or choose “Not sure”." in wrong
        wrong_choice = page(client, finder_url(trial_index, query="type=stroke"))
        assert "Please choose one of the answers, or “Not sure”." in wrong_choice

    def test_the_province_is_asked_only_in_mainland_china(self, client, trial_index):
        before = "type=ischemic&since=days&age=67&sex=male"
        assert "In which province?" in page(client, finder_url(trial_index, query=f"{before}&country=CN"))
        after_us = page(client, finder_url(trial_index, query=f"{before}&country=US"))
        assert "Could the person travel abroad for a trial?" in after_us
        assert "Question 6 of 7" in after_us

    def test_an_answer_can_be_changed(self, client, trial_index, register):
        results = page(client, finder_url(trial_index, query=FITTING))
        assert f"?{FITTING}&step=age" in results.replace("&amp;", "&")
        change = page(client, finder_url(trial_index, query=f"{FITTING}&step=age"))
        assert "How old is the person who had the stroke?" in change
        assert 'value="67"' in change
        assert '<input type="hidden" name="consent" value="no">' in change

    def test_answers_are_kept_by_no_shared_cache(self, client, trial_index):
        assert "no-store" not in client.get(finder_url(trial_index)).get("Cache-Control", "")
        answered = client.get(finder_url(trial_index, query="type=ischemic"))
        assert {"private", "no-store"} <= {part.strip() for part in answered["Cache-Control"].split(",")}

    def test_later_questions_wait_hidden_for_javascript(self, client, trial_index):
        step = page(client, finder_url(trial_index, query="type=ischemic"))
        assert 'data-step="age" hidden disabled' in step
        assert 'data-step="type"' not in step  # answered: carried as a hidden field


@pytest.mark.usefixtures("english")
class TestResults:
    def test_fitting_first_then_the_rest_folded_with_reasons(self, client, trial_index, register):
        results = page(client, finder_url(trial_index, query=FITTING))
        assert "1 trial may fit" in results
        fits_at = results.index("Cells for ischaemic stroke in China")
        folded_at = results.index("2 open trials do not fit, and why")
        assert fits_at < folded_at
        assert results.index("Cells in Japan and the US") > folded_at
        assert results.index("Cells after a bleed") > folded_at
        assert "Sites only in Japan, United States of America." in results
        assert "For haemorrhagic stroke (bleeding) only, not ischaemic stroke." in results
        assert "Age 18 years – 80 years: fits." in results
        assert "A finished trial" not in results
        assert "1 more trial in the register is not recruiting." in results

    def test_a_trial_that_fits_comes_before_one_to_check_even_nearer(self, client, trial_index, register):
        adult_trial(trial_index, 5, sex="", title_en="Cells in China, sex not given")
        query = FITTING.replace("travel=no", "travel=yes")
        results = page(client, finder_url(trial_index, query=query))
        assert "3 trials may fit" in results
        order = [
            results.index(title)
            for title in (
                "Cells for ischaemic stroke in China",  # fits, in the person's country
                "Cells in Japan and the US",  # fits, abroad
                "Cells in China, sex not given",  # to check, in the person's country
            )
        ]
        assert order == sorted(order)
        assert "The register does not say whether it takes women, men or both." in results

    def test_the_same_country_comes_first(self, client, trial_index, register):
        query = FITTING.replace("travel=no", "travel=yes")
        results = page(client, finder_url(trial_index, query=query))
        assert "2 trials may fit" in results
        assert results.index("Cells for ischaemic stroke in China") < results.index(
            "Cells in Japan and the US"
        )

    @pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
    def test_results_in_every_language(self, client, trial_index, register, language):
        results = page(client, finder_url(trial_index, language, FITTING))
        assert f'<html lang="{language}"' in results.lower()
        assert register["fits"].title in results or register["fits"].title_en in results
        assert f"/{language}/trials/finder/" in results

    def test_switching_language_keeps_the_answers(self, client, trial_index, register):
        results = page(client, finder_url(trial_index, "en", FITTING))
        assert f'href="{finder_url(trial_index, "zh-hant", QueryDict(FITTING).urlencode())}"' in results

    def test_the_index_judges_as_each_trial_is_judged(self, trial_index, register):
        found = build_finder_index(trial_index, build_register_index(trial_index))
        for query in (
            FITTING,
            FITTING.replace("travel=no", "travel=yes"),
            "age=12",
            "since=years&sex=female",
        ):
            answers = Answers.from_query(QueryDict(query))
            match = found.match(answers)
            assessed = {
                pk: assess(facts, answers)
                for pk, facts in found.facts.items()
                if facts.status == "RECRUITING"
            }
            assert set(match.not_fitting) == {pk for pk, a in assessed.items() if a.kind == FAILS}
            assert set(match.fitting) == {pk for pk, a in assessed.items() if a.kind != FAILS}


@pytest.mark.usefixtures("english")
def test_stale_records_are_flagged_on_the_register_the_trial_and_the_finder(client, trial_index):
    trial = adult_trial(
        trial_index,
        9,
        title_en="An old record",
        primary_completion_date=datetime.date(2024, 3, 1),
        primary_completion_date_precision="month",
    )
    warning = "The registry still says it is recruiting, but its main results were due by March 2024"
    with translation.override("en"):
        assert warning in page(client, trial_index.get_url())
        assert warning in page(client, trial.get_url())
        assert "record may be out of date" in page(client, trial_index.get_url() + "?view=table")
    results = page(client, finder_url(trial_index, query=FITTING))
    assert warning in results
    assert "0 trials may fit" not in results  # a warning, not an exclusion


@pytest.mark.usefixtures("english")
def test_a_record_not_updated_for_over_a_year_is_flagged_everywhere(client, trial_index):
    quiet = adult_trial(
        trial_index,
        10,
        title_en="A quiet record",
        last_update_posted=datetime.date.today() - datetime.timedelta(days=400),
    )
    adult_trial(
        trial_index,
        11,
        title_en="A fresh record",
        last_update_posted=datetime.date.today() - datetime.timedelta(days=300),
    )
    warning = "The registry record has not been updated since"
    with translation.override("en"):
        register = page(client, trial_index.get_url())
        assert register.count(warning) == 1
        assert warning in page(client, quiet.get_url())
    results = page(client, finder_url(trial_index, query=FITTING))
    assert results.count(warning) == 1
    assert "2 trials may fit" in results  # a warning, not an exclusion


@pytest.mark.usefixtures("english")
def test_the_register_links_to_the_finder(client, trial_index):
    assert 'href="/en/trials/finder/"' in page(client, trial_index.get_url())
