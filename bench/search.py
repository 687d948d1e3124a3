"""Site search over many articles: index build time, and p50/p99 server time per query.

Drops and recreates the PostgreSQL database in BENCH_DATABASE_URL (default
`portal_search_bench`), migrates, collects static files and runs `seed_demo` with the
production settings, then inserts N articles directly (Wagtail's page API would take
most of an hour for 10,000): their text is cut from the sample articles in
tests/fixtures/articles_import/ (Simplified, Traditional, English), a different part
of a sample for each article, so a query finds some and not others. The search index
is then built by Wagtail's own `update_index`, and timed. Queries are timed through
Django's test client: the whole server side (middleware, routing, search, template),
without the network.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/search_bench \\
        .venv/bin/python bench/search.py --articles 10000 --repeat 30
"""

import argparse
import json
import logging
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

SAMPLES = BASE_DIR / "tests" / "fixtures" / "articles_import"
QUERIES = [
    "干细胞",
    "間充質幹細胞",
    "中风 康复",
    "脑卒中",
    "外泌体",
    "stroke",
    "mesenchymal stem cells",
    "TREASURE",
    "NCT02961504",
    "量子隧穿效应",  # found nowhere
]
# Sentences added to some articles only, so that their terms are rarer than the samples'.
EXTRA = {
    "zh-hans": [
        "外泌体是细胞分泌的小囊泡，研究者正在评估它们能否代替细胞本身。",
        "脑卒中后的康复训练同样重要。",
    ],
    "zh-hant": [
        "外泌體是細胞分泌的小囊泡，研究者正在評估它們能否代替細胞本身。",
        "腦卒中後的康復訓練同樣重要。",
    ],
    "en": ["Exosomes are small vesicles released by cells.", "Rehabilitation after stroke matters as much."],
}
_MARKUP = re.compile(r"^[#>\-*|\d.\s]+|\[\d[\d,\-–\s]*\]|[|*_`]")


def prepare_database(url: str, redis_url: str) -> None:
    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    for sql in (f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'):
        subprocess.run(["psql", admin, "-qc", sql], check=True)
    subprocess.run(["redis-cli", "-u", redis_url, "flushdb"], check=True, capture_output=True)


def production_environment(database_url: str, redis_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY="bench-only-secret-key-" + "x" * 40,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        REDIS_URL=redis_url,
        SECURE_SSL_REDIRECT="false",
        SITE_URL="http://127.0.0.1:8000",
    )


def sample_lines() -> dict[str, list[str]]:
    files = {
        "zh-hans": "sample_article_zh_hans.md",
        "zh-hant": "sample_article_wechat_zh_hant.txt",
        "en": "sample_article_en.md",
    }
    lines = {}
    for lang, name in files.items():
        text = (SAMPLES / name).read_text(encoding="utf-8")
        text = text.split("参考文献")[0].split("參考文獻")[0].split("References")[0]
        cleaned = (_MARKUP.sub("", line).strip() for line in text.splitlines())
        lines[lang] = [line for line in cleaned if len(line) > 1 and not set(line) <= set("-: ")]
    return lines


def article_text(lines: list[str], lang: str, rng: random.Random) -> tuple[str, str, list[dict]]:
    """Title, summary and body: about 70% of a sample's lines, in order, and maybe an extra."""
    title, *rest = lines
    kept = [line for line in rest if rng.random() < 0.7]
    for sentence in EXTRA[lang]:
        if rng.random() < 0.15:
            kept.insert(rng.randrange(len(kept) + 1), sentence)
    body = [{"type": "paragraph", "value": f"<p>{line}</p>", "id": str(uuid.uuid4())} for line in kept]
    return title, kept[0][:120], body


def build_site(count: int, seed: int = 11) -> None:
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    call_command("seed_demo", verbosity=0)
    from django.db import transaction

    with transaction.atomic():
        _insert_articles(count, random.Random(seed))  # noqa: S311 - test data, not secrets


def _insert_articles(count: int, rng: random.Random) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from articles.models import ArticleIndexPage, ArticlePage, Topic
    from portal.core.i18n.chinese import to_simplified
    from portal.core.i18n.slugs import language_codes

    index = ArticleIndexPage.objects.live().first()
    content_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    now = timezone.now()
    texts = sample_lines()
    topics = list(Topic.objects.all())
    codes = [code.replace("-", "_") for code in language_codes()]
    start = index.numchild + 1
    page_fields = {field.name for field in Page._meta.get_fields()}

    pages, articles = [], []
    for n in range(count):
        lang = rng.choices(["zh-hans", "zh-hant", "en"], weights=[4, 3, 3])[0]
        title, summary, body = article_text(texts[lang], lang, rng)
        title = f"{title}（{n}）"
        slug = f"bench-{n}"
        url_path = f"{index.url_path}{slug}/"
        page = Page(
            content_type=content_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            path=Page._get_path(index.path, index.depth + 1, start + n),
            depth=index.depth + 1,
            numchild=0,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            slug=slug,
            url_path=url_path,
        )
        for code in codes:
            for name, value in (("slug", slug), ("url_path", url_path)):
                if f"{name}_{code}" in page_fields:
                    setattr(page, f"{name}_{code}", value)
        # As the importer stores them: the default language (Simplified) always has a title.
        zh_title = to_simplified(title) if lang == "zh-hant" else title
        page.title = page.draft_title = page.title_zh_hans = (
            zh_title if lang != "en" else f"干细胞与中风（{n}）"
        )
        fields = {"summary": summary, "body": body}
        if lang == "zh-hant":
            page.title_zh_hant = title
        if lang == "en":
            page.title_en = title
        pages.append(page)
        articles.append((lang.replace("-", "_"), fields))
    Page.objects.bulk_create(pages, batch_size=500)

    ids = list(
        Page.objects.filter(depth=index.depth + 1, path__startswith=index.path, slug__startswith="bench-")
        .order_by("path")
        .values_list("pk", flat=True)
    )
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + len(ids))
    links = []
    for page_id, (code, fields) in zip(ids, articles, strict=True):
        article = ArticlePage(page_ptr_id=page_id, publish_date=now.date())
        for name, value in fields.items():
            setattr(article, f"{name}_{code}", value)
        article.save_base(raw=True)  # the article row only: its page row was bulk-inserted
        if topics:
            links.append(ArticlePage.topics.through(articlepage_id=page_id, topic_id=rng.choice(topics).pk))
    ArticlePage.topics.through.objects.bulk_create(links, batch_size=1000)


def build_index() -> float:
    """Wagtail's `update_index`, as after a deployment: every indexed model, from scratch."""
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("update_index", verbosity=0)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a real site
    return seconds


def measure(client, language: str, query: str, repeat: int) -> dict:
    from django.db import connection

    url = f"/{language}/search/"
    params = {"q": query}

    def get():
        response = client.get(url, params)
        assert response.status_code == 200, (url, query, response.status_code)
        return response

    for _ in range(3):  # warm-up
        get()
    statements = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)
    ):
        get()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "language": language,
        "query": query,
        "found": found(language, query),
        "queries": len(statements),
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(times[min(len(times) - 1, round(0.99 * (len(times) - 1)))], 1),
    }


def found(language: str, text: str) -> int:
    from django.utils import translation

    from portal.core.search import results
    from portal.core.search.query import search_query

    query = search_query(text)
    if query is None:
        return 0
    with translation.override(language):
        _, counts = results.search(query, language=language, types=results.page_types(), only=None)
    return sum(counts.values())


def versions() -> dict:
    import django
    import jieba
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "jieba": jieba.__version__,
        "postgresql": postgres,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average": [round(load, 2) for load in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per query, after 3 warm-ups")
    parser.add_argument(
        "--database",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_search_bench"
        ),
        help="throwaway PostgreSQL database URL (dropped and recreated)",
    )
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"))
    parser.add_argument("--reuse", action="store_true", help="measure the database built by an earlier run")
    args = parser.parse_args()
    if not args.reuse:
        prepare_database(args.database, args.redis)
    production_environment(args.database, args.redis)

    import django
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    django.setup()
    logging.disable(logging.INFO)  # the request log of every timed request
    from django.test import Client

    # One connection for the whole run: connecting is not what is measured.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    index_seconds = None
    if not args.reuse:
        started = time.perf_counter()
        build_site(args.articles)
        print(f"inserted {args.articles} articles in {time.perf_counter() - started:.0f} s")
        index_seconds = build_index()
        print(f"update_index: {index_seconds:.1f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    results = []
    print(f"{'p50 ms':>8} {'p99 ms':>8} {'SQL':>4} {'found':>6}  query")
    for query in QUERIES:
        language = "en" if query.isascii() else "zh-hans"
        result = measure(client, language, query, args.repeat)
        results.append(result)
        print(
            f"{result['p50_ms']:8.1f} {result['p99_ms']:8.1f} {result['queries']:4d} {result['found']:6d}  "
            f"/{language}/search/?q={query}"
        )
    about = versions()
    print(json.dumps(about, ensure_ascii=False))
    out = BASE_DIR / "bench" / "results" / "search.json"
    out.parent.mkdir(exist_ok=True)
    payload = {"articles": args.articles, "repeat": args.repeat, "index_seconds": index_seconds, **about}
    out.write_text(json.dumps({**payload, "results": results}, indent=1, ensure_ascii=False))
    print(f"written {out.relative_to(BASE_DIR)}")


if __name__ == "__main__":
    main()
