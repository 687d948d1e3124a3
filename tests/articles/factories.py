import datetime
from pathlib import Path

import factory
import wagtail_factories

from articles.models import ArticleIndexPage, ArticlePage, Person, Topic
from portal.references.parsers import parse_bytes
from portal.references.services import reference_upsert

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"


def expected_nlm(filename: str) -> str:
    for line in (FIXTURES / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, text = line.split("\t", 1)
            if name == filename:
                return text
    raise KeyError(filename)


def sample_reference(filename: str):
    """The Reference imported from a sample file, as an editor's import would create it."""
    _fmt, result = parse_bytes((FIXTURES / filename).read_bytes(), filename=filename)
    assert not result.errors, result.errors
    return reference_upsert(fields=result.entries[0].fields).reference


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"作者{n}")
    name_zh_hans = factory.SelfAttribute("name")
    credentials = "医学博士"

    class Meta:
        model = Person


class TopicFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"主题{n}")
    name_zh_hans = factory.SelfAttribute("name")
    name_en = factory.Sequence(lambda n: f"Topic {n}")

    class Meta:
        model = Topic


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "文章"
    title_zh_hans = "文章"
    title_zh_hant = "文章"
    title_en = "Articles"
    slug_zh_hans = "articles"
    slug_en = "articles"

    class Meta:
        model = ArticleIndexPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"干细胞与中风之{n}")
    title_zh_hans = factory.SelfAttribute("title")
    summary_zh_hans = "关于干细胞治疗中风的简短介绍。"
    publish_date = datetime.date(2025, 3, 1)

    class Meta:
        model = ArticlePage
