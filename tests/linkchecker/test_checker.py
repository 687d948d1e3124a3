"""The checker against real HTTP servers on 127.0.0.1 (each port a host)."""

import pytest

from portal.linkchecker.checker import check_urls
from tests.linkchecker.servers import Answer, Host, InFlight, serving


def check(url, **options):
    return check_urls([url], **options)[url]


@pytest.fixture
def site():
    host = Host(
        {
            "/ok": Answer(200),
            "/gone": Answer(410),
            "/missing": Answer(404),
            "/error": Answer(500),
            "/no-head": Answer(200, head_status=405),
            "/head-unimplemented": Answer(200, head_status=501),
            "/chain-1": Answer(302, headers={"Location": "/chain-2"}),
            "/chain-2": Answer(307, headers={"Location": "/chain-3"}),
            "/chain-3": Answer(200),
            "/loop-a": Answer(302, headers={"Location": "/loop-b"}),
            "/loop-b": Answer(302, headers={"Location": "/loop-a"}),
            "/moved": Answer(301, headers={"Location": "/new-home"}),
            "/new-home": Answer(200),
            "/busy": [Answer(429, headers={"Retry-After": "1"}), Answer(200)],
            "/maintenance": [Answer(503, headers={"Retry-After": "1"}), Answer(200)],
            "/slow": Answer(200, delay=3),
            "/huge": Answer(200, head_status=405, endless_bytes=200 * 1024 * 1024),
        }
    )
    with serving(host):
        yield host


def test_ok_with_head_only(site):
    outcome = check(site.url("/ok"))
    assert (outcome.status, outcome.status_code, outcome.error) == ("ok", 200, "")
    assert site.methods("/ok") == ["HEAD"]


@pytest.mark.parametrize(("path", "code"), [("/missing", 404), ("/gone", 410), ("/error", 500)])
def test_error_statuses_are_failures(site, path, code):
    outcome = check(site.url(path))
    assert outcome.status == "broken"
    assert outcome.status_code == code
    assert str(code) in outcome.error


def test_a_server_error_to_head_is_asked_again_with_get(site):
    check(site.url("/error"))
    assert site.methods("/error") == ["HEAD", "GET"]


@pytest.mark.parametrize("path", ["/no-head", "/head-unimplemented"])
def test_head_refused_then_get(site, path):
    outcome = check(site.url(path))
    assert (outcome.status, outcome.status_code) == ("ok", 200)
    assert site.methods(path) == ["HEAD", "GET"]


def test_redirect_chain_is_followed_and_recorded(site):
    outcome = check(site.url("/chain-1"))
    assert outcome.status == "ok"
    assert outcome.final_url == site.url("/chain-3")
    assert outcome.chain == [[site.url("/chain-1"), 302], [site.url("/chain-2"), 307]]


def test_redirect_loop_is_broken(site):
    outcome = check(site.url("/loop-a"))
    assert outcome.status == "broken"
    assert "loop" in outcome.error.lower()
    assert len(site.seen) == 2  # each URL asked once


def test_too_many_redirects(site):
    outcome = check(site.url("/chain-1"), max_redirects=1)
    assert outcome.status == "broken"
    assert "redirects" in outcome.error


def test_permanent_redirect_says_update_the_link(site):
    outcome = check(site.url("/moved"))
    assert outcome.status == "redirected"
    assert outcome.final_url == site.url("/new-home")
    assert site.url("/new-home") in outcome.error and "update the link" in outcome.error


def test_429_waits_for_retry_after_then_succeeds(site):
    outcome = check(site.url("/busy"))
    assert (outcome.status, outcome.status_code) == ("ok", 200)
    first, second = [seen for seen in site.seen if seen.path == "/busy"]
    assert second.at - first.at >= 0.9  # Retry-After: 1 honoured


def test_503_is_asked_again_after_retry_after(site):
    outcome = check(site.url("/maintenance"))
    assert (outcome.status, outcome.status_code) == ("ok", 200)
    first, second = [seen for seen in site.seen if seen.path == "/maintenance"]
    assert second.at - first.at >= 0.9


def test_slow_server_times_out_and_is_retried(site, settings):
    settings.LINKCHECKER_TIMEOUT = 0.3
    outcome = check(site.url("/slow"), retries=1)
    assert outcome.status == "broken"
    assert "in time" in outcome.error
    assert site.methods("/slow") == ["HEAD", "HEAD"]


def test_huge_body_is_not_downloaded(site):
    outcome = check(site.url("/huge"))
    assert (outcome.status, outcome.status_code) == ("ok", 200)
    assert site.hung_up.wait(10), "the checker read the whole body"
    assert site.endless_sent < 200 * 1024 * 1024


def test_user_agent_names_the_site(site, settings):
    check(site.url("/ok"))
    assert site.seen[0].headers["User-Agent"] == settings.OUTBOUND_HTTP_USER_AGENT


def test_only_http_and_https():
    outcome = check("ftp://example.org/file.pdf")
    assert outcome.status == "not_checked"
    assert "http" in outcome.error


def test_private_address_refused_without_connecting(settings):
    private = Host({"/": Answer(200)}, address="127.0.0.2")
    with serving(private):
        outcome = check(private.url("/"))
    assert outcome.status == "not_checked"
    assert "127.0.0.2" in outcome.error
    assert private.seen == []


def test_loopback_refused_unless_allowed(settings, site):
    settings.LINKCHECKER_ALLOW_PRIVATE = "false"
    assert check(site.url("/ok")).status == "not_checked"
    settings.LINKCHECKER_ALLOW_PRIVATE = "true"
    assert check(site.url("/ok")).status == "ok"
    assert site.methods("/ok") == ["HEAD"]


def test_public_name_redirecting_to_private_address_is_refused(settings):
    """public.test is 127.0.0.1 (allowed here, standing for a public address); it
    redirects to intranet.test, which resolves to 127.0.0.2: refused after DNS."""
    intranet = Host({"/": Answer(200)}, address="127.0.0.2")
    with serving(intranet):
        public = Host({"/": Answer(302, headers={"Location": intranet.url("/", name="intranet.test")})})
        with serving(public):
            settings.LINKCHECKER_RESOLVE = {"public.test": "127.0.0.1", "intranet.test": "127.0.0.2"}
            outcome = check(public.url("/", name="public.test"))
    assert outcome.status == "not_checked"
    assert "intranet.test" in outcome.error and "127.0.0.2" in outcome.error
    assert outcome.chain == [[public.url("/", name="public.test"), 302]]
    assert len(public.seen) == 1
    assert intranet.seen == []


def test_redirect_to_a_private_literal_address_is_refused():
    public = Host({"/": Answer(302, headers={"Location": "http://10.1.2.3/admin"})})
    with serving(public):
        outcome = check(public.url("/"))
    assert outcome.status == "not_checked"
    assert "10.1.2.3" in outcome.error


def test_registry_refusing_robots_is_not_checked(settings):
    registry = Host({"*": Answer(403)})
    with serving(registry):
        settings.LINKCHECKER_RESOLVE = {"clinicaltrials.gov": "127.0.0.1"}
        valid = check(registry.url("/study/NCT02961504", name="clinicaltrials.gov"))
        invalid = check(registry.url("/study/nothing", name="clinicaltrials.gov"))
        elsewhere = check(registry.url("/study/NCT02961504"))
    assert valid.status == "not_checked" and "robots" in valid.error
    assert invalid.status == "broken"
    assert elsewhere.status == "broken"


def test_per_host_limit_is_never_exceeded():
    hosts = [Host({"*": Answer(200, delay=0.1)}) for _ in range(3)]
    with serving(*hosts):
        urls = [host.url(f"/page/{n}") for host in hosts for n in range(40)]
        outcomes = check_urls(urls, per_host=8, concurrency=64)
    assert {outcome.status for outcome in outcomes.values()} == {"ok"}
    for host in hosts:
        assert len(host.seen) == 40
        assert host.max_in_flight == 8  # reached, never passed


def test_a_host_queue_does_not_hold_the_global_slots():
    """Twenty links to one slow host, listed first, wait for that host's two slots
    without taking the six global ones: the other host is asked at once."""
    slow, fast = Host({"*": Answer(200, delay=0.2)}), Host({"*": Answer(200)})
    with serving(slow, fast):
        urls = [slow.url(f"/{n}") for n in range(20)] + [fast.url("/")]
        check_urls(urls, per_host=2, concurrency=6)
    started_before_fast = [seen for seen in slow.seen if seen.at < fast.seen[0].at]
    assert len(started_before_fast) <= 4, "the fast host waited behind the slow host's queue"
    assert slow.max_in_flight == 2


def test_global_limit_over_all_hosts():
    together = InFlight()
    hosts = [Host({"*": Answer(200, delay=0.1)}, together=together) for _ in range(4)]
    with serving(*hosts):
        check_urls([host.url(f"/{n}") for host in hosts for n in range(10)], per_host=8, concurrency=6)
    assert sum(len(host.seen) for host in hosts) == 40
    assert together.most == 6


def test_minimum_delay_between_requests_to_one_host():
    """Starts are spaced 0.3 s apart by the checker; the server sees them with the
    network's jitter (the first one also opens the connection), so it allows half."""
    host = Host({"*": Answer(200)})
    with serving(host):
        check_urls([host.url(f"/{n}") for n in range(4)], host_delay=0.3)
    starts = sorted(seen.at for seen in host.seen)
    assert len(starts) == 4
    assert all(later - earlier >= 0.15 for earlier, later in zip(starts, starts[1:], strict=False))


def test_title_and_site_name_read_from_a_gbk_page():
    page = "<html><head><meta charset='gb2312'><title>缺血性中风的干细胞治疗</title>"
    page += "<meta property='og:site_name' content='中国卒中学会'></head><body>正文</body></html>"
    host = Host({"/gbk": Answer(200, body=page.encode("gbk"), headers={"Content-Type": "text/html"})})
    with serving(host):
        url = host.url("/gbk")
        outcome = check_urls([url], want_title=[url])[url]
    assert outcome.page_title == "缺血性中风的干细胞治疗"
    assert outcome.site_name == "中国卒中学会"
    assert host.methods("/gbk") == ["GET"]
