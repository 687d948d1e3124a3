"""An uploaded article file waiting between the preview and the editor's confirmation.

The bytes and the upload form's answers stay on the server (the cache), under a
random token bound to the user: the confirmation sends back only the token and the
preview's choices, so nothing the browser sends can change what was previewed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache

UPLOAD_TIMEOUT = 60 * 60  # seconds an editor has to confirm a preview


class ScriptChoice(NamedTuple):
    key: str
    source: str
    target: str
    count: int


@dataclass
class PendingUpload:
    data: bytes
    lang: str
    parent_id: int | None
    page_id: int | None
    title: str
    publish: bool
    source: str
    punctuation_changes: int = 0
    script_choices: list[ScriptChoice] = field(default_factory=list)


def _key(user, token: str) -> str:
    return f"articles:import:{user.pk}:{token}"


def upload_keep(*, user, upload: PendingUpload) -> str:
    """Keep `upload` for `user`; the token to confirm it with."""
    token = secrets.token_urlsafe(24)
    cache.set(_key(user, token), upload, UPLOAD_TIMEOUT)
    return token


def upload_get(*, user, token: str) -> PendingUpload | None:
    """The upload `user` kept under `token`, if it has not expired (another user's: None)."""
    if not token or len(token) > 100:
        return None
    upload = cache.get(_key(user, token))
    return upload if isinstance(upload, PendingUpload) else None


def upload_discard(*, user, token: str) -> None:
    cache.delete(_key(user, token))
