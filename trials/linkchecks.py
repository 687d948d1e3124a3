"""What the link checker collects from trials, and which registries refuse robots.

Registered from TrialsConfig.ready(): a trial page's rich text and URL fields are
walked by the checker itself; its registry IDs become links to the registry pages.
"""

from urllib.parse import unquote, urlsplit

from portal.linkchecker.registry import Found, register, register_robot_refuser
from trials.registries import FORMATS, registry_url

# ChiCTR's own site names a study by a project number, not its registry ID.
CHICTR_HOSTS = ("www.chictr.org.cn", "chictr.org.cn")


def trial_links(page):
    for registry_id in page.registry_ids.all():
        url = registry_url(registry_id.registry, registry_id.identifier)
        if url:
            yield Found(url, "registry_ids")


def names_valid_identifier(url: str) -> bool:
    """The URL carries an identifier in one of the registries' formats."""
    parts = urlsplit(url)
    text = unquote(f"{parts.path}?{parts.query}")
    if parts.hostname in CHICTR_HOSTS and "proj=" in parts.query:
        return True
    return any(fmt.pattern.search(text) for fmt in FORMATS.values())


def register_links() -> None:
    register("trials.TrialPage", extra_links=trial_links)
    register("trials.TrialIndexPage")
    hosts = {urlsplit(fmt.url).hostname for fmt in FORMATS.values()} | set(CHICTR_HOSTS)
    for host in hosts:
        register_robot_refuser(host, names_valid_identifier)
