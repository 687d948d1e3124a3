"""Citation markers in quote and captioned-image blocks link to the list and back, and are validated."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail_factories import ImageFactory

from tests.articles.conftest import make_article

pytestmark = pytest.mark.django_db


def body_with_quote_and_image(image_id: int, *, quote_marker: str = "[1]", caption_marker: str = "[2,3]"):
    return [
        {"type": "heading", "value": {"text": "试验怎么说", "level": "h2"}, "id": "h-1"},
        {
            "type": "quote",
            "value": {"text": f"细胞治疗总体安全{quote_marker}", "attribution": "研究者"},
            "id": "q-1",
        },
        {
            "type": "image",
            "value": {
                "image": image_id,
                "alt_text": "试验流程图",
                "caption": f"图1 两项试验{caption_marker}",
            },
            "id": "i-1",
        },
    ]


@pytest.fixture
def article_with_figures(article_index, sample_references):
    image = ImageFactory()
    return make_article(
        article_index,
        sample_references,
        body_zh_hans=body_with_quote_and_image(image.pk),
        body_en=[],
        slug_en="figures",
    )


def test_quote_and_caption_markers_link_to_their_entries_and_back(client, article_with_figures):
    with translation.override("zh-hans"):
        html = client.get(article_with_figures.get_url()).content.decode()

    quote = html[html.index('<figure class="quote">') : html.index("</figure>", html.index('class="quote"'))]
    assert '<a href="#ref-1" id="cite-1-1">1</a>' in quote
    caption_start = html.index("<figcaption>图1")
    caption = html[caption_start : html.index("</figcaption>", caption_start)]
    assert '<a href="#ref-2" id="cite-2-1">2</a>,<a href="#ref-3" id="cite-3-1">3</a>' in caption
    for number in (1, 2, 3):
        assert f'<a href="#cite-{number}-1" class="reference-list__backlink"' in html


@pytest.mark.parametrize(
    ("quote_marker", "caption_marker"),
    [("[4]", "[2]"), ("[1]", "[2-5]")],
    ids=["quote", "caption"],
)
def test_markers_past_the_list_in_quotes_and_captions_are_refused(
    article_index, sample_references, quote_marker, caption_marker
):
    image = ImageFactory()
    page = make_article(article_index, sample_references, slug_en="ok")
    page.body_zh_hans = body_with_quote_and_image(
        image.pk, quote_marker=quote_marker, caption_marker=caption_marker
    )
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    assert "citation_out_of_range" in {error.code for error in raised.value.error_dict["__all__"]}
