"""Django settings.

The embedded default is SQLite (WAL, immediate transactions, a busy timeout) and the in-memory
channel layer. ``WARGAME_DATABASE_URL`` and ``WARGAME_REDIS_URL`` switch to PostgreSQL and the
Redis channel layer; see docs/operations.md.
"""

from __future__ import annotations

import os
import secrets
import socket
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    key = os.environ.get("WARGAME_SECRET_KEY")
    if key:
        return key
    # Generated once and kept out of git, so sessions survive restarts of `make run`.
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# Every socket's database work runs on one thread per process: keeping its SQLite connection
# open spares opening the file for each socket update.
PERSISTENT_CONNECTIONS = {"CONN_MAX_AGE": 600, "CONN_HEALTH_CHECKS": True}
# PostgreSQL connections each process may hold: the sockets' thread and the requests in flight.
POOL_SIZE = 20


def database_from_url(url: str | None) -> dict:
    """Translate ``WARGAME_DATABASE_URL`` into a Django ``DATABASES["default"]`` entry.

    ``dj-database-url`` reads the URL (percent-escapes, ports, user and password); this adds
    what Wargame needs of each backend, and refuses what it does not run on.
    """
    if not url:
        return _sqlite(BASE_DIR / "db.sqlite3")
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"WARGAME_DATABASE_URL: unsupported scheme {scheme!r} (use postgres:// or sqlite://)"
        )
    parsed = dj_database_url.parse(url)
    if scheme == "sqlite":
        # sqlite:////absolute/path.sqlite3 -> path "/absolute/path.sqlite3"
        if not parsed["NAME"].startswith("/"):
            raise ImproperlyConfigured("WARGAME_DATABASE_URL: sqlite URLs need an absolute path")
        return _sqlite(Path(parsed["NAME"]))
    name = parsed["NAME"]
    if not name:
        raise ImproperlyConfigured("WARGAME_DATABASE_URL: no database name in the URL")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": parsed["USER"],
        "PASSWORD": parsed["PASSWORD"],
        "HOST": parsed["HOST"],
        "PORT": str(parsed["PORT"] or ""),
        # Under ASGI every HTTP request runs its sync code on a thread of its own, so a
        # connection kept per thread would be a new connection per request (and Django
        # advises against persistent connections under ASGI): a pool per process hands
        # each request a connection that is already open.
        "CONN_MAX_AGE": 0,
        "OPTIONS": {"pool": {"min_size": 2, "max_size": POOL_SIZE, "timeout": 10}},
        "TEST": {"NAME": f"test_{name}"},
    }


def _sqlite(path: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        **PERSISTENT_CONNECTIONS,
        "OPTIONS": {
            # Writers take the lock when the transaction begins, so two appends never deadlock
            # upgrading a read lock; WAL lets readers (views, sockets) go on during a write.
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
        # A file, not memory, so that test subprocesses (writers, servers) share it.
        "TEST": {"NAME": str(path.with_name(f"test_{path.stem}.sqlite3"))},
    }


# A Redis host that vanished (no reset from its side) is noticed within about 25 s.
REDIS_KEEPALIVE = {
    getattr(socket, name): value
    for name, value in (("TCP_KEEPIDLE", 10), ("TCP_KEEPINTVL", 5), ("TCP_KEEPCNT", 3))
    if hasattr(socket, name)
}


def channel_layer_from_url(url: str | None) -> dict:
    if not url:
        return {"BACKEND": "channels.layers.InMemoryChannelLayer"}
    return {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {
            "hosts": [
                {
                    "address": url,
                    # No timeout on a socket's reads and writes. redis-py's default, 5 s, races
                    # the layer's own 5 s blocking read and closes idle sockets every few seconds;
                    # and with any timeout redis-py sends through asyncio.wait_for, which on
                    # Python 3.11 drops a cancel that comes as the send completes: the cancelled
                    # receive (a closed socket's, or a closing loop's) then polls Redis for ever
                    # (tests/live/test_redis_layer.py). TCP keepalive notices a Redis gone.
                    "socket_timeout": None,
                    "socket_keepalive": True,
                    "socket_keepalive_options": REDIS_KEEPALIVE,
                    "socket_connect_timeout": 5,
                    # Many sockets reconnecting at once (a worker restart) each need one.
                    "max_connections": 2000,
                }
            ],
            # The layer carries only "game G is at seq N" hints; a lost one costs nothing, so a
            # short expiry and a modest capacity keep Redis memory bounded under load.
            "capacity": 1500,
            "expiry": 10,
            "group_expiry": 86400,
        },
    }


SECRET_KEY = _secret_key()
DEBUG = _env_flag("WARGAME_DEBUG")
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("WARGAME_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
]
if os.environ.get("WARGAME_HOST") and os.environ["WARGAME_HOST"] not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(os.environ["WARGAME_HOST"])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "channels",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "wargame.games",
    "wargame.api",
    "wargame.live",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers a locked-out login with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Password guesses: django-axes counts failed logins per address and per account (either one
# reaching the limit locks that one out for the cool-off), logs each failure and lockout, and
# shows the lockout page (429). A success resets the count. Behind a reverse proxy run daphne
# with --proxy-headers so that the address is the client's, not the proxy's.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("WARGAME_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("WARGAME_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The log names the account and the address of each failure (never the password).
AXES_SENSITIVE_PARAMETERS: list[str] = []

# Content-Security-Policy on every response (django-csp): the pages load only the server's own
# scripts, styles, images and fonts, talk only to it (its sockets included), and no page may
# frame them. No inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Serving behind TLS (docs/operations.md). WARGAME_HTTPS=1: cookies only over HTTPS, HTTP
# redirected to HTTPS, HSTS for WARGAME_HSTS_SECONDS (default a year once HTTPS is on).
# WARGAME_PROXY_SSL_HEADER=1: trust the reverse proxy's X-Forwarded-Proto: https.
WARGAME_HTTPS = _env_flag("WARGAME_HTTPS")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = WARGAME_HTTPS
SECURE_SSL_REDIRECT = WARGAME_HTTPS and not _env_flag("WARGAME_NO_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(
    os.environ.get("WARGAME_HSTS_SECONDS", "31536000" if WARGAME_HTTPS else "0")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("WARGAME_HSTS_INCLUDE_SUBDOMAINS")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if _env_flag("WARGAME_PROXY_SSL_HEADER") else None
)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ROOT_URLCONF = "wargame.urls"
ASGI_APPLICATION = "wargame.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "wargame" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("WARGAME_DATABASE_URL"))}
CHANNEL_LAYERS = {"default": channel_layer_from_url(os.environ.get("WARGAME_REDIS_URL"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (the deadlines the server acts on) goes through Django's Tasks API, stored in
# the database and run by `manage.py db_worker` processes (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Seconds between two sweeps of watch_deadlines, which gives a deadline whose task was lost (a
# worker killed while running it) a new one (wargame/games/deadlines.py).
WARGAME_CLOCK_SWEEP_SECONDS = float(os.environ.get("WARGAME_CLOCK_SWEEP_SECONDS", "30"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# The Vite build's assets are served straight from frontend/dist: no collectstatic needed.
# The server's own (the login page's style) are in wargame/static.
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist", BASE_DIR / "wargame" / "static"]
WHITENOISE_USE_FINDERS = True
# Before the first `make frontend` that folder does not exist yet; that is expected.
SILENCED_SYSTEM_CHECKS = ["staticfiles.W004"]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"

# Largest request body accepted; a larger one is answered 413 (docs/protocol.md).
DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["wargame.api.parsers.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "wargame.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Wargame API",
    "DESCRIPTION": "Games, seats, commands and role views of the Wargame server.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "wargame.api.schema.request_bodies",
    ],
}

# How many events between two snapshots of a game's state (snapshots are caches).
WARGAME_SNAPSHOT_EVERY = int(os.environ.get("WARGAME_SNAPSHOT_EVERY", "200"))

# The address teams use to reach the server (e.g. https://wargame.example.org), for the join
# links; without it the links use the address the facilitator's browser used.
WARGAME_PUBLIC_URL = os.environ.get("WARGAME_PUBLIC_URL", "")
if urlsplit(WARGAME_PUBLIC_URL).hostname:
    ALLOWED_HOSTS.append(urlsplit(WARGAME_PUBLIC_URL).hostname)
    # A login form posted from the public address is from a trusted origin (behind a proxy
    # that terminates TLS, Django would otherwise see a scheme other than the browser's).
    CSRF_TRUSTED_ORIGINS = [
        f"{urlsplit(WARGAME_PUBLIC_URL).scheme}://{urlsplit(WARGAME_PUBLIC_URL).netloc}"
    ]

# Requests one token (or one address without a token) may make to the API.
WARGAME_THROTTLE_RATE = os.environ.get("WARGAME_THROTTLE_RATE", "1200/min")

# The Ed25519 key that signs every exported log (wargame/games/signing.py): base64 of the 32-byte
# private key in WARGAME_SIGNING_KEY, or else the file WARGAME_SIGNING_KEY_FILE, generated once
# (mode 0600) and kept out of git like .secret_key. Every worker must share it.
WARGAME_SIGNING_KEY = os.environ.get("WARGAME_SIGNING_KEY", "")
WARGAME_SIGNING_KEY_FILE = os.environ.get(
    "WARGAME_SIGNING_KEY_FILE", str(BASE_DIR / ".signing_key")
)
# Public keys ("ed25519:...", comma-separated) whose signed exports import as verified, besides
# this server's own (`manage.py signing_key` prints a server's key).
WARGAME_TRUSTED_KEYS = [
    k.strip() for k in os.environ.get("WARGAME_TRUSTED_KEYS", "").split(",") if k.strip()
]
# Largest exported log accepted by POST /api/games/import/ (the command has no limit).
WARGAME_IMPORT_MAX_BYTES = int(os.environ.get("WARGAME_IMPORT_MAX_BYTES", str(32 << 20)))

# Bytes of encoded views each process keeps, and as many of the parts the next changes are
# built from (games/caches.py), newest first.
WARGAME_VIEW_CACHE_BYTES = int(os.environ.get("WARGAME_VIEW_CACHE_BYTES", str(128 << 20)))

# Seconds between two heartbeat messages on an idle game socket.
# The threads that run Django's HTTP requests, each whole, kept for the life of the process with
# their database connections (wargame/sync_http.py); past this many requests waiting for one of
# them, a request is answered at once with 503 and Retry-After.
WARGAME_HTTP_THREADS = int(os.environ.get("WARGAME_HTTP_THREADS", "4"))
WARGAME_HTTP_QUEUE = int(os.environ.get("WARGAME_HTTP_QUEUE", "200"))

# The threads of the socket commands, a game's always on the same one: one on SQLite, which has
# one writer at a time; more on PostgreSQL, where commands for different games then run side by
# side (wargame/threads.py). Each thread may hold a pooled connection.
WARGAME_COMMAND_THREADS = int(
    os.environ.get(
        "WARGAME_COMMAND_THREADS",
        "1" if DATABASES["default"]["ENGINE"].endswith("sqlite3") else "6",
    )
)
WARGAME_HEARTBEAT_SECONDS = float(os.environ.get("WARGAME_HEARTBEAT_SECONDS", "30"))

# Notifications (wargame/games/notify.py, docs/operations.md). Email goes through SMTP when
# WARGAME_EMAIL_HOST is set; otherwise each email is printed to the log of the task worker.
if os.environ.get("WARGAME_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["WARGAME_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("WARGAME_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("WARGAME_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("WARGAME_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _env_flag("WARGAME_EMAIL_STARTTLS")
    EMAIL_USE_SSL = _env_flag("WARGAME_EMAIL_SSL")
    EMAIL_TIMEOUT = float(os.environ.get("WARGAME_EMAIL_TIMEOUT", "20"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("WARGAME_EMAIL_FROM", "wargame@localhost")
# Seconds a webhook's server has to answer.
WARGAME_WEBHOOK_TIMEOUT = float(os.environ.get("WARGAME_WEBHOOK_TIMEOUT", "10"))
# Seconds after which a notification's send or planning that a worker began and never finished
# (the worker died) is taken up again by another (wargame/games/notify_send.py).
WARGAME_NOTIFICATION_LEASE = float(os.environ.get("WARGAME_NOTIFICATION_LEASE", "300"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WARGAME_LOG_LEVEL", "WARNING")},
}
