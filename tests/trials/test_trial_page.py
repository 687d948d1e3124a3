"""The trial page as a visitor reads it: key facts, dates, who can take part, treatments,
outcomes, results, publications and the registry footer, in the visitor's language."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from portal.core.i18n.languages import bcp47
from tests.references.factories import ReferenceFactory
from trials.models import CellType, Route, StrokeStage, StrokeType, TrialPhase, TrialPublication

from .factories import TrialPageFactory, TrialRegistryIdFactory

pytestmark = pytest.mark.django_db


def make_full_trial(index):
    trial = TrialPageFactory(
        parent=index,
        acronym="TREASURE",
        title_zh_hans="急性缺血性中风后的干细胞静脉注射",
        title_en="Intravenous stem cells after acute ischaemic stroke",
        overall_status="COMPLETED",
        study_type="INTERVENTIONAL",
        allocation="RANDOMIZED",
        intervention_model="PARALLEL",
        masking="QUADRUPLE",
        enrollment=206,
        enrollment_type="ACTUAL",
        cell_source="allogeneic",
        dose_zh_hans="12 亿个细胞，一次",
        dose_en="1.2 billion cells, once",
        treatment_window_zh_hans="中风后 18 至 36 小时",
        treatment_window_en="18 to 36 hours after the stroke",
        # An actual day, an estimated month, an estimated year.
        start_date=datetime.date(2017, 11, 15),
        start_date_precision="day",
        start_date_type="ACTUAL",
        primary_completion_date=datetime.date(2022, 6, 1),
        primary_completion_date_precision="month",
        primary_completion_date_type="ESTIMATED",
        completion_date=datetime.date(2023, 1, 1),
        completion_date_precision="year",
        completion_date_type="ESTIMATED",
        minimum_age=18,
        minimum_age_unit="YEARS",
        maximum_age=85,
        maximum_age_unit="YEARS",
        sex="ALL",
        healthy_volunteers=False,
        onset_to_treatment_min=Decimal("18.0"),
        onset_to_treatment_min_unit="HOURS",
        onset_to_treatment_max=Decimal("36.0"),
        onset_to_treatment_max_unit="HOURS",
        key_criteria_zh_hans="年满 18 岁、首次缺血性中风的患者。",
        key_criteria_en="Adults after a first ischaemic stroke.",
        eligibility_criteria="Inclusion Criteria:\n\n* NIHSS score of 8 to 20",
        conditions=["Stroke, Acute"],
        interventions=[
            {"type": "BIOLOGICAL", "name": "HLCM051", "description": "A single intravenous dose"},
            {"type": "DRUG", "name": "Placebo"},
        ],
        primary_outcomes=[{"measure": "Excellent outcome at day 90", "time_frame": "Day 90"}],
        results_summary_zh_hans="第 90 天时两组差异不显著。",
        results_summary_en="No significant difference between the groups at day 90.",
        safety_summary_zh_hans="未发现与细胞有关的严重不良事件。",
        safety_summary_en="No serious adverse events related to the cells.",
        last_update_posted=datetime.date(2025, 2, 14),
        # 20:30 UTC is 04:30 the next day in Shanghai, the site's time zone.
        last_synced_at=datetime.datetime(2026, 11, 19, 20, 30, tzinfo=datetime.UTC),
    )
    trial.phases.set(TrialPhase.objects.filter(code__in=["PHASE2", "PHASE3"]))
    trial.cell_types.set(CellType.objects.filter(code="mapc"))
    trial.routes.set(Route.objects.filter(code="intravenous"))
    trial.stroke_stages.set(StrokeStage.objects.filter(code="acute"))
    trial.stroke_types.set(StrokeType.objects.filter(code="ischemic"))
    first = ReferenceFactory(
        title="Safety and efficacy of multipotent adult progenitor cells in acute ischaemic stroke",
        pmid="36878897",
        doi="10.1038/s41467-023-36789-2",
    )
    second = ReferenceFactory(title="Design of the TREASURE trial", pmid="31234567")
    trial.publications = [
        TrialPublication(reference=second, sort_order=0),
        TrialPublication(reference=first, sort_order=1),
    ]
    trial.save()
    TrialRegistryIdFactory(page=trial, identifier="NCT02961504")
    return trial


def page_html(client, trial, language) -> str:
    with translation.override(language):
        response = client.get(trial.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{bcp47(language)}"' in html
    return html


def section(html: str, heading_id: str) -> str:
    """One <section> of the page, found by the id of its heading."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, heading_id
    return match.group(1)


@pytest.fixture
def full_trial(trial_index):
    return make_full_trial(trial_index)


KEY_FACTS = {
    "zh-hans": [
        "<dt>细胞类型</dt><dd>多能成体祖细胞（MAPC）</dd>",
        "<dt>细胞来源</dt><dd>异体（捐献者的细胞）</dd>",
        "<dt>给药途径</dt><dd>静脉注射</dd>",
        "<dt>剂量</dt><dd>12 亿个细胞，一次</dd>",
        "<dt>治疗时间</dt><dd>中风后 18 至 36 小时</dd>",
        "<dt>中风阶段</dt><dd>急性期</dd>",
        "<dt>研究类型</dt><dd>干预性研究</dd>",
        "<dt>研究设计</dt><dd>随机, 平行分组, 四盲</dd>",
        "<dt>入组人数</dt><dd>206 名参与者 (实际)</dd>",
    ],
    "en": [
        "<dt>Cell type</dt><dd>Multipotent adult progenitor cells (MAPC)</dd>",
        "<dt>Cell source</dt><dd>Allogeneic (donor cells)</dd>",
        "<dt>Route</dt><dd>Intravenous</dd>",
        "<dt>Dose</dt><dd>1.2 billion cells, once</dd>",
        "<dt>When treatment is given</dt><dd>18 to 36 hours after the stroke</dd>",
        "<dt>Stroke stage</dt><dd>Acute</dd>",
        "<dt>Study type</dt><dd>Interventional</dd>",
        "<dt>Design</dt><dd>Randomised, Parallel groups, Quadruple blind</dd>",
        "<dt>Enrollment</dt><dd>206 participants (actual)</dd>",
    ],
}

# An actual date has no qualifier; estimated ones say so; a month or year alone stays so.
DATES = {
    "zh-hans": [
        "<dt>开始时间</dt><dd>2017年11月15日</dd>",
        "<dt>预计获得主要结果</dt><dd>2022年6月 (预计)</dd>",
        "<dt>完成时间</dt><dd>2023年 (预计)</dd>",
    ],
    "zh-hant": [
        "<dt>開始時間</dt><dd>2017年11月15日</dd>",
        "<dt>預計獲得主要結果</dt><dd>2022年6月 (預計)</dd>",
        "<dt>完成時間</dt><dd>2023年 (預計)</dd>",
    ],
    "en": [
        "<dt>Start</dt><dd>Nov. 15, 2017</dd>",
        "<dt>Main results expected</dt><dd>June 2022 (estimated)</dd>",
        "<dt>Completion</dt><dd>2023 (estimated)</dd>",
    ],
}

WHO_CAN_TAKE_PART = {
    "zh-hans": [
        "<dt>年龄</dt><dd>18 岁 – 85 岁</dd>",
        "<dt>性别</dt><dd>不限</dd>",
        "<dt>中风类型</dt><dd>缺血性中风</dd>",
        "<dt>从中风发作到治疗的时间</dt><dd>18 至 36 小时</dd>",
        "<dt>健康志愿者</dt><dd>不接受</dd>",
        "<p>年满 18 岁、首次缺血性中风的患者。</p>",
        "<summary>注册时的完整入选标准（英文）</summary>",
    ],
    "zh-hant": [
        "<dt>年齡</dt><dd>18 歲 – 85 歲</dd>",
        "<dt>性別</dt><dd>不限</dd>",
        "<dt>中風類型</dt><dd>缺血性中風</dd>",
        "<dt>從中風發作到治療的時間</dt><dd>18 至 36 小時</dd>",
    ],
    "en": [
        "<dt>Age</dt><dd>18 years – 85 years</dd>",
        "<dt>Sex</dt><dd>All</dd>",
        "<dt>Stroke type</dt><dd>Ischaemic stroke</dd>",
        "<dt>Time from stroke onset to treatment</dt><dd>18 to 36 hours</dd>",
        "<dt>Healthy volunteers</dt><dd>not accepted</dd>",
        "<p>Adults after a first ischaemic stroke.</p>",
        "<summary>Full criteria as registered (English)</summary>",
    ],
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_key_facts(client, full_trial, language):
    facts = section(page_html(client, full_trial, language), "trial-facts")
    for expected in KEY_FACTS[language]:
        assert expected in facts


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_dates_say_whether_they_are_estimated_and_keep_their_precision(client, full_trial, language):
    facts = section(page_html(client, full_trial, language), "trial-facts")
    for expected in DATES[language]:
        assert expected in facts


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_who_can_take_part(client, full_trial, language):
    who = section(page_html(client, full_trial, language), "trial-who")
    for expected in WHO_CAN_TAKE_PART[language]:
        assert expected in who
    # The registry's own criteria and conditions stay English, marked as such.
    assert '<div lang="en"><p>Inclusion Criteria:</p>\n\n<p>* NIHSS score of 8 to 20</p></div>' in who
    assert '<span lang="en">Stroke, Acute</span>' in who


@pytest.mark.parametrize(
    ("language", "headings"),
    [("zh-hans", ("比较的治疗方法", "主要结局指标")), ("en", ("Treatments compared", "Main outcomes"))],
)
def test_interventions_and_outcomes(client, full_trial, language, headings):
    design = section(page_html(client, full_trial, language), "trial-design")
    treatments, outcomes = headings
    assert (
        f'<h3>{treatments}</h3>\n                    <ul lang="en">'
        "<li><strong>HLCM051</strong>: A single intravenous dose</li>"
        "<li><strong>Placebo</strong></li></ul>"
    ) in design
    assert (
        f'<h3>{outcomes}</h3>\n                    <ul lang="en">'
        "<li>Excellent outcome at day 90 <small>(Day 90)</small></li></ul>"
    ) in design


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-hans",
            [
                "<h3>结果</h3><p>第 90 天时两组差异不显著。</p>",
                "<h3>安全性</h3><p>未发现与细胞有关的严重不良事件。</p>",
                "<h3>发表文献</h3>",
            ],
        ),
        (
            "en",
            [
                "<h3>Results</h3><p>No significant difference between the groups at day 90.</p>",
                "<h3>Safety</h3><p>No serious adverse events related to the cells.</p>",
                "<h3>Publications</h3>",
            ],
        ),
    ],
)
def test_results_and_publications(client, full_trial, language, expected):
    results = section(page_html(client, full_trial, language), "trial-results")
    for snippet in expected:
        assert snippet in results
    # The publications in the editors' order, each linking to its sources.
    assert results.index("Design of the TREASURE trial") < results.index("Safety and efficacy of multipotent")
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/31234567/"' in results
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/36878897/"' in results
    assert 'href="https://doi.org/10.1038/s41467-023-36789-2"' in results


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh-hans", "注册平台最近更新：2025年2月14日. 最近同步：2026年11月20日."),
        ("en", "Last updated in the registry: Feb. 14, 2025. Last synced: Nov. 20, 2026."),
    ],
)
def test_registry_footer_says_when_it_was_last_synced(client, full_trial, language, expected):
    html = page_html(client, full_trial, language)
    footer = re.search(r'<p class="trial__synced">(.*?)</p>', html, re.S).group(1)
    assert " ".join(footer.split()) == expected
    assert '<a href="https://clinicaltrials.gov/study/NCT02961504" rel="noopener">NCT02961504</a>' in html


@pytest.mark.parametrize(
    ("fields", "language", "expected"),
    [
        ({"minimum_age": 18, "minimum_age_unit": "YEARS"}, "en", "<dt>Age</dt><dd>18 years and older</dd>"),
        ({"minimum_age": 18, "minimum_age_unit": "YEARS"}, "zh-hans", "<dt>年龄</dt><dd>18 岁及以上</dd>"),
        ({"maximum_age": 28, "maximum_age_unit": "DAYS"}, "en", "<dt>Age</dt><dd>up to 28 days</dd>"),
        ({"maximum_age": 28, "maximum_age_unit": "DAYS"}, "zh-hans", "<dt>年龄</dt><dd>28 天及以下</dd>"),
        (
            {"minimum_age": 6, "minimum_age_unit": "MONTHS", "maximum_age": 17, "maximum_age_unit": "YEARS"},
            "en",
            "<dt>Age</dt><dd>6 months – 17 years</dd>",
        ),
        ({"sex": "FEMALE"}, "en", "<dt>Sex</dt><dd>Female</dd>"),
        ({"sex": "MALE"}, "zh-hans", "<dt>性别</dt><dd>男性</dd>"),
        (
            {"onset_to_treatment_max": Decimal("24.0"), "onset_to_treatment_max_unit": "HOURS"},
            "en",
            "<dt>Time from stroke onset to treatment</dt><dd>within 24 hours</dd>",
        ),
        (
            {"onset_to_treatment_max": Decimal("4.5"), "onset_to_treatment_max_unit": "HOURS"},
            "zh-hans",
            "<dt>从中风发作到治疗的时间</dt><dd>4.5 小时内</dd>",
        ),
        (
            {"onset_to_treatment_min": Decimal("6"), "onset_to_treatment_min_unit": "MONTHS"},
            "en",
            "<dt>Time from stroke onset to treatment</dt><dd>at least 6 months</dd>",
        ),
        ({"healthy_volunteers": True}, "en", "<dt>Healthy volunteers</dt><dd>accepted</dd>"),
    ],
)
def test_one_sided_ages_sex_and_onset_windows(client, trial_index, fields, language, expected):
    trial = TrialPageFactory(parent=trial_index, **fields)
    assert expected in section(page_html(client, trial, language), "trial-who")


@pytest.mark.parametrize(
    ("fields", "language", "expected"),
    [
        (
            {
                "start_date": datetime.date(2027, 3, 1),
                "start_date_precision": "month",
                "start_date_type": "ESTIMATED",
            },
            "en",
            "<dt>Start</dt><dd>March 2027 (estimated)</dd>",
        ),
        (
            {
                "start_date": datetime.date(2027, 1, 1),
                "start_date_precision": "year",
                "start_date_type": "ESTIMATED",
            },
            "zh-hans",
            "<dt>开始时间</dt><dd>2027年 (预计)</dd>",
        ),
        (
            {
                "completion_date": datetime.date(2019, 1, 1),
                "completion_date_precision": "year",
                "completion_date_type": "ACTUAL",
            },
            "en",
            "<dt>Completion</dt><dd>2019</dd>",
        ),
        (
            {"enrollment": 6000, "enrollment_type": "ESTIMATED"},
            "en",
            "<dt>Enrollment</dt><dd>6000 participants (planned)</dd>",
        ),
        (
            {"enrollment": 1, "enrollment_type": "ACTUAL"},
            "en",
            "<dt>Enrollment</dt><dd>1 participant (actual)</dd>",
        ),
    ],
)
def test_one_date_or_enrollment(client, trial_index, fields, language, expected):
    trial = TrialPageFactory(parent=trial_index, **fields)
    assert expected in section(page_html(client, trial, language), "trial-facts")


@pytest.mark.parametrize(
    ("has_results", "language", "expected"),
    [
        (False, "en", "No results have been published yet."),
        (False, "zh-hans", "尚未公布结果。"),
        (True, "en", "Results are posted in the registry; our summary is in preparation."),
        (True, "zh-hans", "结果已在注册平台公布；我们的摘要正在准备中。"),
    ],
)
def test_without_a_summary_the_page_says_where_results_stand(
    client, trial_index, has_results, language, expected
):
    trial = TrialPageFactory(parent=trial_index, has_results=has_results)
    results = section(page_html(client, trial, language), "trial-results")
    assert f"<p>{expected}</p>" in results
    assert "<h3>" not in results  # no empty Results, Safety or Publications headings


def test_a_trial_without_details_shows_no_empty_facts(client, trial_index):
    trial = TrialPageFactory(parent=trial_index)
    html = page_html(client, trial, "en")
    assert re.search(r'<dl class="trial-facts">\s*</dl>', section(html, "trial-facts"))
    assert re.search(r'<dl class="trial-facts">\s*</dl>', section(html, "trial-who"))
    assert 'aria-labelledby="trial-design"' not in html  # no interventions, no outcomes
    assert "Last synced" not in html
