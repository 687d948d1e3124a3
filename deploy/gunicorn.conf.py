"""gunicorn for deploy/portal-web.service; each value can be changed in /etc/portal/env."""

import multiprocessing
import os

wsgi_app = "portal.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "unix:/run/portal/gunicorn.sock")
# Sync workers: pages are CPU-bound rendering or answered from the caches.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
# A worker is replaced now and then, so a slow leak never grows for long; rarely enough
# that replacing it (importing Django again) costs nothing measurable: at the page
# cache's rate (over 1,000 requests/s) 2,000 requests meant a new worker every second,
# which halved the rate (docs/performance.md).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 200_000))
max_requests_jitter = max_requests // 10
# Requests are logged by the app (portal.core.logging, JSON on stdout); errors here.
accesslog = None
errorlog = "-"
# X-Forwarded-Proto is trusted from nginx only (SECURE_PROXY_SSL_HEADER in the settings).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
