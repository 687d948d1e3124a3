import pytest

from portal.core.i18n.chinese import convert_json, to_simplified, to_traditional


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("干细胞", "幹細胞"),
        ("后遗症", "後遺症"),
        ("间充质干细胞治疗中风", "間充質幹細胞治療中風"),
        ("临床试验", "臨床試驗"),
        # OpenCC alone segments 中|风干|细胞 and writes 中風乾細胞 ("wind-dried"): our phrases win.
        ("中风干细胞治疗", "中風幹細胞治療"),
        ("缺血性中风干细胞移植", "缺血性中風幹細胞移植"),
    ],
)
def test_phrase_level_conversion_both_ways(simplified, traditional):
    assert to_traditional(simplified) == traditional
    assert to_simplified(traditional) == simplified


def test_character_tables_would_be_wrong():
    # A character-by-character table gives 干細胞 / 后遺癥; OpenCC's phrases do not.
    assert to_traditional("干细胞") != "干細胞"
    assert to_traditional("后遗症") != "后遺癥"


def test_our_phrases_leave_opencc_own_phrases_alone():
    assert to_traditional("风干的肉") == "風乾的肉"
    assert to_traditional("发布") == "發佈"


def test_ascii_and_structure_survive_json_conversion():
    data = [
        {"type": "paragraph", "value": '<p><a href="https://doi.org/10.1/ABC">干细胞</a></p>', "id": "x1"}
    ]
    converted = convert_json(data, to="zh-hant")
    assert converted[0]["type"] == "paragraph"
    assert converted[0]["id"] == "x1"
    assert converted[0]["value"] == '<p><a href="https://doi.org/10.1/ABC">幹細胞</a></p>'


def test_empty_text_is_left_alone():
    assert to_traditional("") == ""
