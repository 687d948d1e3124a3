"""A real SMTP server (aiosmtpd) on 127.0.0.1 whose mailbox tests read."""

import asyncio
import socket
import threading
import time
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import Message

from aiosmtpd.controller import Controller


class Mailbox:
    """aiosmtpd handler keeping every message. With `hold_first`, the first message is
    stored and then left unanswered until `release()`: a sender killed in that window
    has delivered the email without learning so."""

    def __init__(self, *, hold_first: bool = False):
        self.messages: list[Message] = []
        self.received = threading.Event()
        self._release = threading.Event()
        self._hold = hold_first

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.received.set()
        if self._hold:
            self._hold = False
            deadline = time.monotonic() + 30
            while not self._release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
        return "250 Message accepted for delivery"

    def release(self):
        self._release.set()

    def wait_for(self, count: int, timeout: float = 30.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return self.messages


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(mailbox: Mailbox) -> Controller:
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller


@contextmanager
def sending_to(mailbox: Mailbox, settings):
    """Django's SMTP backend pointed at a real server holding `mailbox` (pytest-django's
    `settings`), for the block; the server is stopped after it, a held reply released."""
    controller = start(mailbox)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = controller.hostname, controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield mailbox
    finally:
        mailbox.release()
        controller.stop()
