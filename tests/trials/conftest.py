from pathlib import Path

import pytest

from .registry_server import RegistryServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ctgov"
SAMPLE_FILES = sorted(FIXTURES.glob("*.json"))
TREASURE = FIXTURES / "NCT02961504.handbuilt.json"
PASSION = FIXTURES / "NCT03356821.handbuilt.json"


@pytest.fixture
def registry(settings):
    """A local stand-in for ClinicalTrials.gov that the sync talks to."""
    with RegistryServer() as server:
        settings.CTGOV_API_BASE_URL = server.base_url
        yield server


@pytest.fixture
def english():
    """Messages asserted word for word are checked in English (the msgids)."""
    from django.utils import translation

    with translation.override("en"):
        yield
