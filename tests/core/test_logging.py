import json
import logging
import time

from portal.core.logging import JsonFormatter


def test_log_lines_are_json_with_extra_fields():
    record = logging.makeLogRecord(
        {"name": "portal.request", "levelname": "INFO", "msg": "request", "path": "/zh-hans/", "status": 200}
    )
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "request"
    assert line["path"] == "/zh-hans/"
    assert line["status"] == 200
    assert line["level"] == "INFO"


def test_each_request_is_logged(client, home, caplog):
    with caplog.at_level(logging.INFO, logger="portal.request"):
        started = time.perf_counter()
        client.get("/en/")
        elapsed_ms = (time.perf_counter() - started) * 1000
    record = next(r for r in caplog.records if r.name == "portal.request")
    assert (record.method, record.path, record.status) == ("GET", "/en/", 200)
    # The logged time is the request's, in milliseconds: most of the test client's round trip.
    assert elapsed_ms / 2 <= record.duration_ms <= elapsed_ms
