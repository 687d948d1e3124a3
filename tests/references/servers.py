"""Real HTTP servers on 127.0.0.1 standing in for Crossref and NCBI E-utilities."""

import socket
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from tests.references.helpers import fixture_bytes


class _Handler(BaseHTTPRequestHandler):
    routes: dict = {}
    status: int = 200

    def do_GET(self):
        parts = urlsplit(self.path)
        path = unquote(parts.path).lower()
        query = parse_qs(parts.query)
        key = path if path != "/efetch.fcgi" else f"{path}?id={query.get('id', [''])[0]}"
        body = self.routes.get(key)
        status = self.status if body is not None else 404
        if status != 200:
            body = b"<html>error</html>"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def api_server(*, status: int = 200, routes: dict | None = None):
    """Serve Crossref's /works/{doi} and E-utilities' efetch from fixture files."""
    default_routes = {
        "/works/10.1161/strokeaha.125.050786": fixture_bytes("crossref.work.json"),
        "/efetch.fcgi?id=38227308": fixture_bytes("treasure.pubmed.xml"),
    }
    handler = type("Handler", (_Handler,), {"routes": routes or default_routes, "status": status})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port_url() -> str:
    """A local URL nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
