"""Contact details never reach the log output, whoever logs them."""

import io
import json
import logging

import pytest

from portal.core.logging import JsonFormatter
from portal.inquiries.logging import ScrubPersonalData


@pytest.fixture
def log_output():
    """A logger wired as base.py wires stdout: JSON lines through the scrubbing filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ScrubPersonalData())
    logger = logging.getLogger("tests.inquiries.scrub")
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    yield logger, stream
    logger.removeHandler(handler)


def lines(stream) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


@pytest.mark.parametrize(
    "personal",
    ["+8613800138000", "138 0013 8000", "138-0013-8000", "+852 9123 4567", "wang.xiaoming@example.org"],
)
def test_phone_numbers_and_emails_are_redacted_in_messages_arguments_and_extras(log_output, personal):
    logger, stream = log_output

    logger.info("sent to %s", personal, extra={"detail": f"contact {personal}"})

    (line,) = lines(stream)
    assert personal not in json.dumps(line, ensure_ascii=False)
    assert line["message"] == "sent to [redacted]"
    assert line["detail"] == "contact [redacted]"


def test_a_traceback_quoting_a_row_is_redacted(log_output):
    logger, stream = log_output
    try:
        raise ValueError('duplicate key value (phone)=(+8613800138000) email "li@example.org"')
    except ValueError:
        logger.exception("could not save")

    (line,) = lines(stream)
    assert "ValueError" in line["exception"]
    assert "+8613800138000" not in line["exception"]
    assert "li@example.org" not in line["exception"]


@pytest.mark.parametrize(
    "harmless",
    [
        "request /zh-hans/contact/ 200",
        "inquiry 261130-7K3M received",
        "NCT01234567 synced",
        "took 123.4 ms",
        "task 14d81832-a2ed-4703-8372-4edd2747372f succeeded",
    ],
)
def test_references_ids_and_timings_are_left_alone(log_output, harmless):
    logger, stream = log_output
    logger.info(harmless)
    assert lines(stream)[0]["message"] == harmless


def test_the_production_logging_config_scrubs_stdout():
    from portal.settings import base

    handler = base.LOGGING["handlers"]["stdout"]
    assert "scrub_personal_data" in handler["filters"]
    assert (
        base.LOGGING["filters"]["scrub_personal_data"]["()"] == "portal.inquiries.logging.ScrubPersonalData"
    )
