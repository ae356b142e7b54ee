"""Settings shared by every environment.

The environment is read once, here, through django-environ's typed helpers: a
malformed value (``DEBUG=maybe``) stops the process at start-up instead of
being guessed at.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config.storage import LOCAL as LOCAL_STORAGE
from config.storage import s3_storage

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is optional; real deployments set the environment.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    # The admin site, with its access limited to the roles that run it.
    "agencies.admin_site.ThiduaAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "core.apps.AxesConfig",  # django-axes, named in Vietnamese in the admin
    "django_celery_beat",
    "import_export",
    "core",
    "agencies",
    "campaigns",
    "honourees",
    "reports",
    "province",
    "duties",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses what the views answer (static files come compressed from whitenoise); last to see the response.
    "core.middleware.CompressedPagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a body too large to read has no CSRF token (core.uploads).
    "core.uploads.RequestTooLargeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    # Axes must be last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "agencies.context_processors.navigation",
            ],
        },
    },
]

# The embedded default is a SQLite file beside manage.py; DATABASE_URL switches
# to PostgreSQL (postgres://user@host:5432/name).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while a compile writes; a busy timeout instead of
    # "database is locked" when two requests write at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "agencies.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "agencies.backends.AgencyModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English second; dates as dd/mm/yyyy in both.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded evidence, photos and compiled reports are private: outside the static
# tree, served only through views that check access. The embedded default is the
# MEDIA_ROOT folder; STORAGE_S3_BUCKET puts them in a private bucket of an
# S3-compatible object store (MinIO, a cloud store) that every web and Celery
# machine reaches.
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")
STORAGES = {
    "default": (
        s3_storage(
            bucket=STORAGE_S3_BUCKET,
            endpoint_url=env.str("STORAGE_S3_ENDPOINT_URL", default=""),
            region=env.str("STORAGE_S3_REGION", default=""),
            access_key=env.str("AWS_ACCESS_KEY_ID", default=""),
            secret_key=env.str("AWS_SECRET_ACCESS_KEY", default=""),
        )
        if STORAGE_S3_BUCKET
        else LOCAL_STORAGE
    ),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Enforced while the body is read (core.uploads): no file the site accepts is
# larger than 10 MB, so nothing larger is kept, and a body over 25 MB is not parsed.
FILE_UPLOAD_HANDLERS = [
    "core.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
UPLOAD_MAX_FILE_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_REQUEST_SIZE = 25 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
# LibreOffice, when installed, turns uploaded .xls and .ods workbooks into .xlsx (core.office).
OFFICE_BINARY = env.str("OFFICE_BINARY", default="soffice")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Thi đua Lào Cai <thidua@laocai.gov.vn>")
# The site's address, for links in e-mails sent by Celery jobs (no request to build them from).
SITE_URL = env.url("SITE_URL", default="http://127.0.0.1:8000").geturl()

# Celery: with REDIS_URL, a real broker and a worker; without it, every task
# runs in-process when it is sent, so a new user needs nothing but Python.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AXES_VERBOSE = False
# Behind a reverse proxy every request comes from the proxy's address: with
# PROXY_COUNT set, log-ins are throttled by the client's address instead.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag
# A stale form gets a page in the interface language that says what to do, not Django's English one.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False
# History is a record, not an undo button: a revert from the admin would
# change a report without the workflow services (and the accepted-figures flag).
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# What `manage.py load_plan` runs, in order, in one transaction. Each is a
# function taking ``stdout``; later apps add their steps here (reports adds
# the reporting calendar of each plan's years).
PLAN_LOADERS = [
    "agencies.roles.sync_roles",
    "agencies.loading.load_agencies",
    "campaigns.loading.load_plans",
    "reports.calendar.load_calendar",
    "reports.reminders.install_schedules",
    "province.compilation.install_schedule",
    "province.loading.load_document_defaults",
    "honourees.loading.load_ethnic_groups",
]

# What `campaigns.services.plan_copy_to_phase` runs on the new plan (``plan=``), in its transaction: the apps
# above campaigns add their part (reports: the reporting calendar of the new years).
PLAN_COPY_STEPS = [
    "reports.calendar.generate_periods",
]

# The Django admin permissions of each role (agencies.roles.sync_roles, after every migrate and in load_plan):
# "app_label.*" for every permission of an app, "app_label.codename" for one. Roles absent here use the site,
# not the admin. Here rather than in agencies: it names the apps above agencies.
ROLE_PERMISSIONS = {
    "emulation_officer": [
        "campaigns.*",
        "honourees.*",
        "agencies.add_agency",
        "agencies.change_agency",
        "agencies.view_agency",
        "agencies.add_administrativeunit",
        "agencies.change_administrativeunit",
        "agencies.view_administrativeunit",
        "agencies.add_emulationbloc",
        "agencies.change_emulationbloc",
        "agencies.view_emulationbloc",
        # The reorganisations: recorded on the agency's page (README, Reorganisations).
        "agencies.add_succession",
        "agencies.change_succession",
        "agencies.delete_succession",
        "agencies.view_succession",
        # Not the user list: its e-mails and last logins are the administrator's to see (README, Roles).
    ],
    "admin": ["*"],
}

# What the agency page shows beside the agency's card: functions (request, agency) -> HTML. The apps above
# agencies add their part here, so agencies imports none of them.
AGENCY_PAGE_SECTIONS = [
    "campaigns.views.agency_duties",
    "reports.views.agency_reminders",
]

# Sample data that `manage.py seed_demo` adds after the demo users (DEBUG only).
DEMO_SEEDERS: list[str] = [
    "province.demo.seed_demo_province",  # the activity reports (reports.demo), then each quarter issued
    "honourees.demo.seed_demo_honourees",
    "duties.demo.seed_demo_guidance",
]
