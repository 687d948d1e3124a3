"""portal.core.commands: the `--parent` resolver and the progress bar the import commands share."""

import io

import pytest
from django.core.management.base import CommandError, OutputWrapper
from wagtail.models import Page

from portal.core.commands import ProgressBar, resolve_parent
from tests.core.factories import HomePageFactory
from tests.trials.factories import TrialIndexPageFactory
from trials.models import TrialIndexPage


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a developer's shell is."""

    def isatty(self):
        return True


@pytest.fixture
def register(home):
    return TrialIndexPageFactory(
        parent=home, slug_zh_hans="shiyan", slug_zh_hant="shiyan-hant", slug_en="trials"
    )


def test_parent_by_id(register):
    assert resolve_parent(TrialIndexPage, str(register.pk)) == register


@pytest.mark.parametrize("value", ["shiyan", "/home/shiyan/", "shiyan-hant", "trials", "/trials/"])
def test_parent_by_the_end_of_its_path_in_any_language(register, value):
    assert resolve_parent(TrialIndexPage, value) == register


def test_a_page_of_another_type_is_refused(register, home):
    with pytest.raises(CommandError, match=r"No trial register '\d+'"):
        resolve_parent(TrialIndexPage, str(home.pk))
    with pytest.raises(CommandError, match="No trial register 'home'"):
        resolve_parent(TrialIndexPage, "home")


def test_only_whole_slugs_match(register):
    with pytest.raises(CommandError, match="No trial register 'yan'"):
        resolve_parent(TrialIndexPage, "yan")


def test_a_path_that_fits_several_pages_names_their_ids(register):
    other_home = HomePageFactory(parent=Page.get_first_root_node(), slug_zh_hans="home2", title="首页 2")
    other = TrialIndexPageFactory(parent=other_home, slug_zh_hans="shiyan", slug_en="trials")
    with pytest.raises(CommandError, match=f"IDs {register.pk}, {other.pk}"):
        resolve_parent(TrialIndexPage, "trials")
    assert resolve_parent(TrialIndexPage, "home2/shiyan") == other


def test_progress_bar_redraws_one_line_and_ends_it():
    out = Terminal()
    with ProgressBar(OutputWrapper(out)) as progress:
        progress(1, 3)
        progress(3, 3)
    assert out.getvalue() == (
        "\r[##########--------------------] 1/3" + "\r[##############################] 3/3" + "\n"
    )


@pytest.mark.parametrize(("stream", "verbosity"), [(io.StringIO(), 1), (Terminal(), 0)])
def test_progress_bar_is_silent_off_a_terminal_or_at_verbosity_0(stream, verbosity):
    with ProgressBar(OutputWrapper(stream), verbosity=verbosity) as progress:
        progress(1, 2)
    assert stream.getvalue() == ""
