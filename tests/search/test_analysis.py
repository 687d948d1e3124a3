from wagtail.search.query import And, Or, PlainText

from portal.core.search.analysis import index_words, query_words
from portal.core.search.query import MAX_QUERY_WORDS, build_query


def test_both_scripts_and_mixed_text_give_the_same_words():
    assert index_words("幹細胞") == index_words("干细胞") == index_words("干細胞")
    assert query_words("間充質幹細胞") == query_words("间充质干细胞") == ["间充质干细胞"]


def test_a_long_word_is_indexed_with_the_words_inside_it_but_not_its_characters():
    words = index_words("骨髓间充质干细胞移植治疗缺血性中风").split()
    assert {"间充质干细胞", "干细胞", "缺血性中风", "中风"} <= set(words)
    assert "干" not in words


def test_domain_terms_are_words():
    for term in ("外泌体", "神经干细胞", "脑卒中", "出血性中风", "诱导多能干细胞"):
        assert query_words(term) == [term]


def test_english_registry_ids_and_acronyms_are_lower_case_words():
    assert query_words("MASTERS-2 NCT01436487") == ["masters", "2", "nct01436487"]


def test_nothing_searchable_gives_no_query():
    for text in ("", "   ", "？！…,.;", "🙂🧠💉"):
        assert build_query(text) is None


def test_a_long_query_is_cut():
    query = build_query("干细胞 " * 500)
    assert isinstance(query, PlainText)
    assert len(query.query_string.split()) == MAX_QUERY_WORDS


def test_a_synonym_matches_any_term_of_its_group():
    groups = [["MSC", "间充质干细胞", "mesenchymal stem cell"]]
    query = build_query("MSC 中风", synonym_groups=groups)
    assert isinstance(query, And)
    plain, alternatives = query.subqueries
    assert plain.query_string == "中风"
    assert isinstance(alternatives, Or)
    assert [q.query_string for q in alternatives.subqueries] == [
        "msc",
        "间充质干细胞",
        "mesenchymal stem cell",
    ]
    # Plural and the other script spell the same term.
    assert isinstance(build_query("mesenchymal stem cells", synonym_groups=groups), Or)
    assert isinstance(build_query("間充質幹細胞", synonym_groups=groups), Or)
