"""What the link checker collects, filled by the apps that own the content.

Apps above this one (`articles`, `trials`) call `register` and
`register_robot_refuser` from their `AppConfig.ready()`; models beside it
(`references.Reference`) are named by label in this app's own `ready()`. Every
registered model's URL fields, rich text and StreamField blocks are walked in all
languages (`collect`); `extra_links` adds URLs built from other data (a DOI, a registry ID).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple
from urllib.parse import quote, urlsplit


class Found(NamedTuple):
    """A URL found in one field of an object, in one language ("" when not translated)."""

    url: str
    field: str
    language: str = ""


@dataclass(frozen=True)
class Source:
    label: str  # "app_label.ModelName"
    extra_links: Callable[[object], Iterable[Found]] | None = None
    live: bool = True  # pages: only the live ones
    describe: Callable[[object], str] = str  # how the report names an object


@dataclass(frozen=True)
class RobotRefuser:
    """A registry whose pages exist but answer robots 403 (ClinicalTrials.gov, ChiCTR)."""

    host: str
    valid_id: Callable[[str], bool]  # the URL names a well-formed identifier


_sources: dict[str, Source] = {}
_refusers: dict[str, RobotRefuser] = {}


def register(
    label: str,
    *,
    extra_links: Callable[[object], Iterable[Found]] | None = None,
    live: bool = True,
    describe: Callable[[object], str] = str,
) -> None:
    _sources[label] = Source(label, extra_links, live, describe)


def register_robot_refuser(host: str, valid_id: Callable[[str], bool]) -> None:
    _refusers[host.lower()] = RobotRefuser(host.lower(), valid_id)


def sources() -> list[Source]:
    return list(_sources.values())


def source_for(label: str) -> Source | None:
    return _sources.get(label)


def refuses_robots(url: str) -> bool:
    """A 403 from this URL means "exists but no robots": the host is a known registry
    and the URL names a valid identifier."""
    host = (urlsplit(url).hostname or "").lower()
    refuser = _refusers.get(host) or _refusers.get(host.removeprefix("www."))
    return refuser is not None and refuser.valid_id(url)


DOI_PATTERN = re.compile(r"10\.\d{4,9}/\S+")


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-<>[]")


def reference_links(reference) -> Iterable[Found]:
    """A reference's DOI, as the doi.org link the citation shows (its URL field is walked anyway)."""
    if reference.doi:
        yield Found(doi_url(reference.doi), "doi")


def promotion_links(promotion) -> Iterable[Found]:
    """A search promotion of a page of this site (its external URL is walked anyway)."""
    if promotion.page_id:
        yield Found(f"page:{promotion.page_id}", "page")


def describe_promotion(promotion) -> str:
    return f"{promotion.query.query_string}: {promotion.title or promotion.external_link_url}"


def _doi_is_valid(url: str) -> bool:
    return DOI_PATTERN.fullmatch(urlsplit(url).path.lstrip("/")) is not None


# doi.org answers 404 for a DOI it does not know; a publisher behind it may refuse robots.
register_robot_refuser("doi.org", _doi_is_valid)
