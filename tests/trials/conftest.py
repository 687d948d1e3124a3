from pathlib import Path

import pytest

from .factories import TrialIndexPageFactory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ctgov"
SAMPLE_FILES = sorted(FIXTURES.glob("*.json"))
TREASURE = FIXTURES / "NCT02961504.handbuilt.json"
PASSION = FIXTURES / "NCT03356821.handbuilt.json"


@pytest.fixture
def trial_index(home):
    return TrialIndexPageFactory(parent=home)


@pytest.fixture
def english():
    """Messages asserted word for word are checked in English (the msgids)."""
    from django.utils import translation

    with translation.override("en"):
        yield
