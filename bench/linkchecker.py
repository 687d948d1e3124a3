#!/usr/bin/env python
"""Link checker throughput (SPEC section 4): URLs per second over 50 local hosts with
the per-host limit on (8), against Debian's LinkChecker on the same URL list, in the
same run.

The hosts are 50 ports on 127.0.0.1 served by one asyncio process started here (a
separate program, so it does not share the checker's event loop). Each answer waits
a few milliseconds (`--latency`, 5 ms) as a remote site would, so requests overlap and
the per-host limit matters; the server counts requests in flight per port and the
bench fails if the checker ever had more than the limit at one host. The URL list is
the same for both checkers: 90 % answer 200, 5 % 404, 5 % a 301 to a page that
answers 200. LinkChecker reads it as an HTML page listing every URL (`--check-extern
-r1`), with as many threads as our global limit (128) and its per-host rate limit
raised (the servers send the `LinkChecker` header its docs ask for).

Our side is `portal.linkchecker.checker.check_urls`, the network phase of the
Celery task (the database writes afterwards are one bulk update, not measured here).

Usage: .venv/bin/python bench/linkchecker.py [--urls 5000] [--hosts 50] [--per-host 8]
       [--latency 0.005] [--skip-linkchecker]
Needs `linkchecker` (apt-get install -y linkchecker) unless --skip-linkchecker.
"""

import argparse
import asyncio
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
RESULTS = Path(__file__).resolve().parent / "results" / "linkchecker.json"


# --- the servers (run as `bench/linkchecker.py --serve HOSTS LATENCY`) -------------------


class Stats:
    def __init__(self):
        self.in_flight: dict[int, int] = {}
        self.max_in_flight: dict[int, int] = {}
        self.requests: dict[int, int] = {}

    def reset(self):
        self.__init__()


def page_status(path: str) -> tuple[int, str | None]:
    """/page/N: 200, except N % 20 == 1 (404) and N % 20 == 2 (301 to /moved/N)."""
    if path.startswith("/moved/"):
        return 200, None
    if path.startswith("/page/"):
        number = int(path.rsplit("/", 1)[-1])
        if number % 20 == 1:
            return 404, None
        if number % 20 == 2:
            return 301, f"/moved/{number}"
        return 200, None
    return 404, None


class BenchProtocol(asyncio.Protocol):
    """Just enough HTTP/1.1 with keep-alive: request line and headers, no request bodies."""

    def __init__(self, port: int, stats: Stats, latency: float):
        self.port, self.stats, self.latency = port, stats, latency
        self.buffer = b""
        self.closed = False

    def connection_made(self, transport):
        self.transport = transport

    def connection_lost(self, exc):
        self.closed = True

    def data_received(self, data):
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            method, path, _version = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
            if not self.port:  # the control port (stats, reset) is not counted
                asyncio.get_running_loop().call_soon(self.answer, method, path)
                continue
            self.stats.in_flight[self.port] = self.stats.in_flight.get(self.port, 0) + 1
            self.stats.max_in_flight[self.port] = max(
                self.stats.max_in_flight.get(self.port, 0), self.stats.in_flight[self.port]
            )
            self.stats.requests[self.port] = self.stats.requests.get(self.port, 0) + 1
            asyncio.get_running_loop().call_later(self.latency, self.answer, method, path)

    def answer(self, method: str, path: str):
        if self.port:
            self.stats.in_flight[self.port] -= 1
        if self.closed:
            return
        location = None
        if path == "/__stats":
            body = json.dumps(
                {"max_in_flight": self.stats.max_in_flight, "requests": self.stats.requests}
            ).encode()
            status = 200
        elif path == "/__reset":
            self.stats.reset()
            body, status = b"ok", 200
        else:
            status, location = page_status(path)
            body = b"ok" if status == 200 else b"gone"
        reason = {200: "OK", 301: "Moved Permanently", 404: "Not Found"}[status]
        headers = [
            f"HTTP/1.1 {status} {reason}",
            "Content-Type: text/plain",
            f"Content-Length: {len(body)}",
            "LinkChecker: bench",
        ]
        if location:
            headers.append(f"Location: {location}")
        self.transport.write(
            ("\r\n".join(headers) + "\r\n\r\n").encode() + (b"" if method == "HEAD" else body)
        )


async def serve(hosts: int, latency: float, ports_file: Path):
    loop = asyncio.get_running_loop()
    stats = Stats()
    ports = []
    for _ in range(hosts):
        holder = {}
        server = await loop.create_server(
            lambda holder=holder: BenchProtocol(holder["port"], stats, latency), "127.0.0.1", 0, backlog=1024
        )
        holder["port"] = server.sockets[0].getsockname()[1]
        ports.append(holder["port"])
    control = await loop.create_server(lambda: BenchProtocol(0, stats, 0), "127.0.0.1", 0)
    ports_file.write_text(json.dumps({"ports": ports, "control": control.sockets[0].getsockname()[1]}))
    await asyncio.Event().wait()


# --- the bench -------------------------------------------------------------------------


def control_get(control: int, path: str) -> dict | None:
    import httpx

    answer = httpx.get(f"http://127.0.0.1:{control}{path}", timeout=10)
    return answer.json() if path == "/__stats" else None


def url_list(ports: list[int], count: int) -> list[str]:
    """`count` URLs spread evenly over the hosts, interleaved as a page of links would be."""
    per_host = -(-count // len(ports))
    urls = [f"http://127.0.0.1:{port}/page/{n}" for n in range(per_host) for port in ports]
    return urls[:count]


def run_ours(urls: list[str], per_host: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    os.environ["LINKCHECKER_ALLOW_PRIVATE"] = "127.0.0.1"
    import django

    django.setup()
    from django.conf import settings

    settings.LINKCHECKER_ALLOW_PRIVATE = "127.0.0.1"
    from portal.linkchecker.checker import check_urls

    started, cpu = time.perf_counter(), time.process_time()
    outcomes = check_urls(urls, per_host=per_host, concurrency=128)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    statuses: dict[str, int] = {}
    for outcome in outcomes.values():
        statuses[outcome.status] = statuses.get(outcome.status, 0) + 1
    return {
        "seconds": round(seconds, 3),
        "urls_per_second": round(len(urls) / seconds, 1),
        "cpu_seconds": round(cpu, 3),
        "statuses": statuses,
    }


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_linkchecker(urls: list[str], control: int, threads: int) -> dict:
    if not shutil.which("linkchecker"):
        raise SystemExit(
            "LinkChecker is not installed: apt-get install -y linkchecker (or --skip-linkchecker)"
        )
    with tempfile.TemporaryDirectory() as folder:
        folder_path = Path(folder)
        os.chmod(folder, 0o755)  # noqa: S103 (LinkChecker run as root drops to "nobody", who reads the page)
        page = folder_path / "urls.html"
        page.write_text(
            "<html><body>\n" + "".join(f'<a href="{url}">{url}</a>\n' for url in urls) + "</body></html>"
        )
        config = folder_path / "linkcheckerrc"
        config.write_text(f"[checking]\nthreads={threads}\nmaxrequestspersecond=100000\nrecursionlevel=1\n")
        command = [
            "linkchecker", "--config", str(config), "--check-extern", "-r1", "--no-status", "--no-robots",
            "-t", str(threads), "-o", "csv/utf-8", str(page),
        ]  # fmt: skip
        started, cpu = time.perf_counter(), children_cpu()
        result = subprocess.run(command, capture_output=True, text=True, cwd=folder)
        seconds, cpu = time.perf_counter() - started, children_cpu() - cpu
        rows = result.stdout.splitlines()
    checked = sum(1 for row in rows if row.startswith("http://127.0.0.1:") or ";http://127.0.0.1:" in row)
    return {
        "seconds": round(seconds, 3),
        "urls_per_second": round(len(urls) / seconds, 1),
        "cpu_seconds": round(cpu, 3),
        "exit_code": result.returncode,
        "output_rows": checked,
        "stderr_tail": result.stderr.strip().splitlines()[-3:],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--urls", type=int, default=5000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--per-host", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.005)
    parser.add_argument("--skip-linkchecker", action="store_true")
    parser.add_argument(
        "--serve", nargs=3, metavar=("HOSTS", "LATENCY", "PORTS_FILE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.serve:
        hosts, latency, ports_file = args.serve
        asyncio.run(serve(int(hosts), float(latency), Path(ports_file)))
        return

    with tempfile.TemporaryDirectory() as folder:
        ports_file = Path(folder) / "ports.json"
        server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(args.hosts), str(args.latency), str(ports_file)]
        )
        try:
            deadline = time.monotonic() + 30
            while not ports_file.exists() or not ports_file.read_text():
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the bench servers did not start")
                time.sleep(0.1)
            info = json.loads(ports_file.read_text())
            urls = url_list(info["ports"], args.urls)
            control = info["control"]

            results = {
                "urls": len(urls),
                "hosts": args.hosts,
                "per_host_limit": args.per_host,
                "latency_s": args.latency,
                "load_average_before": os.getloadavg(),
            }
            control_get(control, "/__reset")
            results["ours"] = run_ours(urls, args.per_host)
            stats = control_get(control, "/__stats")
            results["ours"]["requests"] = sum(stats["requests"].values())
            results["ours"]["max_in_flight_per_host"] = max(stats["max_in_flight"].values())
            if not args.skip_linkchecker:
                control_get(control, "/__reset")
                results["linkchecker"] = run_linkchecker(urls, control, threads=128)
                stats = control_get(control, "/__stats")
                results["linkchecker"]["requests"] = sum(stats["requests"].values())
                results["linkchecker"]["max_in_flight_per_host"] = max(
                    stats["max_in_flight"].values(), default=0
                )
                results["ratio"] = round(
                    results["ours"]["urls_per_second"] / results["linkchecker"]["urls_per_second"], 2
                )
            results["load_average_after"] = os.getloadavg()
        finally:
            server.terminate()
            server.wait()

    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))
    if results["ours"]["max_in_flight_per_host"] > args.per_host:
        raise SystemExit("the per-host limit was exceeded")


if __name__ == "__main__":
    main()
