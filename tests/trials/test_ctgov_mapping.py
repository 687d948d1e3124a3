"""Every value `trials.ctgov.parse_study` maps from the sample records, field by field.

The expected values are written by hand from reading the JSON files in
tests/fixtures/ctgov/ (see its README), never computed by the code under test.
Long registry texts are checked by their first and last words and a landmark.
"""

import datetime
import json

import pytest

from trials.ctgov import parse_study
from trials.models import TrialPage
from trials.services.imports import trial_import_study

from .conftest import FIXTURES, PASSION, TREASURE

ID93 = FIXTURES / "NCT03722472.json"
COPLANT = FIXTURES / "NCT06323538.json"
PFIZER = FIXTURES / "NCT07062965.json"


def parsed(path):
    return parse_study(json.loads(path.read_text(encoding="utf-8")))


def without_long_texts(values: dict) -> dict:
    return {
        key: value
        for key, value in values.items()
        if key not in {"registry_summary", "eligibility_criteria", "secondary_outcomes"}
    }


def no_dates() -> dict:
    return {
        "start_date": None,
        "start_date_precision": "day",
        "start_date_type": "",
        "primary_completion_date": None,
        "primary_completion_date_precision": "day",
        "primary_completion_date_type": "",
        "completion_date": None,
        "completion_date_precision": "day",
        "completion_date_type": "",
        "last_update_posted": None,
    }


def test_treasure_handbuilt():
    record = parsed(TREASURE)
    assert record.nct_id == "NCT02961504"
    assert record.values == {
        "acronym": "TREASURE",
        "brief_title": "Treatment Evaluation of Acute Stroke for Using in Regenerative Cell Elements",
        "official_title": "Treatment Evaluation of Acute Stroke for Using in Regenerative Cell Elements",
        "registry_summary": "",
        "overall_status": "COMPLETED",
        "why_stopped": "",
        **no_dates(),
        "start_date": datetime.date(2017, 11, 15),
        "start_date_type": "ACTUAL",
        "completion_date": datetime.date(2023, 2, 28),
        "completion_date_type": "ACTUAL",
        "study_type": "INTERVENTIONAL",
        "allocation": "RANDOMIZED",
        "intervention_model": "PARALLEL",
        "masking": "QUADRUPLE",
        "primary_purpose": "TREATMENT",
        "observational_model": "",
        "enrollment": 206,
        "enrollment_type": "ACTUAL",
        "conditions": ["Stroke, Acute"],
        "interventions": [
            {
                "type": "BIOLOGICAL",
                "name": "HLCM051",
                "description": "Within 18 to 36 hours after the onset of ischemic stroke, subjects will "
                "receive a single dose of 1.2 billion HLCM051 cells to be intravenously administered",
            },
            {
                "type": "DRUG",
                "name": "Placebo",
                "description": "Within 18 to 36 hours after the onset of ischemic stroke, subjects will "
                "receive a single dose of placebo to be intravenously administered",
            },
        ],
        "arm_groups": [
            {
                "label": "HLCM051 (MultiStem)",
                "type": "EXPERIMENTAL",
                "description": "single dose of 1.2 billion HLCM051 cells",
            },
            {"label": "Placebo", "description": "a single dose of placebo"},
        ],
        "primary_outcomes": [
            {
                "measure": "Proportion of subjects with an excellent outcome defined by the functional "
                "assessments",
                "time_frame": "Day 90",
            }
        ],
        "secondary_outcomes": [],
        "sponsor": "Healios K.K.",
        "sponsor_class": "INDUSTRY",
        "collaborators": [],
        "minimum_age": None,
        "minimum_age_unit": "",
        "maximum_age": None,
        "maximum_age_unit": "",
        "sex": "",
        "healthy_volunteers": None,
        "eligibility_criteria": "",
        "has_results": False,
        "registry_url": "https://clinicaltrials.gov/study/NCT02961504",
    }
    assert record.phases == ["PHASE2", "PHASE3"]
    assert record.countries == [("JP", "", 1)]
    assert record.registry_ids == [("nct", "NCT02961504")]
    assert record.references == []
    assert record.warnings == []


def test_passion_handbuilt():
    record = parsed(PASSION)
    assert record.nct_id == "NCT03356821"
    assert record.values == {
        "acronym": "PASSIoN",
        "brief_title": "Perinatal Arterial Stroke Treated With Stromal Cells Intranasally (PASSIoN)",
        "official_title": "Adult Mesenchymal Stromal Cells to Regenerate the Neonatal Brain: the PASSIoN "
        "Trial (Perinatal Arterial Stroke Treated With Stromal Cells IntraNasally)",
        "registry_summary": "",
        "overall_status": "COMPLETED",
        "why_stopped": "",
        **no_dates(),
        "start_date": datetime.date(2020, 2, 11),
        "start_date_type": "ACTUAL",
        "primary_completion_date": datetime.date(2021, 7, 27),
        "primary_completion_date_type": "ACTUAL",
        "completion_date": datetime.date(2021, 7, 27),
        "completion_date_type": "ACTUAL",
        "study_type": "INTERVENTIONAL",
        "allocation": "NA",
        "intervention_model": "",
        "masking": "NONE",
        "primary_purpose": "TREATMENT",
        "observational_model": "",
        "enrollment": 10,
        "enrollment_type": "ACTUAL",
        "conditions": ["Neonatal Stroke"],
        "interventions": [
            {
                "type": "BIOLOGICAL",
                "name": "Mesenchymal Stem Cells",
                "description": "One dose of 50x10^6 bone marrow-derived allogeneic MSCs via the nasal "
                "route, within the first week of onset of presenting clinical symptoms",
            }
        ],
        "arm_groups": [{"label": "Mesenchymal Stem Cells", "type": "EXPERIMENTAL"}],
        "primary_outcomes": [
            {
                "measure": "Number of Participants with treatment-related adverse events after MSC treatment",
                "time_frame": "24 hours after treatment",
            }
        ],
        "secondary_outcomes": [],
        "sponsor": "UMC Utrecht",
        "sponsor_class": "OTHER",
        "collaborators": [
            "M.D. Anderson Cancer Center",
            "The University of Texas Health Science Center at San Antonio",
            "ZonMw: The Netherlands Organisation for Health Research and Development",
        ],
        "minimum_age": None,
        "minimum_age_unit": "",
        "maximum_age": None,
        "maximum_age_unit": "",
        "sex": "",
        "healthy_volunteers": None,
        "eligibility_criteria": "",
        "has_results": True,
        "registry_url": "https://clinicaltrials.gov/study/NCT03356821",
    }
    assert record.phases == ["PHASE1", "PHASE2"]
    assert record.countries == [("NL", "", 1)]
    assert record.registry_ids == [("nct", "NCT03356821")]
    assert record.references == []
    assert record.warnings == []


def test_id93_real_record():
    record = parsed(ID93)
    values = record.values
    assert record.nct_id == "NCT03722472"
    assert without_long_texts(values) == {
        "acronym": "",
        "brief_title": "Phase 1 Clinical Trial of Single-Vial ID93 + GLA-SE in Healthy Adults",
        "official_title": "A Phase 1, Double-Blind, Randomized Clinical Trial to Evaluate the Safety, "
        "Tolerability, and Immunogenicity of the Single-Vial Lyophilized ID93 + GLA-SE Vaccine "
        "Administered Intramuscularly in Healthy Adult Subjects",
        "overall_status": "COMPLETED",
        "why_stopped": "",
        "start_date": datetime.date(2018, 10, 2),
        "start_date_precision": "day",
        "start_date_type": "ACTUAL",
        "primary_completion_date": datetime.date(2020, 6, 15),
        "primary_completion_date_precision": "day",
        "primary_completion_date_type": "ACTUAL",
        "completion_date": datetime.date(2020, 6, 15),
        "completion_date_precision": "day",
        "completion_date_type": "ACTUAL",
        "last_update_posted": datetime.date(2023, 6, 1),
        "study_type": "INTERVENTIONAL",
        "allocation": "RANDOMIZED",
        "intervention_model": "PARALLEL",
        "masking": "QUADRUPLE",
        "primary_purpose": "PREVENTION",
        "observational_model": "",
        "enrollment": 48,
        "enrollment_type": "ACTUAL",
        "conditions": ["Pulmonary TB"],
        "interventions": [
            {
                "type": "BIOLOGICAL",
                "name": "ID93 + GLA-SE",
                "description": "The single-vial lyophilized vaccine will be reconstituted with WFI. For the "
                "two-vial presentation, the lyophilized ID93 will be reconstituted with WFI and mixed "
                "with liquid GLA-SE.",
            }
        ],
        "arm_groups": [
            {
                "label": "Single-vial ID93 + GLA-SE",
                "type": "EXPERIMENTAL",
                "description": "Single-vial presentation of ID93 + GLA-SE. Participants will receive two "
                "intramuscular (IM) injections of the vaccine on Days 0 and 56. 2 mcg ID93 and 5 mcg "
                "GLA-SE in 0.5 mL volume will be given per injection.",
            },
            {
                "label": "Two-vial ID93 + GLA-SE",
                "type": "ACTIVE_COMPARATOR",
                "description": "Two-vial presentation of ID93 + GLA-SE. Participants will receive two "
                "intramuscular (IM) injections of the vaccine on Days 0 and 56. 2 mcg ID93 and 5 mcg "
                "GLA-SE in 0.5 mL volume will be given per injection.",
            },
        ],
        "primary_outcomes": [
            {
                "measure": "Local Injection Site Reactogenicity",
                "description": "The number of subjects experiencing solicited local injection site "
                "reactions within 7 days following each study injection.",
                "time_frame": "7 days following each injection",
            },
            {
                "measure": "Systemic Reactogenicity",
                "description": "The number of subjects experiencing solicited systemic reactions within 7 "
                "days following each study injection.",
                "time_frame": "7 days following each injection",
            },
            {
                "measure": "All Adverse Events",
                "description": "The number of subjects spontaneously reporting adverse events from Day 0 "
                "through Day 84.",
                "time_frame": "Day 0 - 84",
            },
            {
                "measure": "Serious Adverse Events",
                "description": "The number of serious adverse events considered related to any of the "
                "study injections reported at any point during the study period.",
                "time_frame": "Day 0 - 421",
            },
        ],
        "sponsor": "Access to Advanced Health Institute (AAHI)",
        "sponsor_class": "OTHER",
        "collaborators": [
            "National Institutes of Health (NIH)",
            "National Institute of Allergy and Infectious Diseases (NIAID)",
        ],
        "minimum_age": 18,
        "minimum_age_unit": "YEARS",
        "maximum_age": 55,
        "maximum_age_unit": "YEARS",
        "sex": "ALL",
        "healthy_volunteers": True,
        "has_results": True,
        "registry_url": "https://clinicaltrials.gov/study/NCT03722472",
    }
    assert values["registry_summary"] == (
        "This is a phase 1, double-blind, randomized clinical trial to evaluate the safety, "
        "tolerability, and immunogenicity of single-vial lyophilized ID93 + GLA-SE compared to the "
        "two-vial presentation consisting of lyophilized ID93 and liquid GLA-SE administered as two IM "
        "injections in healthy adult subjects (aged 18 - 55)."
    )
    criteria = values["eligibility_criteria"]
    assert criteria.startswith("Inclusion Criteria:\n\n1. Males and females 18 to 55 years of age.\n2. ")
    assert "\n\nExclusion Criteria:\n\n1. Previous exposure to ID93 vaccines" in criteria
    assert criteria.endswith(
        "29. Subjects unlikely to cooperate with the requirements of the study protocol."
    )
    # The registry's Markdown escapes stay as registered.
    assert "\\*Temperature \\<38°C" in criteria
    assert [o["measure"] for o in values["secondary_outcomes"]] == [
        "IgG Antibody Response Rate",
        "IgG Antibody Response Magnitude",
        "Cytokine Response",
        "Cytokine Response",
        "T Cell Response",
        "T Cell Response",
    ]
    assert values["secondary_outcomes"][1] == {
        "measure": "IgG Antibody Response Magnitude",
        "description": "Total IgG mean endpoint titer for ID93",
        "time_frame": "Days 0, 14, 56, 70, 84, and 224",
    }
    assert values["secondary_outcomes"][5]["time_frame"] == "Days 0, 7, 14, 56, 63, 70, 84 and 224."
    assert record.phases == ["PHASE1"]
    # One site, without a status of its own.
    assert record.countries == [("US", "", 1)]
    # Its secondary IDs ("DMID 17-0104", an NIH grant) are no registry we know.
    assert record.registry_ids == [("nct", "NCT03722472")]
    assert record.references == [
        {
            "pmid": "36878897",
            "citation": "Sagawa ZK, Goman C, Frevol A, Blazevic A, Tennant J, Fisher B, Day T, Jackson S, "
            "Lemiale F, Toussaint L, Kalisz I, Jiang J, Ondrejcek L, Mohamath R, Vergara J, Lew A, "
            "Beckmann AM, Casper C, Hoft DF, Fox CB. Safety and immunogenicity of a thermostable ID93 + "
            "GLA-SE tuberculosis vaccine candidate in healthy adults. Nat Commun. 2023 Mar 6;14(1):1138. "
            "doi: 10.1038/s41467-023-36789-2.",
            "type": "RESULT",
        }
    ]
    assert record.warnings == []
    # The overall official's name is personal contact data: never read.
    assert "Christopher Fox" not in json.dumps(values, default=str)


def test_coplant_real_observational_record():
    record = parsed(COPLANT)
    values = record.values
    assert record.nct_id == "NCT06323538"
    assert without_long_texts(values) == {
        "acronym": "COPLANT",
        "brief_title": "Cohort Study on Plant-based Diets (COPLANT Study)",
        "official_title": "Cohort Study on Plant-based Diets (COPLANT Study)",
        "overall_status": "RECRUITING",
        "why_stopped": "",
        "start_date": datetime.date(2024, 4, 9),
        "start_date_precision": "day",
        "start_date_type": "ACTUAL",
        "primary_completion_date": datetime.date(2027, 3, 31),
        "primary_completion_date_precision": "day",
        "primary_completion_date_type": "ESTIMATED",
        "completion_date": datetime.date(2047, 3, 31),
        "completion_date_precision": "day",
        "completion_date_type": "ESTIMATED",
        "last_update_posted": datetime.date(2025, 2, 14),
        "study_type": "OBSERVATIONAL",
        "allocation": "",
        "intervention_model": "",
        "masking": "",
        "primary_purpose": "",
        "observational_model": "COHORT",
        "enrollment": 6000,
        "enrollment_type": "ESTIMATED",
        "conditions": [
            "Dietary Exposure",
            "Diabetes Mellitus, Type 2",
            "Cardiovascular Diseases",
            "Bone Loss",
            "Sustainability",
            "Exposure",
            "Obesity",
            "Vitamin Deficiency",
            "Mineral Deficiency",
        ],
        "interventions": [],
        "arm_groups": [
            {"label": "vegans", "description": "vegan diet: no products of animal origin"},
            {
                "label": "vegetarians",
                "description": "vegetarian diet: no meat and fish, but dairy products and eggs",
            },
            {"label": "pescetarians", "description": "pescetarian diet: no meat, but fish"},
            {"label": "mixed diet", "description": "mixed diet: plant-based foods and animal-based foods"},
        ],
        "primary_outcomes": [
            {
                "measure": "Incidence of diabetes type 2",
                "description": "Incidence of diabetes type 2",
                "time_frame": "5, 10, 20 years",
            }
        ],
        "sponsor": "German Federal Institute for Risk Assessment",
        "sponsor_class": "OTHER",
        "collaborators": [
            "Max Rubner-Institut",
            "University of Bonn",
            "Research Institute for Plant-Based Nutrition",
            "University of Jena",
            "University of Regensburg",
            "Heidelberg University",
            "University of Vienna",
        ],
        "minimum_age": 18,
        "minimum_age_unit": "YEARS",
        "maximum_age": 69,
        "maximum_age_unit": "YEARS",
        "sex": "ALL",
        "healthy_volunteers": None,  # not in the record
        "has_results": False,
        "registry_url": "https://clinicaltrials.gov/study/NCT06323538",
    }
    summary = values["registry_summary"]
    assert summary.startswith(
        "The Cohort on Plant-based Diets (COPLANT) study is a multi-centre cohort study"
    )
    assert summary.endswith(
        "Follow-up studies are planned at intervals of 5, 10 and 20 years after the baseline visit."
    )
    criteria = values["eligibility_criteria"]
    assert criteria.startswith("Inclusion Criteria:\n\n* age between 18 and 69 years at recruitment")
    assert criteria.endswith(
        "Exclusion Criteria:\n\n* who can no longer be contacted\n"
        "* who withdraw their consent to participate in the study"
    )
    secondary = values["secondary_outcomes"]
    assert len(secondary) == 42  # the record's otherOutcomes are not read
    assert secondary[0] == {
        "measure": "Incidence of cardiovascular diseases",
        "description": "Incidence of cardiovascular diseases",
        "time_frame": "10, 20 years",
    }
    assert secondary[4] == {
        "measure": "Homocysteine",
        "description": "Homocysteine (µmol/l)",
        "time_frame": "Baseline",
    }
    assert secondary[-1] == {
        "measure": "Intake of medication",
        "description": "Frequencies per day",
        "time_frame": "Baseline",
    }
    assert record.phases == []
    # Austria's one site; Germany's seven, recruiting at five of them.
    assert record.countries == [("AT", "RECRUITING", 1), ("DE", "RECRUITING", 7)]
    assert record.registry_ids == [("nct", "NCT06323538")]
    assert record.references == []  # only a "see also" link, no PMID
    assert record.warnings == []


def test_pfizer_sparse_real_record():
    record = parsed(PFIZER)
    values = record.values
    assert record.nct_id == "NCT07062965"
    assert without_long_texts(values) == {
        "acronym": "",
        "brief_title": "A Study to Learn About the Study Medicine Called PF-07248144 in Combination With "
        "Fulvestrant in People With HR-positive, HER2-negative Advanced or Metastatic Breast Cancer Who "
        "Progressed After a Prior Line of Treatment.",
        "official_title": "",
        "overall_status": "RECRUITING",
        "why_stopped": "",
        **no_dates(),
        "study_type": "",
        "allocation": "",
        "intervention_model": "",
        "masking": "",
        "primary_purpose": "",
        "observational_model": "",
        "enrollment": 400,
        "enrollment_type": "",
        "conditions": ["Breast Cancer"],
        "interventions": [
            {"name": "PF-07248144"},
            {"name": "Fulvestrant"},
            {"name": "Everolimus"},
            {"name": "Exemestane"},
        ],
        "arm_groups": [],
        "primary_outcomes": [],
        "sponsor": "Pfizer",
        "sponsor_class": "",
        "collaborators": [],
        "minimum_age": 18,
        "minimum_age_unit": "YEARS",
        "maximum_age": None,
        "maximum_age_unit": "",
        "sex": "ALL",
        "healthy_volunteers": False,
        "has_results": False,
        "registry_url": "https://clinicaltrials.gov/study/NCT07062965",
    }
    summary = values["registry_summary"]
    # Paragraphs are kept.
    assert summary.startswith(
        "The purpose of this study is to learn about the safety and effects of the study medicine "
        "PF-07248144 when given along with fulvestrant"
    )
    assert "metastatic breast cancer.\n\nHR-positive breast cancer cells have proteins" in summary
    assert summary.endswith(
        "This will help see if PF-07248144 in combination with fulvestrant is safe and effective."
    )
    assert values["eligibility_criteria"] == ""
    assert values["secondary_outcomes"] == []
    assert record.phases == ["PHASE3"]
    # 202 sites in 27 countries, in the order they first appear; a country is recruiting
    # if any of its sites is, "not yet" if all its sites are not yet.
    assert record.countries == [
        ("US", "RECRUITING", 102),
        ("AU", "RECRUITING", 3),
        ("BE", "RECRUITING", 4),
        ("BR", "RECRUITING", 5),
        ("BG", "RECRUITING", 3),
        ("CA", "RECRUITING", 3),
        ("CN", "RECRUITING", 11),
        ("CZ", "RECRUITING", 3),
        ("FI", "RECRUITING", 3),
        ("FR", "NOT_YET_RECRUITING", 7),
        ("DE", "RECRUITING", 4),
        ("GR", "RECRUITING", 3),
        ("HU", "NOT_YET_RECRUITING", 2),
        ("IN", "RECRUITING", 4),
        ("IL", "RECRUITING", 5),
        ("IT", "RECRUITING", 4),
        ("JP", "RECRUITING", 7),
        ("MX", "RECRUITING", 2),
        ("NL", "RECRUITING", 1),
        ("PL", "NOT_YET_RECRUITING", 2),
        ("SK", "RECRUITING", 3),
        ("KR", "RECRUITING", 4),
        ("ES", "RECRUITING", 8),
        ("SE", "RECRUITING", 2),
        ("TW", "RECRUITING", 2),
        ("TR", "RECRUITING", 4),
        ("GB", "NOT_YET_RECRUITING", 1),
    ]
    assert record.registry_ids == [("nct", "NCT07062965")]
    assert record.references == []
    assert record.warnings == []


@pytest.mark.parametrize(
    ("start", "completion", "expected_start", "expected_completion"),
    [
        (
            {"date": "2024-04", "type": "ACTUAL"},
            {"date": "2047", "type": "ESTIMATED"},
            (datetime.date(2024, 4, 1), "month", "ACTUAL"),
            (datetime.date(2047, 1, 1), "year", "ESTIMATED"),
        ),
        (
            {"date": "2031", "type": "ESTIMATED"},
            {"date": "2031-12", "type": "ESTIMATED"},
            (datetime.date(2031, 1, 1), "year", "ESTIMATED"),
            (datetime.date(2031, 12, 1), "month", "ESTIMATED"),
        ),
    ],
)
def test_month_only_and_year_only_dates_keep_their_precision(
    start, completion, expected_start, expected_completion
):
    study = json.loads(COPLANT.read_text(encoding="utf-8"))
    status = study["protocolSection"]["statusModule"]
    status["startDateStruct"], status["completionDateStruct"] = start, completion
    values = parse_study(study).values
    assert (values["start_date"], values["start_date_precision"], values["start_date_type"]) == expected_start
    assert (
        values["completion_date"],
        values["completion_date_precision"],
        values["completion_date_type"],
    ) == expected_completion


@pytest.mark.django_db
def test_the_import_stores_the_mapped_values(trial_index):
    result = trial_import_study(study=json.loads(COPLANT.read_text(encoding="utf-8")), parent=trial_index)
    assert result.outcome == "created"
    trial = TrialPage.objects.get()
    assert (trial.acronym, trial.overall_status, trial.study_type, trial.observational_model) == (
        "COPLANT",
        "RECRUITING",
        "OBSERVATIONAL",
        "COHORT",
    )
    assert (trial.completion_date, trial.completion_date_precision, trial.completion_date_type) == (
        datetime.date(2047, 3, 31),
        "day",
        "ESTIMATED",
    )
    assert (trial.enrollment, trial.enrollment_type) == (6000, "ESTIMATED")
    assert (trial.minimum_age, trial.minimum_age_unit, trial.maximum_age, trial.maximum_age_unit) == (
        18,
        "YEARS",
        69,
        "YEARS",
    )
    assert trial.minimum_age_days == 6574 and trial.maximum_age_days == 25203  # 18 and 69 * 365.25 days
    assert [(c.country, c.recruitment_status, c.site_count) for c in trial.countries.all()] == [
        ("AT", "RECRUITING", 1),
        ("DE", "RECRUITING", 7),
    ]
    assert [(r.registry, r.identifier) for r in trial.registry_ids.all()] == [("nct", "NCT06323538")]
    assert trial.registry_url == "https://clinicaltrials.gov/study/NCT06323538"
    assert list(trial.phases.all()) == []
