"""Settings shared by every environment. Deploy-specific values come from the environment."""

import os
import sys
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The project's own apps first so their templates override the libraries'.
    "website.accounts",
    "website.core",
    "website.search",
    "members",
    "certification",
    "events",
    "publications",
    # Wagtail (five of its apps without the v3 API, which the site does not serve: see
    # website.core.wagtail_apps)
    "wagtail.contrib.forms",
    "website.core.wagtail_apps.RedirectsConfig",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "website.core.wagtail_apps.SnippetsConfig",
    "website.core.wagtail_apps.DocumentsConfig",
    "website.core.wagtail_apps.ImagesConfig",
    "wagtail.search",
    "website.core.wagtail_apps.LocalesConfig",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "csp",
    "allauth.account",
    "allauth.mfa",
    # Libraries
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves cached pages to anonymous visitors before sessions or the database are touched.
    "website.core.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "website.accounts.middleware.signed_in_responses_are_private",
    "website.accounts.middleware.admin_refuses_non_staff",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The site and its home page, kept per host, for Wagtail's serving (website.core.sites).
    "website.core.sites.SiteMiddleware",
]

# Content-Security-Policy on every public and portal page: scripts only from our own static
# files (no inline script, so no nonce is needed and cached pages stay shareable), no plugins,
# no framing by other sites. The Wagtail admin is excluded: its editor is not written for it.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        # Django's backend; a label in OPTIONS["libraries"] may replace an installed library
        # of that name without a warning (website.core.template_engine).
        "BACKEND": "website.core.template_engine.DjangoTemplates",
        "NAME": "django",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # {% url %} with its answers kept per process (website.core.templatetags.kept_urls);
            # {% form_fields form %}, components/form_fields.html written in Python
            # (website.core.templatetags.form_fields).
            "builtins": [
                "website.core.templatetags.kept_urls",
                "website.core.templatetags.form_fields",
            ],
            # {% load i18n %} is Django's library with constant {% translate %} texts kept
            # per process (website.core.templatetags.kept_i18n); Wagtail's admin tags keep
            # the sidebar per user (website.core.templatetags.kept_wagtailadmin).
            "libraries": {
                "i18n": "website.core.templatetags.kept_i18n",
                "wagtailadmin_tags": "website.core.templatetags.kept_wagtailadmin",
            },
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

# Database: SQLite under var/ unless DATABASE_URL says otherwise (postgres://... in production).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (web + task worker) on one SQLite file: wait instead of failing.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every web process), else process memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "website.core.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "huanwei"),
            "TIMEOUT": 3600,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous page cache lifetime in seconds; publishing and data changes invalidate earlier
# (by area, website.core.cache), and pages that depend on the date expire at their boundary.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(6 * 3600)))
# Fragments and aggregates kept per area (menu, home sections, news years and tags): the same.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", str(6 * 3600)))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "/"

# django-allauth: email is the login; addresses must be verified; rate limits stay on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("HTTP_PROTOCOL", "https")
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Tell people when their password, email address or two-factor setup changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "website.accounts.adapter.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "website.accounts.forms.SignupExtraForm"
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "中国城市环境卫生协会"
MFA_ADAPTER = "website.accounts.mfa.MFAAdapter"

# Internationalisation: Simplified Chinese first, English for the ISWA column and visitors.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]

# Static files: hashed and compressed by whitenoise. Media and private files: Django's storage
# API, on the file system or on an S3-compatible store (below).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it before collectstatic
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Private uploads (licences, evidence, payment proofs) never live under MEDIA_URL; they are
# served only through views that check access.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def s3_storage(bucket: str, **options) -> dict:
    """An S3-compatible bucket through django-storages (AWS S3, MinIO, Aliyun OSS, Tencent COS),
    from the S3_* variables (README, "Deploying")."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "addressing_style": os.environ.get("S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "file_overwrite": False,
            **options,
        },
    }


# Public media (images, renditions) in S3_MEDIA_BUCKET: linked directly, so the bucket (or the
# CDN in S3_MEDIA_DOMAIN) must allow anonymous reads of its objects.
if os.environ.get("S3_MEDIA_BUCKET"):
    STORAGES["default"] = s3_storage(
        os.environ["S3_MEDIA_BUCKET"],
        querystring_auth=False,
        custom_domain=os.environ.get("S3_MEDIA_DOMAIN") or None,
    )
# Private files in S3_PRIVATE_BUCKET, which must allow no anonymous access: objects are
# written private and read only by the access-checked views (website.core.files), which stream
# them from the store; a URL the storage would sign expires within a minute.
if os.environ.get("S3_PRIVATE_BUCKET"):
    STORAGES["private"] = s3_storage(
        os.environ["S3_PRIVATE_BUCKET"],
        default_acl="private",
        querystring_auth=True,
        querystring_expire=60,
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# Largest private upload accepted by the project's own upload fields (bytes).
PRIVATE_UPLOAD_MAX_SIZE = int(os.environ.get("PRIVATE_UPLOAD_MAX_SIZE", 20 * 1024 * 1024))
# Uploaded images are decoded within this many pixels (website.core.files); bigger is refused.
UPLOAD_MAX_IMAGE_PIXELS = 40_000_000

# Email: console in development; SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "中国城市环境卫生协会 <noreply@example.org>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# Background work: run immediately unless a worker backend is configured (production).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# Wagtail
WAGTAIL_SITE_NAME = "中国城市环境卫生协会"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "website.search.backends", "AUTO_UPDATE": True},
}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip", "ofd"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
# Documents live in the private storage (website.core.documents) and always go through
# Wagtail's view and its before_serve_document checks, never a storage URL.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# nginx's `internal` location aliased to PRIVATE_MEDIA_ROOT (e.g. "/_protected/"): access-
# checked private files and documents are then sent by nginx (X-Accel-Redirect).
PRIVATE_FILES_ACCEL_REDIRECT = os.environ.get("PRIVATE_FILES_ACCEL_REDIRECT", "")
# Wagtail's image formats, HEIC not among them. Willow imports pillow_heif (a HEIF and AVIF
# plugin for Pillow, 5 MB of every worker's memory) when it loads; Pillow reads AVIF itself, so
# it is kept out: importing it fails as if it were not installed, which Willow handles
# (tests/site/test_image_formats.py).
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
sys.modules.setdefault("pillow_heif", None)
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_IMAGE_PIXELS
# Wagtail's image and document forms parse each upload with the project's checker.
WAGTAILIMAGES_IMAGE_FORM_BASE = "website.core.media_forms.CheckedImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "website.core.media_forms.CheckedDocumentForm"
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = True
# Password resets go through allauth (rate limited, styled as the site), not the admin.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No Gravatar in the admin: it is unreachable from mainland China and leaks staff email hashes.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No autosave: on a new page it saved a draft in the background, and the editor's next try at
# the same page then failed with "slug already in use". Editors save or submit explicitly.
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILFORMS_ADMIN_SUBMISSIONS_ALLOW_DELETE = False


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django_tasks": {"level": "WARNING"},
        # Task logs (website.core.logs) are for production's JSON lines.
        "website.tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
    },
}

# /healthz fails when the oldest task ready to run has waited longer than this (seconds).
HEALTHZ_MAX_TASK_WAIT = int(os.environ.get("HEALTHZ_MAX_TASK_WAIT", "300"))

SILENCED_SYSTEM_CHECKS: list[str] = []

# Django's form renderer, with the commonest widgets written without templates (same HTML).
FORM_RENDERER = "website.core.form_renderer.FormRenderer"
