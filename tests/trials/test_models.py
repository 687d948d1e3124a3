import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal.core.models import HomePage, StandardPage
from trials.models import TrialIndexPage, TrialPage, TrialRegistryId
from trials.registries import registry_url, validate_identifier

from .factories import TrialPageFactory, TrialRegistryIdFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("registry", "typed", "stored"),
    [
        ("nct", "NCT02961504", "NCT02961504"),
        ("nct", " nct02961504 ", "NCT02961504"),
        ("chictr", "ChiCTR2000031234", "ChiCTR2000031234"),
        ("chictr", "ChiCTR-IPR-17012345", "ChiCTR-IPR-17012345"),
        ("jrct", "JRCTB030190001", "jRCTb030190001"),
        ("jrct", "jrct2033200032", "jRCT2033200032"),
        ("isrctn", "ISRCTN12345678", "ISRCTN12345678"),
        ("eudract", "2019-001234-56", "2019-001234-56"),
        ("euct", "2023-501234-12-00", "2023-501234-12-00"),
        ("umin", "UMIN000012345", "UMIN000012345"),
    ],
)
def test_valid_identifiers_are_normalised(registry, typed, stored):
    assert validate_identifier(registry, typed) == stored


@pytest.mark.parametrize(
    ("registry", "typed"),
    [
        ("nct", "NCT0296150"),
        ("nct", "NCT029615041"),
        ("chictr", "ChiCTR-IPR-1701234"),
        ("jrct", "jRCT12345678"),
        ("isrctn", "ISRCTN1234567"),
        ("eudract", "2019-001234-5"),
        ("euct", "2019-001234-56"),
        ("umin", "UMIN00012345"),
        ("nct", "ISRCTN12345678"),
    ],
)
def test_invalid_identifiers_are_refused_with_an_example(registry, typed, english):
    with pytest.raises(ValidationError) as error:
        validate_identifier(registry, typed)
    assert "for example" in error.value.messages[0]


def test_registry_links():
    assert registry_url("nct", "NCT02961504") == "https://clinicaltrials.gov/study/NCT02961504"
    assert registry_url("isrctn", "ISRCTN12345678") == "https://www.isrctn.com/ISRCTN12345678"
    assert "UMIN000012345" in registry_url("umin", "UMIN000012345")


def test_registry_id_is_unique_across_trials(trial_index):
    first = TrialPageFactory(parent=trial_index)
    second = TrialPageFactory(parent=trial_index)
    TrialRegistryIdFactory(page=first, identifier="NCT02961504")
    duplicate = TrialRegistryId(page=second, registry="nct", identifier="nct02961504")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert first.title in str(error.value)
    same_page = TrialRegistryId(page=first, registry="nct", identifier="NCT02961504")
    same_page.clean()  # the trial's own row is no conflict


def test_page_creation_rules(trial_index, home):
    assert TrialIndexPage.can_create_at(home)
    assert not TrialPage.can_create_at(home)
    assert TrialPage.can_create_at(trial_index)
    assert TrialIndexPage.allowed_parent_page_models() == [HomePage]
    assert TrialPage.allowed_parent_page_models() == [TrialIndexPage]
    assert not StandardPage.can_create_at(trial_index)


def test_ages_compare_in_days(trial_index):
    newborn = TrialPageFactory(
        parent=trial_index, minimum_age=0, minimum_age_unit="DAYS", maximum_age=28, maximum_age_unit="DAYS"
    )
    adult = TrialPageFactory(parent=trial_index, minimum_age=18, minimum_age_unit="YEARS")
    assert (newborn.minimum_age_days, newborn.maximum_age_days) == (0, 28)
    assert adult.minimum_age_days == 6574 and adult.maximum_age_days is None
    assert list(TrialPage.objects.filter(maximum_age_days__lte=30)) == [newborn]


def test_age_needs_a_unit(trial_index):
    trial = TrialPageFactory.build(minimum_age=18)
    with pytest.raises(ValidationError):
        trial.clean()


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_trial_page_renders_in_every_language(client, trial_index, language):
    trial = TrialPageFactory(
        parent=trial_index,
        acronym="TREASURE",
        title_zh_hans="急性缺血性中风后的干细胞静脉注射",
        title_en="Intravenous stem cells after acute ischaemic stroke",
        summary_zh_hans="研究人员比较干细胞与安慰剂。",
        summary_en="Researchers compare donor cells with a placebo.",
        enrollment=206,
        enrollment_type="ACTUAL",
        sponsor="Healios K.K.",
    )
    TrialRegistryIdFactory(page=trial, identifier="NCT02961504")
    with translation.override(language):
        response = client.get(trial.get_url())
    html = response.content.decode()
    assert response.status_code == 200
    expected = {
        "zh-hans": "研究人员比较干细胞与安慰剂",
        "zh-hant": "研究人員比較幹細胞與安慰劑",
        "en": "Researchers compare donor cells",
    }[language]
    assert expected in html
    assert "https://clinicaltrials.gov/study/NCT02961504" in html
    assert "not been translated" not in html


@pytest.mark.parametrize(("language", "notice"), [("zh-hans", True), ("zh-hant", True), ("en", False)])
def test_untranslated_trial_says_so_in_chinese(client, trial_index, language, notice):
    trial = TrialPageFactory(
        parent=trial_index,
        title_zh_hans="Treatment Evaluation of Acute Stroke",
        title_en="Treatment Evaluation of Acute Stroke",
        needs_translation=True,
        registry_summary="The registry's English summary.",
    )
    with translation.override(language):
        html = client.get(trial.get_url()).content.decode()
    assert ('class="notice notice--untranslated"' in html) is notice
    assert "The registry&#x27;s English summary." in html


@pytest.mark.parametrize(
    ("title_en", "heading"),
    [
        ("TREASURE: donor stem cells after a stroke", "TREASURE: donor stem cells after a stroke"),
        ("Donor stem cells after a stroke", "TREASURE: Donor stem cells after a stroke"),
    ],
)
def test_trial_page_heading_names_the_acronym_once(client, trial_index, title_en, heading):
    trial = TrialPageFactory(parent=trial_index, acronym="TREASURE", title_en=title_en)
    with translation.override("en"):
        html = client.get(trial.get_url()).content.decode()
    assert f"<h1>{heading}</h1>" in html


@pytest.mark.parametrize(
    ("language", "label"), [("zh-hans", "正式标题："), ("zh-hant", "正式標題："), ("en", "Official title: ")]
)
def test_labels_use_the_languages_own_colon(client, trial_index, language, label):
    trial = TrialPageFactory(parent=trial_index, official_title="Treatment Evaluation of Acute Stroke")
    with translation.override(language):
        html = client.get(trial.get_url()).content.decode()
    assert f"{label}</span>" in html
