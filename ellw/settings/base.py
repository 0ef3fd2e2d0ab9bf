"""Settings shared by every profile, read from the environment with embedded defaults.

With nothing set: SQLite in the project, e-mail to the console, Celery tasks run in process.
Integrations switch on by the presence of their variable (REDIS_URL), not by profile.
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "ellw",
    "ellw.accounts",
    "ellw.mail",
    "ellw.documents",
    "cohorts",
    "applications",
    "modules",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ellw.accounts.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "ellw.urls"
WSGI_APPLICATION = "ellw.wsgi.application"

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
                "ellw.context_processors.navigation",
                "ellw.context_processors.service",
            ],
        },
    },
]
FORM_RENDERER = "ellw.forms.NHSFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
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
LOGIN_REDIRECT_URL = "home"

# django-allauth: e-mail is the login; addresses must be verified; rate limits stay on.
ACCOUNT_ADAPTER = "ellw.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "ELLW Cohorts"
# Staff (SP managers, programme leads) must set up MFA before any staff page.
# Only the demo profile (settings.local) turns this off.
ELLW_STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
ELLW_STAFF_PATH_PREFIXES = ("/staff/", "/admin/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: every message goes through the outbox (ellw.mail); this is how it leaves.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="ELLW Cohorts <no-reply@ellw.example.nhs.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ELLW_OUTBOX_MAX_ATTEMPTS = 5
ELLW_OUTBOX_RESEND_AFTER_SECONDS = 60
ELLW_OUTBOX_STALE_CLAIM_SECONDS = 600

# Celery: with REDIS_URL set, tasks go to Redis and real workers run them; without it,
# tasks run in process, so a newcomer needs no services.
REDIS_URL = env("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is unreachable: the outbox row stays pending and the beat
# re-send picks it up, so a request never waits on a dead broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 1, "socket_connect_timeout": 1}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "outbox-resend-pending": {"task": "mail.resend_pending", "schedule": 60.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

ACCOUNT_FORMS = {
    "signup": "ellw.accounts.forms.EllwSignupForm",
    "login": "ellw.accounts.forms.EllwLoginForm",
}

# Applications and endorsement
ELLW_ENDORSEMENT_LINK_DAYS = env.int("ENDORSEMENT_LINK_DAYS", default=14)
ELLW_ENDORSEMENT_REMINDER_DAYS = (3, 7)
ELLW_OFFER_ACCEPTANCE_DAYS = env.int("OFFER_ACCEPTANCE_DAYS", default=7)
CELERY_BEAT_SCHEDULE.update(
    {
        "endorsement-reminders": {
            "task": "applications.send_endorsement_reminders",
            "schedule": 3600.0,
        },
        "offers-lapse-expired": {"task": "applications.lapse_expired_offers", "schedule": 3600.0},
    }
)

# Encryption at rest (ellw.crypto): keys from the environment, newest first, never in the
# database. Unset: derived from SECRET_KEY.
ELLW_ENCRYPTION_KEYS = env.list("ENCRYPTION_KEYS", default=[])

# Who runs the service: shown in the footer, the contact page, the privacy notice and
# wherever a page says "contact the programme team".
ELLW_CONTACT = {
    "name": env("CONTACT_NAME", default="ELLW programme team, NHS North East London"),
    "email": env("CONTACT_EMAIL", default="ellw.programme@example.nhs.uk"),
    "phone": env("CONTACT_PHONE", default="020 7946 0000"),
    "hours": env("CONTACT_HOURS", default="Monday to Friday, 9am to 5pm"),
}
ELLW_DATA_CONTROLLER = {
    "name": env("DATA_CONTROLLER_NAME", default="NHS North East London Integrated Care Board"),
    "address": env(
        "DATA_CONTROLLER_ADDRESS",
        default="4th Floor, Unex Tower, 5 Station Street, London E15 1DA",
    ),
    "dpo_email": env("DATA_PROTECTION_OFFICER_EMAIL", default="dpo@example.nhs.uk"),
}
