"""Settings shared by every environment; values come from the environment.

See cookiecutter-django: one base module, thin local/test/production modules.
"""
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False) if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "core",
    "audit",
    "groups",
    "jobs",
    "members",
    "books",
    "savings",
    "loans",
    "yearend",
    "meetings",
    "sheet",
    "exits",
    "reports",
    "imports",
    "pwa",
    "dashboard",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pwa.middleware.OfflineUserMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lkp.urls"

# Content-Security-Policy (django-csp): nothing but the site's own files. The templates have no
# inline script, style or event handler (static/js/app.js carries the shared behaviour); Bootstrap's
# icons are data: SVGs. worker-src and manifest-src serve the service worker and the web manifest.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Powerful browser features the LKP never uses, switched off for every page (core.middleware).
PERMISSIONS_POLICY = ("accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), "
                      "fullscreen=(self), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), "
                      "payment=(), publickey-credentials-get=(), usb=(), xr-spatial-tracking=()")
# Pages for a signed-in user are never kept by the browser or a proxy (shared phones): Cache-Control
# no-store, except what is the same for everyone and must work offline (core.middleware.NoStoreMiddleware).
LKP_CACHEABLE_PATHS = ("/static/", "/sw.js", "/manifest.webmanifest", "/manifest.json", "/jsi18n/")
# Sessions (README "Sessions"): they end when the browser closes and after DJANGO_SESSION_IDLE_MINUTES
# without a request (every request moves the expiry on).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_MINUTES", default=240) * 60
SESSION_SAVE_EVERY_REQUEST = True
WSGI_APPLICATION = "lkp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["core.templatetags.money", "core.templatetags.pdf"],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the dev server, the worker and a management command share the file.
    # IMMEDIATE takes the write lock when a transaction begins: a transaction that read first and
    # then writes cannot wait for the lock (SQLite answers "database is locked" at once), one that
    # began IMMEDIATE waits up to the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):
    # The reports are many short aggregate queries; JIT compiling them costs more than it saves
    # (measured: 0.33 s of a 0.48 s portfolio query at LP2M scale, docs/performance.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a login while its username or address is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Password guessing (README "Logins"): after DJANGO_LOGIN_FAILURE_LIMIT wrong passwords for one
# username, or from one address, logins are refused for DJANGO_LOGIN_COOLOFF_MINUTES (on /login/
# and /admin/login/ alike). An admin unlocks at once in the admin ("Access attempts": delete) or with
# `manage.py axes_reset_username <name>`. A right password resets the count.
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("DJANGO_LOGIN_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "core.throttle.locked_out"
AXES_CLIENT_IP_CALLABLE = "core.throttle.client_ip"
AXES_USERNAME_CALLABLE = "core.throttle.username"
AXES_VERBOSE = False
# Behind a proxy every request comes from the proxy's address: name the header it sets to the
# client's address (nginx: `proxy_set_header X-Real-IP $remote_addr;` and HTTP_X_REAL_IP here).
LKP_CLIENT_IP_HEADER = env("DJANGO_CLIENT_IP_HEADER", default="")
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
# How long a group's report figures may be reused at most (core/cache.py): they are recomputed at
# once after any change made in that group through the services (and every day), this only bounds
# edits made outside them (the admin, a shell).
REPORTS_CACHE_SECONDS = env.int("REPORTS_CACHE_SECONDS", default=6 * 3600)
# After a change in a group, the job worker recomputes that group's report figures (reports.warm).
LKP_WARM_REPORTS = env.bool("LKP_WARM_REPORTS", default=True)
# One cache shared by every worker (gunicorn runs several processes): Redis when REDIS_URL is set
# (redis://host:6379/0), else a table in the database (created by core's migration 0002).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "lkp"}}
else:
    CACHES = {"default": {"BACKEND": "core.cache_backend.BulkDatabaseCache", "LOCATION": "lkp_cache",
                          # A few entries per group, period and report: cull only far beyond that.
                          "OPTIONS": {"MAX_ENTRIES": 200_000, "CULL_FREQUENCY": 4}}}
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lkp.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Long work (batch statements, the RAT package PDF, imports) runs in the background (jobs/): Django's
# tasks framework (the django-tasks backport). The default backend keeps the queue in the database, so
# nothing but the database is needed: run `manage.py db_worker` beside the server (`make run` does).
# Another backend (Redis, Celery) is a settings change: LKP_TASKS_BACKEND names its class.
TASKS = {
    "default": {
        "BACKEND": env("LKP_TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    },
}
# A waiting or running job without progress for this long lost its worker: asking again replaces it.
JOBS_STALE_SECONDS = env.int("LKP_JOBS_STALE_SECONDS", default=900)
# A job's file is kept in the database (jobs.Job.result), at most this large.
JOBS_MAX_RESULT_BYTES = env.int("LKP_JOBS_MAX_RESULT_MB", default=50) * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# GNI per capita (Rupiah) for depth of outreach, by year; a yearly setting.
LKP_GNI_PER_CAPITA = {2023: 75_000_000, 2024: 78_600_000, 2025: 82_000_000, 2026: 85_000_000}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
