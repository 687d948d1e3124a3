"""Country names from django-countries in three languages, and the registry's spellings."""

import pytest

from trials.countries import country_choices, country_code, country_name


@pytest.mark.parametrize(
    ("code", "names"),
    [
        ("CN", ("中国", "中國", "China")),
        ("US", ("美国", "美國", "United States of America")),
        ("KR", ("韩国", "南韓", "South Korea")),
        # Our corrections of the library's catalogues
        ("TW", ("中国台湾", "台灣", "Taiwan")),
        ("HK", ("中国香港", "香港", "Hong Kong")),
        ("GL", ("格陵兰", "格陵蘭", "Greenland")),
        ("NR", ("瑙鲁", "諾魯", "Nauru")),
    ],
)
def test_names_in_three_languages(code, names):
    assert tuple(country_name(code, language) for language in ("zh-hans", "zh-hant", "en")) == names


@pytest.mark.parametrize(
    ("spelling", "code"),
    [
        ("China", "CN"),
        ("United States", "US"),
        ("Korea, Republic of", "KR"),
        ("Turkey (Türkiye)", "TR"),
        ("Türkiye", "TR"),
        ("Czech Republic", "CZ"),
        ("Russian Federation", "RU"),
        ("Viet Nam", "VN"),
        ("Iran, Islamic Republic of", "IR"),
        ("  taiwan ", "TW"),
    ],
)
def test_registry_spellings_map_to_one_code(spelling, code):
    assert country_code(spelling) == code


def test_unknown_names_and_codes():
    assert country_code("Atlantis") is None
    assert country_name("XX") == "XX"


def test_choices_cover_every_country_in_a_stable_order():
    choices = country_choices()
    assert len(choices) == 249
    assert choices[0][0] == "AF"  # Afghanistan, first of the English names
