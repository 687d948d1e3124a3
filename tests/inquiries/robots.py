"""A real HTTP server on 127.0.0.1 standing in for the WeChat Work and DingTalk robots.

Both services answer HTTP 200 with `{"errcode": 0, "errmsg": "ok"}`, or with another
errcode when they refuse the message. `answers` queues the errcodes to give (then 0);
`hold_first` keeps the first request unanswered until `release()`, so a test can kill
the worker while the message is in flight. With a `secret`, the server checks DingTalk's
加签 as DingTalk does, and refuses a request without a valid one (errcode 310000)."""

import base64
import hashlib
import hmac
import json
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Robot:
    url: str = ""
    answers: list[int] = field(default_factory=list)
    hold_first: bool = False
    secret: str = ""
    requests: list[dict] = field(default_factory=list)
    received: threading.Event = field(default_factory=threading.Event)
    _release: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def release(self) -> None:
        self._release.set()

    def messages(self) -> list[str]:
        return [request["body"]["text"]["content"] for request in self.requests]

    def signature_valid(self, query: dict[str, list[str]]) -> bool:
        """DingTalk's check: `timestamp` (ms) within an hour of now, and `sign` (already
        URL-decoded here, as the service decodes it) the base64 of
        HMAC-SHA256(secret, "{timestamp}\\n{secret}"). A sign sent without URL-encoding
        loses its "+" to a space and fails, as it does at DingTalk."""
        (timestamp,), (sign,) = query.get("timestamp", [""]), query.get("sign", [""])
        if not timestamp.isdigit() or abs(time.time() * 1000 - int(timestamp)) > 3600 * 1000:
            return False
        digest = hmac.new(
            self.secret.encode(), f"{timestamp}\n{self.secret}".encode(), hashlib.sha256
        ).digest()
        return hmac.compare_digest(sign, base64.b64encode(digest).decode())


def _handler(robot: Robot):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            signed = robot.signature_valid(query) if robot.secret else None
            with robot._lock:
                robot.requests.append(
                    {
                        "path": parts.path,
                        "query": query,
                        "body": body,
                        "headers": self.headers,
                        "signed": signed,
                    }
                )
                first = len(robot.requests) == 1
                if signed is False:
                    errcode = 310000  # DingTalk: "sign not match"
                else:
                    errcode = robot.answers.pop(0) if robot.answers else 0
            robot.received.set()
            if first and robot.hold_first:
                robot._release.wait(60)
            answer = json.dumps({"errcode": errcode, "errmsg": "ok" if errcode == 0 else "refused"}).encode()
            try:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)
            except OSError:  # the worker that sent it was killed
                pass

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def robot_server(path: str = "/cgi-bin/webhook/send", **options):
    robot = Robot(**options)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(robot))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    robot.url = f"http://127.0.0.1:{server.server_address[1]}{path}"
    try:
        yield robot
    finally:
        robot.release()
        server.shutdown()
        server.server_close()
        thread.join()
