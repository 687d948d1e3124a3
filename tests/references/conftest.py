import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english(_default_language):
    """Assertions below read English messages; the language tests set their own."""
    with translation.override("en"):
        yield
