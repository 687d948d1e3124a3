"""The register's CSV and JSON export: stroke types, and dates as precise as the registry's."""

import csv
import datetime
import io

import pytest
from django.utils import translation

from trials.models import StrokeType

from .test_views import export, export_json, make_trial, register_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(trial_index):
    alpha = make_trial(
        trial_index,
        1,
        acronym="ALPHA",
        # An estimated year alone and an estimated month alone.
        start_date=datetime.date(2027, 1, 1),
        start_date_precision="year",
        start_date_type="ESTIMATED",
        completion_date=datetime.date(2031, 6, 1),
        completion_date_precision="month",
        completion_date_type="ESTIMATED",
        enrollment=120,
        enrollment_type="ESTIMATED",
    )
    # Chosen in the reverse of the vocabulary's order.
    alpha.stroke_types.set(
        [
            StrokeType.objects.get(code="intracerebral-hemorrhage"),
            StrokeType.objects.get(code="ischemic"),
        ]
    )
    alpha.save()
    make_trial(
        trial_index,
        2,
        acronym="BETA",
        start_date=datetime.date(2019, 5, 6),
        start_date_type="ACTUAL",
        enrollment=40,
        enrollment_type="ACTUAL",
    )
    gamma = make_trial(
        trial_index,
        3,
        acronym="GAMMA",
        start_date=datetime.date(2020, 2, 1),
        start_date_precision="month",
        start_date_type="ACTUAL",
    )
    gamma.stroke_types.set(StrokeType.objects.filter(code="subarachnoid-hemorrhage"))
    gamma.save()
    return trial_index


def by_acronym(rows: list[dict]) -> dict[str, dict]:
    return {row["acronym"]: row for row in rows}


@pytest.mark.parametrize(
    ("language", "alpha_types", "gamma_types", "estimated", "actual"),
    [
        (
            "en",
            ["Ischaemic stroke", "Intracerebral haemorrhage"],
            ["Subarachnoid haemorrhage"],
            "estimated",
            "actual",
        ),
        ("zh-hans", ["缺血性中风", "脑出血"], ["蛛网膜下腔出血"], "预计", "实际"),
        ("zh-hant", ["缺血性中風", "腦出血"], ["蛛網膜下腔出血"], "預計", "實際"),
    ],
)
def test_json_export_has_stroke_types_and_partial_dates(
    client, register, language, alpha_types, gamma_types, estimated, actual
):
    data = export_json(client, register_url(register, language, "format=json&sort=start"))
    assert [row["acronym"] for row in data["trials"]] == ["BETA", "GAMMA", "ALPHA"]
    rows = by_acronym(data["trials"])
    alpha, beta, gamma = rows["ALPHA"], rows["BETA"], rows["GAMMA"]
    assert alpha["stroke_types"] == alpha_types  # in the vocabulary's order, as on the trial page
    assert gamma["stroke_types"] == gamma_types
    assert beta["stroke_types"] == []
    assert (alpha["start_date"], alpha["completion_date"]) == ("2027", "2031-06")
    assert (gamma["start_date"], gamma["completion_date"]) == ("2020-02", "")
    assert (beta["start_date"], beta["completion_date"]) == ("2019-05-06", "")
    assert (alpha["enrollment"], alpha["enrollment_type"]) == (120, estimated)
    assert (beta["enrollment"], beta["enrollment_type"]) == (40, actual)
    assert (gamma["enrollment"], gamma["enrollment_type"]) == (None, "")


@pytest.mark.parametrize(
    ("language", "headers", "alpha_types"),
    [
        (
            "en",
            ("Acronym", "Stroke types", "Start date", "Completion date", "Enrollment actual or estimated"),
            "Ischaemic stroke; Intracerebral haemorrhage",
        ),
        (
            "zh-hans",
            ("缩写", "中风类型", "开始日期", "完成日期", "入组人数（实际或预计）"),
            "缺血性中风; 脑出血",
        ),
    ],
)
def test_csv_export_has_stroke_types_and_partial_dates(client, register, language, headers, alpha_types):
    text = export(client, register_url(register, language, "format=csv&sort=start"))
    header, *rows = list(csv.reader(io.StringIO(text)))
    columns = [header.index(name) for name in headers]
    found = [tuple(row[n] for n in columns) for row in rows]
    estimated = {"en": "estimated", "zh-hans": "预计"}[language]
    actual = {"en": "actual", "zh-hans": "实际"}[language]
    gamma_types = {"en": "Subarachnoid haemorrhage", "zh-hans": "蛛网膜下腔出血"}[language]
    assert found == [
        ("BETA", "", "2019-05-06", "", actual),
        ("GAMMA", gamma_types, "2020-02", "", ""),
        ("ALPHA", alpha_types, "2027", "2031-06", estimated),
    ]


def test_a_renamed_stroke_type_is_exported_under_its_new_label(client, register):
    url = register_url(register, "en", "format=json&sort=start")
    export_json(client, url)
    term = StrokeType.objects.get(code="subarachnoid-hemorrhage")
    term.label_en = "Subarachnoid haemorrhage (SAH)"
    term.save()
    rows = by_acronym(export_json(client, url)["trials"])
    assert rows["GAMMA"]["stroke_types"] == ["Subarachnoid haemorrhage (SAH)"]


def test_stroke_types_are_exported_in_the_vocabularys_order(client, trial_index):
    """An editor's new term placed first in the vocabulary comes first, as on the trial page."""
    first = StrokeType.objects.create(
        code="arterial-ischemic",
        label_en="Arterial ischaemic stroke",
        label_zh_hans="动脉缺血性中风",
        sort_order=0,
    )
    trial = make_trial(trial_index, 1, acronym="DELTA")
    ischemic = StrokeType.objects.get(code="ischemic")
    trial.stroke_types.set([ischemic])
    trial.save()
    trial.stroke_types.set([ischemic, first])  # added later, placed first
    trial.save()
    with translation.override("en"):
        page = client.get(trial.get_url()).content.decode()
    assert "<dd>Arterial ischaemic stroke, Ischaemic stroke</dd>" in page
    data = export_json(client, register_url(trial_index, "en", "format=json"))
    assert data["trials"][0]["stroke_types"] == ["Arterial ischaemic stroke", "Ischaemic stroke"]
