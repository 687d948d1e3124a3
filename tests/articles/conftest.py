import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from articles.models import ArticlePageReference
from portal.references.services import reference_upsert
from tests.articles.factories import ArticleIndexPageFactory, ArticlePageFactory, sample_reference


def table_block(caption: str, rows: list[list[str]]) -> dict:
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "table": {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False},
        },
    }


BODY_ZH_HANS = [
    {"type": "heading", "value": {"text": "为什么要看临床试验", "level": "h2"}, "id": "h-why"},
    {
        "type": "paragraph",
        "value": "<p>关于干细胞能否帮助中风康复，最可靠的证据来自登记在案的随机试验[1]。"
        "新生儿中风的研究规模仍然很小[2]，而颅内注射的试验提前结束了[3]。</p>",
        "id": "p-1",
    },
    {"type": "heading", "value": {"text": "三项试验的比较", "level": "h3"}, "id": "h-compare"},
    table_block(
        "表1 三项试验一览",
        [["试验", "途径", "阶段"], ["TREASURE", "静脉", "2/3期"], ["PASSIoN", "鼻内", "1/2期"]],
    ),
    {
        "type": "paragraph",
        "value": "<p>综合来看，这些研究仍需更多证据[1-3]，也要看不同的给药方式[1，3]。</p>",
        "id": "p-2",
    },
]

BODY_EN = [
    {"type": "heading", "value": {"text": "Why trials matter", "level": "h2"}, "id": "h-why"},
    {
        "type": "paragraph",
        "value": "<p>The most trustworthy evidence on stem cells after stroke comes from registered, "
        "randomised trials [1]. Work in newborns is still small [2], and a trial of injections "
        "into the brain stopped early [3].</p>",
        "id": "p-1",
    },
    {"type": "heading", "value": {"text": "Comparing the three trials", "level": "h3"}, "id": "h-compare"},
    table_block(
        "Table 1. The trials side by side",
        [
            ["Trial", "Route", "Phase"],
            ["TREASURE", "Intravenous", "Phase 2/3"],
            ["PASSIoN", "Intranasal", "Phase 1/2"],
        ],
    ),
    {
        "type": "paragraph",
        "value": "<p>Taken together, more evidence is needed [1-3], including on routes [1,3].</p>",
        "id": "p-2",
    },
]


@pytest.fixture
def article_index(home):
    return ArticleIndexPageFactory(parent=home, intro_zh_hans="我们的科普文章。", intro_en="Our articles.")


@pytest.fixture
def editor(django_user_model, article_index):
    """An editor who may add and change pages under the index, but not publish."""
    user = django_user_model.objects.create_user("editor", password="pw", first_name="Ed", last_name="Itor")
    group = Group.objects.create(name="Article editors")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=group, page=article_index, permission=Permission.objects.get(codename=codename)
        )
    user.groups.add(group)
    return user


@pytest.fixture
def sample_references(db):
    treasure = sample_reference("treasure.pubmed.xml")
    wagenaar = sample_reference("wagenaar2025.csl.json")
    registry = reference_upsert(
        fields={
            "kind": "web",
            "title": "NCT03629275",
            "publisher": "ClinicalTrials.gov",
            "url": "https://clinicaltrials.gov/study/NCT03629275",
            "accessed": datetime.date(2025, 6, 1),
        }
    ).reference
    return [treasure, wagenaar, registry]


def make_article(parent, references, **kwargs):
    kwargs.setdefault("body_zh_hans", BODY_ZH_HANS)
    kwargs.setdefault("body_en", BODY_EN)
    links = [
        ArticlePageReference(reference=reference, sort_order=i) for i, reference in enumerate(references)
    ]
    return ArticlePageFactory(parent=parent, reference_links=links, **kwargs)


@pytest.fixture
def article(article_index, sample_references):
    return make_article(
        article_index,
        sample_references,
        title="干细胞治疗中风：三项试验告诉我们什么",
        title_zh_hans="干细胞治疗中风：三项试验告诉我们什么",
        title_en="What three stroke stem-cell trials tell us",
        summary_zh_hans="我们用三项试验说明如何阅读干细胞研究。",
        summary_en="Three trials show how to read stem-cell research.",
        slug_en="three-trials",
    )
