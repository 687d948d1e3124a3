#!/usr/bin/env python
"""Article page throughput, uncached, with 2 gunicorn workers (SPEC section 4).

Usage: .venv/bin/python bench/article_page.py [--seconds 10] [--connections 16]
Needs PostgreSQL and Redis on 127.0.0.1 and wrk (apt-get install -y wrk).
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import gunicorn, manage, prepare_site, save, wrk

BUILD = (
    "import json; from bench.article_fixture import build, count_queries; url = build(); "
    "queries, size = count_queries(url); print(json.dumps({'url': url, 'queries': queries, 'bytes': size}))"
)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()

    prepare_site()
    built = json.loads(manage("shell", "-c", BUILD).strip().splitlines()[-1])
    with gunicorn(workers=2) as base_url:
        uncached = wrk(base_url + built["url"], seconds=args.seconds, connections=args.connections)
    result = {"article": built, "uncached": uncached}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"saved to {save('article_page', result)}")


if __name__ == "__main__":
    main()
