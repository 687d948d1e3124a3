"""A name for the running code, so cached fragments never outlive a deploy.

Rendered rows, the header and footer, and the trial register's index are cached
under keys that change when the data changes, not when the code does. The cache key
prefix therefore includes the release: `RELEASE` from the environment (a git SHA,
an image tag), or else a digest of the code, templates and compiled catalogues.
"""

import hashlib
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SOURCES = ("portal", "articles", "trials", "templates")
SUFFIXES = {".py", ".html", ".mo", ".txt"}


def code_fingerprint(base_dir: Path = BASE_DIR) -> str:
    digest = hashlib.sha256()
    for top in SOURCES:
        for path in sorted((base_dir / top).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base_dir)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
