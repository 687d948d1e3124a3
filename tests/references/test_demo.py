import pytest

from portal.references import demo
from portal.references.models import Reference
from tests.references.helpers import expected_lines

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_renders_the_expected_strings():
    messages = []
    demo.seed(messages.append)
    assert Reference.objects.count() == 2
    treasure = Reference.objects.get(pmid="38227308")
    assert treasure.nlm_citation() == expected_lines()["treasure.pubmed.xml"]
    assert treasure.note_en and treasure.note_zh_hans and treasure.note_zh_hant
    wagenaar = Reference.objects.get(pmid="40654084")
    assert wagenaar.nlm_citation() == expected_lines()["wagenaar2025.csl.json"]

    treasure.note_en = "Edited by an editor."
    treasure.save()
    demo.seed(messages.append)
    assert Reference.objects.count() == 2
    treasure.refresh_from_db()
    assert treasure.note_en == "Edited by an editor."
    assert messages[-1].endswith("already exists")
