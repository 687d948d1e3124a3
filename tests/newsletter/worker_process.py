"""A Celery worker in its own process, so a test can kill it: `python -m tests.newsletter.worker_process`.

Test settings with the database, broker and SMTP server the test passes in the
environment (DATABASE_URL, REDIS_URL, SMTP_PORT); it consumes this test process's queue."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402

from portal.celery import app  # noqa: E402

settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
settings.EMAIL_HOST = "127.0.0.1"
settings.EMAIL_PORT = int(os.environ["SMTP_PORT"])
settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
settings.DEFAULT_FROM_EMAIL = "news@example.org"
settings.NEWSLETTER_RATE = int(os.environ.get("NEWSLETTER_RATE", "0"))
settings.NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "100"))

if __name__ == "__main__":
    app.conf.update(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=os.environ["REDIS_URL"])
    app.worker_main(
        [
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
        ]
    )
