"""Builds one article the size of a real one (run inside `manage.py shell`).

About 15 KB of text, a table, 7 references, 2 authors, topics shared with 4
related articles. Written for the benchmark only, in our own words.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.models import (
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageReference,
    Person,
    Topic,
)
from portal.references.services import reference_upsert

PARAGRAPH = (
    "<p>研究人员正在评估干细胞能否帮助中风后的神经功能恢复[1]。早期试验主要关注安全性，"
    "随后的试验开始比较不同给药时间、细胞剂量和给药途径的效果[2,3]。患者和家属在了解这些研究时，"
    "需要注意试验的设计、入组人数以及随访时间，因为这些因素决定了结果能否推广到更多人群[4-6]。"
    "目前的证据仍然有限，任何治疗都应在正规临床试验中进行[7]。</p>"
)


def build(slug: str = "bench-article") -> str:
    translation.activate("zh-hans")
    index = ArticleIndexPage.objects.live().first()
    existing = ArticlePage.objects.filter(slug_zh_hans=slug).first()
    if existing:
        return existing.url
    references = [
        reference_upsert(
            fields={
                "kind": "article",
                "authors": [{"family": f"Author{n}", "given": "A", "initials": "A"}],
                "title": f"A study of cell therapy after stroke, part {n}.",
                "journal_abbreviation": "J Stroke Res",
                "year": 2020 + n % 5,
                "volume": str(n),
                "pages": f"{n}0-{n}9",
                "doi": f"10.5555/bench.{n}",
                "pmid": str(90000000 + n),
            }
        ).reference
        for n in range(1, 8)
    ]
    topic, _ = Topic.objects.get_or_create(slug="bench-topic", defaults={"name": "基准测试"})
    people = [Person.objects.get_or_create(name=f"作者{n}")[0] for n in range(2)]
    body = []
    for section in range(10):
        body.append({"type": "heading", "value": {"text": f"第{section + 1}部分：研究进展", "level": "h2"}})
        body.extend({"type": "paragraph", "value": PARAGRAPH} for _ in range(2))
    body.insert(
        3,
        {
            "type": "table",
            "value": {
                "caption": "主要试验",
                "table": {
                    "data": [["试验", "细胞", "途径", "阶段"]]
                    + [[f"试验{n}", "MSC", "静脉", "2期"] for n in range(6)],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                },
            },
        },
    )

    def make(title, page_slug, page_body):
        page = ArticlePage(
            title_zh_hans=title,
            slug_zh_hans=page_slug,
            summary_zh_hans="基准测试文章。",
            body_zh_hans=page_body,
        )
        for position, reference in enumerate(references):
            page.reference_links.add(ArticlePageReference(reference=reference, sort_order=position))
        for position, person in enumerate(people):
            page.author_links.add(ArticlePageAuthor(person=person, sort_order=position))
        index.add_child(instance=page)
        page.topics.add(topic)
        page.save_revision().publish()
        return page

    for n in range(4):
        make(f"相关文章{n}", f"{slug}-related-{n}", body[:3])
    article = make("干细胞治疗中风：基准测试文章", slug, body)
    return article.url


def count_queries(url: str) -> int:
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries), len(response.content)
