"""A real HTTP server on 127.0.0.1 that answers like ClinicalTrials.gov's API v2.

GET /studies/<NCT> serves tests/fixtures/ctgov/<NCT>*.json; `routes` may replace an
answer with (status, body) to play a broken registry.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ctgov"


class RegistryServer:
    def __init__(self):
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # http.server's naming
                path = urlparse(self.path).path
                server.requests.append(self.path)
                server.user_agents.append(self.headers.get("User-Agent", ""))
                status, body = server.answer(path)
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/api/v2"

    def answer(self, path: str) -> tuple[int, bytes]:
        nct = path.rstrip("/").rsplit("/", 1)[-1]
        if nct in self.routes:
            return self.routes[nct]
        if not path.startswith("/api/v2/studies/"):
            return 404, b'{"message": "not found"}'
        matches = sorted(FIXTURES.glob(f"{nct}*.json"))
        if not matches:
            return 404, b'{"message": "Study not found"}'
        return 200, matches[0].read_bytes()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
