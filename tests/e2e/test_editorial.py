"""An editor imports an article through the admin's preview, fills its Traditional
Chinese from the Simplified, and submits it for medical review; a reviewer approves; the
article is live, and nginx's cache was refreshed: visitors get the new version at once."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from deploy.stack import manage
from tests.e2e.site import eventually, proxy_client, sign_in

pytestmark = pytest.mark.xdist_group("e2e")

ARTICLE_FILE = Path(settings.BASE_DIR) / "tests/fixtures/articles_import/sample_article_zh_hans.md"
TITLE = "干细胞治疗中风：三项临床试验告诉我们什么"  # the file's first line
TITLE_ZH_HANT = "幹細胞治療中風：三項臨床試驗告訴我們什麼"
INDEX = "/zh-hans/articles/"

PAGE_SCRIPT = """
import json
from articles.models import ArticlePage
page = ArticlePage.objects.get(pk={pk})
print(json.dumps({{"live": page.live, "title_zh_hant": page.title_zh_hant, "reviewer": str(page.medical_reviewer or "")}}))
"""


def stored(stack, pk: int) -> dict:
    """The live article as the database holds it."""
    return json.loads(manage(stack.env, "shell", "-c", PAGE_SCRIPT.format(pk=pk)).strip().splitlines()[-1])


def cached_copy(visitor, path: str):
    """The proxy's stored copy of `path`: asked until nginx answers from its cache."""
    return eventually(
        lambda: (response := visitor.get(path)).headers.get("X-Proxy-Cache") == "HIT" and response,
        what=f"nginx to cache {path}",
        timeout=10,
    )


def test_an_imported_article_goes_live_after_review(stack, users, desktop, shots):
    base = stack.proxy_url
    visitor = proxy_client(stack)
    for listing in (INDEX, "/zh-hans/"):
        assert TITLE not in cached_copy(visitor, listing).text

    # The editor uploads the file and checks the preview: nothing is saved yet.
    editor = desktop()
    sign_in(editor, base, users["editor"])
    editor.locator(".sidebar-main-menu a[href='/admin/articles/import/']").click()
    editor.set_input_files("#id_file", ARTICLE_FILE)
    editor.select_option("#id_lang", "zh-hans")
    expect(editor.locator("#id_parent option:checked")).to_have_text("科普文章")
    shots(editor, "import form")
    editor.locator("#id_file").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    expect(editor.locator(".article-import-preview__title")).to_have_text(TITLE)
    expect(editor.locator(".article-import-preview__outline > li")).to_have_count(5)
    expect(editor.locator(".article-import-preview__references > li")).to_have_count(3)
    shots(editor, "import preview")
    editor.locator(".article-import-preview__confirm button[type=submit]").click()
    report = editor.locator(".article-import-report")
    expect(report).to_be_visible()
    shots(editor, "imported as a draft")
    public_path = report.locator("a[href^='/zh-hans/articles/']").get_attribute("href")
    edit_link = report.locator("a[href$='/edit/']")
    pk = int(edit_link.get_attribute("href").split("/")[-3])
    assert visitor.get(public_path).status_code == 404  # a draft

    # Fill the empty Traditional Chinese fields from the Simplified (confirmed, then saved as a draft).
    edit_link.click()
    editor.locator("#w-slim-header-buttons .w-dropdown__toggle").click()
    editor.locator(f"a[href='/admin/pages/{pk}/fill-script/zh-hant/']").click()
    shots(editor, "fill Traditional Chinese: confirm")
    editor.locator("#main form button[type=submit]").click()
    expect(editor).to_have_url(f"{base}/admin/pages/{pk}/edit/")
    expect(editor.locator(".messages .success")).to_be_visible()
    shots(editor, "Traditional Chinese filled")

    # Submitted for review: the editor is not offered Publish at all.
    editor.locator("footer .w-dropdown__toggle").click()
    expect(editor.locator("footer button[name=action-publish]")).to_have_count(0)
    editor.locator("footer button[name=action-submit]").click()
    expect(editor.locator(".messages .success")).to_contain_text(TITLE)
    shots(editor, "submitted for review")
    assert visitor.get(public_path).status_code == 404

    # The reviewer finds it on the dashboard and approves it.
    reviewer = desktop()
    sign_in(reviewer, base, users["reviewer"])
    expect(reviewer.locator("main")).to_contain_text(TITLE)
    shots(reviewer, "reviewer dashboard")
    reviewer.goto(f"{base}/admin/pages/{pk}/edit/")
    reviewer.locator("footer .w-dropdown__toggle").click()
    shots(reviewer, "review actions")
    reviewer.locator(
        "footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
    ).click()
    expect(reviewer.locator(".messages .success")).to_be_visible()
    shots(reviewer, "approved")

    article = stored(stack, pk)
    assert article["live"] and article["title_zh_hant"] == TITLE_ZH_HANT
    assert article["reviewer"].startswith("Lin Wang")

    # nginx's copies were refreshed by the purge: the listing it had cached shows the article
    # (from its cache, not a fetch of its own), and so do the article's pages.
    for listing in (INDEX, "/zh-hans/"):  # the index, and the home page's latest articles
        after = eventually(
            lambda listing=listing: TITLE in (response := visitor.get(listing)).text and response,
            what=f"the proxy's {listing} to show the new article",
        )
        assert after.headers["X-Proxy-Cache"] == "HIT"
    page = cached_copy(visitor, public_path)
    assert TITLE in page.text and "Lin Wang" in page.text
    translated = visitor.get(public_path.replace("/zh-hans/", "/zh-hant/"))
    assert translated.status_code == 200 and TITLE_ZH_HANT in translated.text
