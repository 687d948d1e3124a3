"""Real HTTP servers on 127.0.0.x standing in for the sites articles link to.

Each `Host` is one server (one address and port: one host to the checker). It answers
each path from a script of `Answer`s (the last one repeats), records every request,
and counts the requests in flight at once, so a test can see the per-host limit hold.
"""

import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CHUNK = 64 * 1024


@dataclass
class Answer:
    status: int = 200
    body: bytes = b"<html><head><title>OK</title></head><body>ok</body></html>"
    headers: dict = field(default_factory=dict)
    delay: float = 0.0  # seconds before the answer
    head_status: int | None = None  # HEAD is answered with this status instead
    endless_bytes: int = 0  # GET sends this many bytes (no Content-Length), unless the client hangs up


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    at: float


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256


class InFlight:
    """Requests in flight over several hosts together (the checker's global limit)."""

    def __init__(self):
        self.now = 0
        self.most = 0
        self.lock = threading.Lock()

    def enter(self):
        with self.lock:
            self.now += 1
            self.most = max(self.most, self.now)

    def leave(self):
        with self.lock:
            self.now -= 1


class Host:
    def __init__(
        self,
        routes: dict[str, Answer | list[Answer]] | None = None,
        *,
        address: str = "127.0.0.1",
        together: InFlight | None = None,
    ):
        self.together = together or InFlight()
        self.routes = {
            path: list(answers) if isinstance(answers, list) else [answers]
            for path, answers in (routes or {}).items()
        }
        self.address = address
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.endless_sent = 0
        self.hung_up = threading.Event()  # the client closed an endless answer early
        self._lock = threading.Lock()
        self.server: _Server | None = None

    @property
    def port(self) -> int:
        return self.server.server_address[1]

    @property
    def netloc(self) -> str:
        return f"{self.address}:{self.port}"

    def url(self, path: str = "/", *, name: str | None = None) -> str:
        return f"http://{name or self.address}:{self.port}{path}"

    def methods(self, path: str) -> list[str]:
        return [seen.method for seen in self.seen if seen.path == path]

    def _answer_for(self, path: str) -> Answer:
        with self._lock:
            script = self.routes.get(path)
            if script is None:
                return self.routes.get("*", [Answer(404, b"not found")])[0]
            return script.pop(0) if len(script) > 1 else script[0]

    def handler(self):
        host = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self, method: str):
                with host._lock:
                    host.seen.append(Seen(method, self.path, dict(self.headers), time.monotonic()))
                    host.in_flight += 1
                    host.max_in_flight = max(host.max_in_flight, host.in_flight)
                host.together.enter()
                left = False

                def leave():
                    # Before the answer is sent: a client may send its next request as soon
                    # as it has the answer, before this thread would get to count it done.
                    nonlocal left
                    if not left:
                        left = True
                        host.together.leave()
                        with host._lock:
                            host.in_flight -= 1

                try:
                    answer = host._answer_for(self.path)
                    time.sleep(answer.delay)
                    status = answer.head_status if method == "HEAD" and answer.head_status else answer.status
                    self.send_response(status)
                    for name, value in answer.headers.items():
                        self.send_header(name, value)
                    if method == "GET" and answer.endless_bytes:
                        self.send_header("Connection", "close")
                        self.close_connection = True
                        self.end_headers()
                        self._send_endless(answer.endless_bytes)
                        return
                    self.send_header("Content-Length", str(len(answer.body)))
                    leave()
                    self.end_headers()
                    if method == "GET":
                        self.wfile.write(answer.body)
                finally:
                    leave()

            def _send_endless(self, total: int):
                chunk = b"x" * CHUNK
                try:
                    while host.endless_sent < total:
                        self.wfile.write(chunk)
                        host.endless_sent += CHUNK
                except (BrokenPipeError, ConnectionResetError):
                    host.hung_up.set()

            def do_GET(self):
                self._serve("GET")

            def do_HEAD(self):
                self._serve("HEAD")

            def log_message(self, *args):
                pass

        return Handler

    def start(self) -> "Host":
        self.server = _Server((self.address, 0), self.handler())
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def serving(*hosts: Host):
    with ExitStack() as stack:
        for host in hosts:
            host.start()
            stack.callback(host.stop)
        yield hosts
