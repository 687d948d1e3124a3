"""Settings shared by every environment.

Safe for production on its own: DEBUG is off, nothing secret has a default.
Values come from the environment (and from `.env` when present).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from portal.release import code_fingerprint

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PORTAL_DIR = BASE_DIR / "portal"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # wagtail_modeltranslation must precede the apps it translates; its
    # makemigrations/migrate apps replace those commands so the translated
    # columns of wagtailcore_page are created outside normal migrations.
    "wagtail_modeltranslation",
    "wagtail_modeltranslation.makemigrations",
    "wagtail_modeltranslation.migrate",
    "modeltranslation",
    # Order matters for seed_demo: each app seeds after the ones it links to.
    "portal.core",
    "portal.references",
    "portal.inquiries",
    "portal.accounts",
    "portal.linkchecker",
    "portal.newsletter",
    "trials",
    "articles",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",  # editors' picks and the query log (portal.core.search)
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_countries",  # country names in our three languages (trials)
    "django_otp",  # staff second factor (portal.accounts)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",  # django-csp: Content-Security-Policy (portal.core.security)
]

MIDDLEWARE = [
    "portal.core.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Outside django-csp's: a stored page keeps the CSP header its nonce belongs to.
    "portal.core.pagecache.middleware.PageCacheMiddleware",
    "portal.core.security.ContentSecurityPolicyMiddleware",
    "portal.core.security.PermissionsPolicyMiddleware",
    # PostgreSQL away: a 503 page in the visitor's language (the page cache above still serves).
    "portal.core.database_outage.DatabaseOutageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.i18n.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.middleware.StaffSessionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Cached fragments and indexes outlive processes here, so their keys name the
    # release (portal/release.py). The digest is read only when it is needed.
    RELEASE = env("RELEASE", default="") or code_fingerprint()
    CACHES = {
        "default": {
            "BACKEND": "portal.core.redis_cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"portal:{RELEASE}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages. The first is the default: its translated fields are the required ones.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
LOCALE_PATHS = [PORTAL_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "zh-hant", "en")
# Chinese scripts fall back to each other first (converted by OpenCC, see
# portal.core.i18n.fallback), then English; English falls back to Simplified.
MODELTRANSLATION_FALLBACK_LANGUAGES = {
    "default": ("zh-hans",),
    "zh-hans": ("zh-hant", "en"),
    "zh-hant": ("zh-hans", "en"),
    "en": ("zh-hans", "zh-hant"),
}
WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS = True
WAGTAILMODELTRANSLATION_LOCALE_PICKER = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [PORTAL_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Whole pages for anonymous visitors, in Redis (portal.core.pagecache); production turns it
# on. Seconds an unpurged page is kept by the app and by the reverse proxy (deploy/).
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=False)
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
PAGE_CACHE_PROXY_SECONDS = env.int("PAGE_CACHE_PROXY_SECONDS", default=600)
PAGE_CACHE_EXCLUDED_PREFIXES = ["/admin/", "/documents/", STATIC_URL, MEDIA_URL, "/healthz", "/favicon.ico"]

# Wagtail
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", default="Stem Cells for Stroke")
# The public URL (scheme, host, port). `manage.py set_site_url` writes it to the Wagtail
# Site record, which every absolute URL (sitemap, feeds, og:url, JSON-LD) follows.
SITE_URL = env("SITE_URL", default="")
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=SITE_URL or "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False  # we translate fields, not page trees
WAGTAIL_ALLOW_UNICODE_SLUGS = False  # slugs are ASCII (pinyin) so links survive WeChat
WAGTAILREDIRECTS_AUTO_CREATE = True
# A refused form is explained in the visitor's language, not in Django's English.
CSRF_FAILURE_VIEW = "portal.core.views.csrf_failure"
# The admin calls no third-party host from the editor's browser (both are blocked in
# China, and Gravatar would receive a hash of each editor's email).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Wagtail's database backend, with every query (public and admin) cut into words as the index
# holds them (portal.core.search.backend); PostgreSQL's "english" configuration then stems
# English words and leaves the Chinese ones alone.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.core.search.backend", "SEARCH_CONFIG": "english"}}
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Email
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="noreply@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Celery
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "max_retries": 3}
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-pages": {
        "task": "portal.core.tasks.publish_scheduled_pages",
        "schedule": crontab(),  # every minute
    },
    "sync-trials-from-registry": {
        "task": "trials.tasks.sync_all_trials",
        "schedule": crontab(hour=3, minute=0),
    },
    "health-beat-heartbeat": {
        "task": "portal.core.tasks.beat_heartbeat",
        "schedule": crontab(),  # every minute; /healthz watches it arrive
    },
    "inquiries-drain-outbox": {
        "task": "portal.inquiries.tasks.outbox_drain",
        "schedule": crontab(),  # every minute
    },
    "inquiries-anonymise-expired": {
        "task": "portal.inquiries.tasks.anonymise_expired",
        "schedule": crontab(hour=2, minute=30),
    },
    "newsletter-resume-sending": {
        "task": "portal.newsletter.tasks.resume_sending",
        "schedule": crontab(),  # every minute: batches a killed worker left
    },
    "newsletter-delete-stale-pending": {
        "task": "portal.newsletter.tasks.delete_stale_pending",
        "schedule": crontab(hour=2, minute=45),
    },
    "linkchecker-check-all": {
        "task": "portal.linkchecker.tasks.check_all_links",
        # LINKCHECKER_SCHEDULE: minute hour day-of-month month day-of-week, as in crontab(5)
        "schedule": crontab.from_string(env("LINKCHECKER_SCHEDULE", default="0 4 * * *")),
    },
}

# /healthz (portal.core.health): seconds after which beat's heartbeat is missed, an unsent
# staff notification is stuck, and a task's failed last run is no longer reported.
HEALTH_BEAT_MAX_AGE = env.int("HEALTH_BEAT_MAX_AGE", default=300)
HEALTH_OUTBOX_STUCK_AFTER = env.int("HEALTH_OUTBOX_STUCK_AFTER", default=900)
HEALTH_TASK_FAILURE_SECONDS = env.int("HEALTH_TASK_FAILURE_SECONDS", default=86400)

# Inquiries (portal/inquiries): who is told of new requests, anti-abuse, retention.
INQUIRIES_NOTIFY_EMAILS = env.list("INQUIRIES_NOTIFY_EMAILS", default=[])
INQUIRIES_MIN_FILL_SECONDS = env.float("INQUIRIES_MIN_FILL_SECONDS", default=3.0)
INQUIRIES_RATE_LIMIT = env.int("INQUIRIES_RATE_LIMIT", default=10)  # submissions per IP per window
INQUIRIES_RATE_WINDOW = env.int("INQUIRIES_RATE_WINDOW", default=600)  # seconds
INQUIRIES_RETENTION_DAYS = env.int("INQUIRIES_RETENTION_DAYS", default=365)
# A notification handed to the broker but unsent after this many seconds is published again.
INQUIRIES_OUTBOX_REQUEUE_AFTER = env.int("INQUIRIES_OUTBOX_REQUEUE_AFTER", default=600)
# Behind a reverse proxy, the META key of the header holding the client's address (e.g. HTTP_X_REAL_IP).
INQUIRIES_CLIENT_IP_HEADER = env("INQUIRIES_CLIENT_IP_HEADER", default="")
# Group robots told of each new request besides the email (reference, language, source and
# admin link only). DINGTALK_SECRET: the robot's "加签" secret, when its security setting uses one.
WECOM_WEBHOOK_URL = env("WECOM_WEBHOOK_URL", default="")
DINGTALK_WEBHOOK_URL = env("DINGTALK_WEBHOOK_URL", default="")
DINGTALK_SECRET = env("DINGTALK_SECRET", default="")

# Staff sign-in (portal/accounts). With TWO_FACTOR_REQUIRED (production.py forces it on),
# superusers and members of these groups cannot use the admin before setting up a second
# factor; anyone else may. Failed passwords and codes are counted per account and per IP.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
TWO_FACTOR_REQUIRED_GROUPS = env.list("TWO_FACTOR_REQUIRED_GROUPS", default=["Inquiry staff"])
SIGN_IN_FAILURE_LIMIT = env.int("SIGN_IN_FAILURE_LIMIT", default=5)  # per account per window
SIGN_IN_FAILURE_IP_LIMIT = env.int("SIGN_IN_FAILURE_IP_LIMIT", default=20)  # per IP per window
SIGN_IN_FAILURE_WINDOW = env.int("SIGN_IN_FAILURE_WINDOW", default=900)  # seconds
STAFF_SESSION_IDLE_TIMEOUT = env.int("STAFF_SESSION_IDLE_TIMEOUT", default=1800)  # seconds
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.LoginForm"
# Private pages and documents send visitors to the admin's sign-in, the one with the
# failure limits and the second factor (portal/urls.py turns Wagtail's own away).
WAGTAIL_FRONTEND_LOGIN_URL = "wagtailadmin_login"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# django-otp's own per-device delays would stall a right code after a wrong one; the
# per-account and per-IP counts above replace them, with a message staff can read.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Newsletter (portal/newsletter): sending rate and batches, anti-abuse, retention of pending.
# Emails per second, all workers together; 0: no limit.
NEWSLETTER_RATE = env.int("NEWSLETTER_RATE", default=50)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=100)  # emails per SMTP connection
NEWSLETTER_MAX_ATTEMPTS = env.int("NEWSLETTER_MAX_ATTEMPTS", default=5)  # per email, transient errors
NEWSLETTER_PENDING_DAYS = env.int("NEWSLETTER_PENDING_DAYS", default=7)  # unconfirmed are deleted after
NEWSLETTER_SUBSCRIBE_RATE_LIMIT = env.int("NEWSLETTER_SUBSCRIBE_RATE_LIMIT", default=10)  # per IP per window
NEWSLETTER_SUBSCRIBE_RATE_WINDOW = env.int("NEWSLETTER_SUBSCRIBE_RATE_WINDOW", default=600)  # seconds
# The mailto: of List-Unsubscribe and the envelope sender (where bounces go); both default to
# DEFAULT_FROM_EMAIL. See the README.
NEWSLETTER_UNSUBSCRIBE_EMAIL = env("NEWSLETTER_UNSUBSCRIBE_EMAIL", default="")
NEWSLETTER_BOUNCE_EMAIL = env("NEWSLETTER_BOUNCE_EMAIL", default="")

# External services (base URLs are configurable so tests use local servers)
CROSSREF_API_BASE_URL = env("CROSSREF_API_BASE_URL", default="https://api.crossref.org")
NCBI_EUTILS_BASE_URL = env("NCBI_EUTILS_BASE_URL", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
CTGOV_API_BASE_URL = env("CTGOV_API_BASE_URL", default="https://clinicaltrials.gov/api/v2")
# portal.core.http, the one outbound client: read timeout, connect timeout, whole-answer
# deadline (seconds), answer size cap, retries on connection errors and 429/503 with
# doubling back-off, and the longest Retry-After honoured (a longer one is not retried).
OUTBOUND_HTTP_TIMEOUT = env.float("OUTBOUND_HTTP_TIMEOUT", default=10.0)
OUTBOUND_HTTP_CONNECT_TIMEOUT = env.float("OUTBOUND_HTTP_CONNECT_TIMEOUT", default=5.0)
OUTBOUND_HTTP_DEADLINE = env.float("OUTBOUND_HTTP_DEADLINE", default=60.0)
OUTBOUND_HTTP_MAX_BYTES = env.int("OUTBOUND_HTTP_MAX_BYTES", default=10 * 1024 * 1024)
OUTBOUND_HTTP_RETRIES = env.int("OUTBOUND_HTTP_RETRIES", default=2)
OUTBOUND_HTTP_BACKOFF = env.float("OUTBOUND_HTTP_BACKOFF", default=1.0)
OUTBOUND_HTTP_MAX_RETRY_AFTER = env.float("OUTBOUND_HTTP_MAX_RETRY_AFTER", default=30.0)
OUTBOUND_HTTP_USER_AGENT = env(
    "OUTBOUND_HTTP_USER_AGENT",
    default=f"{WAGTAIL_SITE_NAME} (+{WAGTAILADMIN_BASE_URL}; mailto:{DEFAULT_FROM_EMAIL})",
)
# Link checker (portal/linkchecker). LINKCHECKER_ALLOW_PRIVATE: "true" lets it request
# private, loopback, link-local and multicast addresses; a comma-separated list of
# addresses or networks (e.g. "127.0.0.1") allows only those; "false" (default) none.
LINKCHECKER_ALLOW_PRIVATE = env("LINKCHECKER_ALLOW_PRIVATE", default="false")
LINKCHECKER_CONCURRENCY = env.int("LINKCHECKER_CONCURRENCY", default=128)  # requests in flight
LINKCHECKER_PER_HOST = env.int("LINKCHECKER_PER_HOST", default=8)  # requests in flight per host
LINKCHECKER_HOST_DELAY = env.float("LINKCHECKER_HOST_DELAY", default=0.0)  # seconds between two to a host
LINKCHECKER_TIMEOUT = env.float("LINKCHECKER_TIMEOUT", default=15.0)  # read timeout (seconds)
LINKCHECKER_CONNECT_TIMEOUT = env.float("LINKCHECKER_CONNECT_TIMEOUT", default=10.0)
LINKCHECKER_MAX_REDIRECTS = env.int("LINKCHECKER_MAX_REDIRECTS", default=10)
LINKCHECKER_MAX_BYTES = env.int("LINKCHECKER_MAX_BYTES", default=64 * 1024)  # body read by a GET
LINKCHECKER_RETRIES = env.int("LINKCHECKER_RETRIES", default=2)  # on 429, 503 and timeouts
LINKCHECKER_OK_CACHE_SECONDS = env.int("LINKCHECKER_OK_CACHE_SECONDS", default=12 * 3600)
LINKCHECKER_FAILURES_BEFORE_BROKEN = env.int("LINKCHECKER_FAILURES_BEFORE_BROKEN", default=2)
LINKCHECKER_PUBLISH_DELAY = env.int("LINKCHECKER_PUBLISH_DELAY", default=60)  # seconds after a publish
# Host name -> address used instead of DNS (like curl --resolve); for tests and benchmarks.
LINKCHECKER_RESOLVE: dict[str, str] = {}
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=2 * 1024 * 1024)
# Entries (references, records, citation lines) read from one upload; past it the file is refused.
IMPORT_MAX_ENTRIES = env.int("IMPORT_MAX_ENTRIES", default=1000)
ADMIN_CREDENTIALS_FILE = env("ADMIN_CREDENTIALS_FILE", default=str(BASE_DIR / ".admin-credentials"))

# Security defaults that hold everywhere; production.py adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_HTTPONLY = True
# Public pages: our own origin only, no inline style, the one inline script (the
# article's JSON-LD) by nonce (`nonce="{{ request.csp_nonce }}"`).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    }
}
# Wagtail's admin still needs inline scripts and styles (wagtail/wagtail#1288, #7053),
# blob:/data: images (image choosers, focal points); it calls no third-party host.
CONTENT_SECURITY_POLICY_ADMIN_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [SELF, UNSAFE_INLINE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10000
# Pages index their text through methods (portal.core.models.BasePage.search_fields), not
# Page's own `title` SearchField, on purpose: Wagtail's check for it does not apply.
SILENCED_SYSTEM_CHECKS = ["wagtailsearch.W001"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.core.logging.JsonFormatter"}},
    # Personal data (phone numbers, emails) never reaches the log output.
    "filters": {"scrub_personal_data": {"()": "portal.inquiries.logging.ScrubPersonalData"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["scrub_personal_data"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "celery": {"level": "INFO"},
        "django_tasks": {"level": "WARNING"},
    },
}
