"""The demo content, and an article imported since, are found at once (issue 14: `make run`)."""

import pytest
from django.core.management import call_command

from articles.importer.services import article_import
from tests.search.test_search import search, titles

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "query"),
    [("zh-hans", "干细胞"), ("zh-hant", "幹細胞"), ("zh-hans", "中风"), ("en", "stroke"), ("en", "TREASURE")],
)
def test_the_demo_content_is_found(client, language, query):
    call_command("seed_demo", verbosity=0)
    assert search(client, query, language=language).context["total"] >= 1


def test_an_imported_article_is_found_at_once_from_either_script(client, article_index):
    text = "外泌體治療中風的新進展\n\n研究者正在評估間充質幹細胞分泌的外泌體。\n"
    result = article_import(data=text.encode(), lang="zh-hant", parent=article_index, publish=True)
    assert result.ok
    assert titles(search(client, "间充质干细胞")) == ["外泌体治疗中风的新进展"]
    assert titles(search(client, "外泌體", language="zh-hant")) == ["外泌體治療中風的新進展"]
