"""A logging filter that keeps contact details out of every log record.

Our own code logs reference numbers only; this catches what others let through:
an exception quoting a row, a library echoing a value. Names and WeChat IDs
have no shape to find, which is why nothing of ours logs them.
"""

import logging
import re

REDACTED = "[redacted]"
# Bounded patterns only (PITFALLS: no adjacent unbounded quantifiers).
EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,5}")
# Not inside a hyphenated identifier: a task id (UUID) holds digit runs like 4703-8372.
PHONE = re.compile(r"(?<![\w.-])\+?\d(?:[ -]?\d){6,16}(?![\w-])")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def scrub(text: str) -> str:
    return PHONE.sub(REDACTED, EMAIL.sub(REDACTED, text))


class ScrubPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = scrub(record.getMessage())
        record.args = ()
        for key, value in list(vars(record).items()):
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, scrub(value))
        if record.exc_info:
            # Formatted here so the traceback's text can be scrubbed; the JSON formatter
            # writes it under "exception" as it would have.
            record.exception = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
            record.exc_text = None
        return True
