"""Settings shared by every profile, read from the environment with embedded defaults.

With nothing set: SQLite in the project, e-mail to the console, Celery tasks run in process.
Integrations switch on by the presence of their variable (REDIS_URL), not by profile.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from ellw.mail.notify import NotifyURLError, notify_url_is, notify_url_parse

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "ellw.accounts.apps.AdminConfig",  # django.contrib.admin with an MFA-aware site
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
    "auditlog",
    "ellw.audit",
    "ellw.retention",
    "ellw.privacy",
    "ellw.health",
    "cohorts",
    "applications",
    "modules",
    "evaluation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The request id, for the log lines, the audit trail and the tasks of everything below.
    "ellw.observability.RequestIdMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "ellw.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "ellw.accounts.middleware.StaffIdleTimeoutMiddleware",
    "ellw.accounts.middleware.StaffMFAMiddleware",
    "ellw.audit.middleware.AuditMiddleware",
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
                "ellw.context_processors.staff_session",
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
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Re-authentication (before allauth's sensitive pages) by password, or by MFA for an account
# with an authenticator (the adapter offers such accounts nothing else). Never by a code
# e-mailed: every account here has a password, and a mailbox must not stand in for it, nor
# for TOTP; the two code URLs answer 403.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "mfa")
MFA_TOTP_ISSUER = "ELLW Cohorts"
# A code is accepted for one 30-second period either side of now (RFC 6238 5.2): a code
# typed as it changes, or from a phone whose clock is a little out, still works. Each code
# still works only once (allauth remembers used codes for the whole window).
MFA_TOTP_TOLERANCE = 1
# Staff (SP managers, programme leads) must set up MFA before any staff page.
# Only the demo profile (settings.local) turns this off.
ELLW_STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
ELLW_STAFF_PATH_PREFIXES = ("/staff/", "/admin/")

# The audit trail (ellw.audit): django-auditlog's rows, with the event in the programme's
# words; the request id (X-Request-ID) is auditlog's correlation id.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_CID_GETTER = "ellw.observability.current_request_id"
# auditlog's own LogEntry is swapped out for audit.AuditEntry, but its migrations would still
# create an orphan auditlog_logentry table (whose foreign keys block flushing the users and
# content types). Without migrations, Django creates no table for a swapped model.
MIGRATION_MODULES = {"auditlog": None}

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

# E-mail: every message goes through the outbox (ellw.mail); this is how it leaves. EMAIL_URL
# is a mail server (smtp+tls://user:password@host:587, django-environ's schemes) or GOV.UK
# Notify (notify://<api key>@api.notifications.service.gov.uk/?template=<template id>, with
# &reply_to=<reply-to id> optionally; the format is in ellw.mail.notify). Kept in a lower-case
# name, so it is no setting: the error pages and reports mask NOTIFY_API_KEY, not a URL.
_email_url = env("EMAIL_URL", default="consolemail://")
if notify_url_is(_email_url):
    try:
        vars().update(notify_url_parse(_email_url))
    except NotifyURLError as error:
        raise ImproperlyConfigured(str(error)) from None
    EMAIL_BACKEND = "ellw.mail.backends.NotifyEmailBackend"
else:
    EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
    vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="ELLW Cohorts <no-reply@ellw.example.nhs.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ELLW_OUTBOX_MAX_ATTEMPTS = 5
ELLW_OUTBOX_RESEND_AFTER_SECONDS = 60

# Celery: with REDIS_URL set, tasks go to Redis and real workers run them; without it,
# tasks run in process, so a newcomer needs no services.
REDIS_URL = env("REDIS_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without Redis the in-memory transport, named with a host so kombu does not warn of one.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when the broker is unreachable: the outbox row stays pending and the beat
# re-send picks it up, so a request never waits on a dead broker.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
# With Redis, a message a worker took but never acknowledged (it died: tasks acknowledge
# late) is delivered again once visibility_timeout seconds have passed since it was taken.
# Kombu's default (an hour), stated here so a test's worker process can run with a short one.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    "visibility_timeout": env.int("BROKER_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
# Three queues, so a long print run never delays an e-mail: "email" (sending and re-sending
# the outbox: short, network-bound), "documents" (rendering PDFs: long, CPU-bound) and the
# default "celery" queue for the periodic work that only finds what is due (reminders,
# surveys, retention, re-enqueueing waiting documents), whose e-mails and PDFs then go to
# their own queues. A worker started without -Q (`make worker`) consumes all three;
# production can run one worker per queue (`celery -A ellw worker -Q email`, and so on).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = {name: {"routing_key": name} for name in ("email", "documents", "celery")}
CELERY_TASK_ROUTES = {
    "mail.send": {"queue": "email"},
    "mail.resend_pending": {"queue": "email"},
    "documents.render": {"queue": "documents"},
}
# Health (/healthz, ellw.health): each worker records a heartbeat per queue it consumes
# every WORKER_HEARTBEAT_SECONDS; a queue whose newest heartbeat is older than
# WORKER_HEARTBEAT_STALE_SECONDS is reported stale. The broker must answer within
# ELLW_HEALTH_BROKER_TIMEOUT seconds, shorter than a load balancer's check timeout.
ELLW_WORKER_HEARTBEAT_SECONDS = env.int("WORKER_HEARTBEAT_SECONDS", default=15)
ELLW_WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=60)
ELLW_HEALTH_BROKER_TIMEOUT = 2
CELERY_BEAT_SCHEDULE = {
    "outbox-resend-pending": {"task": "mail.resend_pending", "schedule": 60.0},
}

# Logs go to standard error: plain text by default, one JSON object a line with LOG_FORMAT=json
# (production's default). Every line carries the request id, the signed-in account's id
# (never an address) and the Celery task's id, where there is one (ellw.observability);
# link tokens in paths and e-mail addresses are replaced in both (ellw.sentry.text_scrub).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "ellw.observability.LogContextFilter"}},
    "formatters": {
        "text": {"()": "ellw.observability.TextFormatter", "fmt": "%(message)s"},
        "json": {"()": "ellw.observability.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["context"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
if LOG_FORMAT not in LOGGING["formatters"]:
    raise ImproperlyConfigured(f"LOG_FORMAT is {LOG_FORMAT!r}: it must be json or text.")

# Error reporting (ellw.sentry): on when SENTRY_DSN is set, for the web and the workers, with
# personal data and link tokens scrubbed from every event. Traces are off unless
# SENTRY_TRACES_SAMPLE_RATE is set (0.0 to 1.0).
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    from ellw.sentry import sentry_init

    _traces = env("SENTRY_TRACES_SAMPLE_RATE", default="")
    sentry_init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default=""),
        release=env("SENTRY_RELEASE", default=""),
        traces_sample_rate=float(_traces) if _traces else None,
    )

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

# Endorsement links (applications): how often a new link may be sent for one application,
# by the applicant or staff (resend or change of clinical director). The link sent at
# submission counts towards the daily limit.
ELLW_ENDORSEMENT_LINKS_PER_DAY = env.int("ENDORSEMENT_LINKS_PER_DAY", default=3)
ELLW_ENDORSEMENT_LINK_INTERVAL_MINUTES = env.int("ENDORSEMENT_LINK_INTERVAL_MINUTES", default=10)

# Account pages and staff roles (ellw.accounts): the name allauth's e-mails give the site
# (the adapter hands it to them, so django.contrib.sites is not needed); after confirming
# an e-mail address the person is signed in and sent where they were going; account
# changes are e-mailed to the person; an e-mail address is at most 254 characters (RFC 5321)
# wherever one is typed; a staff invitation to one address at most once per interval.
ELLW_SITE_NAME = "ELLW Cohorts"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ELLW_EMAIL_MAX_LENGTH = 254
ELLW_STAFF_INVITATION_INTERVAL_MINUTES = 10
ACCOUNT_FORMS.update(
    {
        "reset_password": "ellw.accounts.forms.EllwResetPasswordForm",
        "add_email": "ellw.accounts.forms.EllwAddEmailForm",
        "change_password": "ellw.accounts.forms.EllwChangePasswordForm",
        "set_password": "ellw.accounts.forms.EllwSetPasswordForm",
        "reset_password_from_key": "ellw.accounts.forms.EllwResetPasswordKeyForm",
        "reauthenticate": "ellw.accounts.forms.EllwReauthenticateForm",
    }
)
MFA_FORMS = {
    "authenticate": "ellw.accounts.forms.EllwMFAAuthenticateForm",
    "reauthenticate": "ellw.accounts.forms.EllwMFAReauthenticateForm",
    "activate_totp": "ellw.accounts.forms.EllwActivateTOTPForm",
}

# E-mail delivery (ellw.mail): a slow mail server cannot hold a worker (EMAIL_TIMEOUT seconds
# per socket operation); the outbox tasks' hard time limits; a claimed row is released for
# re-sending only after ELLW_OUTBOX_STALE_CLAIM_SECONDS, at least twice the longest limit
# (system check mail.E002), so a live send is never released.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
ELLW_OUTBOX_SEND_TIME_LIMIT = 60
ELLW_OUTBOX_RESEND_TIME_LIMIT = 300
ELLW_OUTBOX_STALE_CLAIM_SECONDS = 900

# Security core: staff MFA secrets, the shared cache, Content-Security-Policy and
# Permissions-Policy.
# TOTP secrets and recovery-code seeds are encrypted with ellw.crypto (ENCRYPTION_KEYS).
MFA_ADAPTER = "ellw.accounts.mfa.MFAAdapter"
# allauth's rate limits and TOTP replay protection count in the cache, so every worker
# process must share it: Redis when REDIS_URL is set, else the database (the table is made
# by a migration, so `migrate` is enough). The Redis cache shares the broker's database
# but owns only keys under its prefix: its clear() deletes those, never FLUSHDB.
ELLW_CACHE_TABLE = "ellw_cache"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "ellw.cache.PrefixedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ellw-cache",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": ELLW_CACHE_TABLE,
        }
    }
# Strict: our own files only, nothing inline. img-src allows data: for the TOTP QR code
# allauth draws as a data: URI.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Powerful browser features the service never uses, off for every page and any frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Session reminders (cohorts): each participant is e-mailed the day before a
# session; the hourly run claims each session first, so a reminder never goes twice.
CELERY_BEAT_SCHEDULE.update(
    {"session-reminders": {"task": "cohorts.send_session_reminders", "schedule": 3600.0}}
)

# People's rights (ellw.privacy): what the service holds about a person, app by app, and
# what erasing them does there. Each entry names a selector (what it holds about an account
# and its e-mail addresses, or an address alone) and an erasure service; ellw cannot import
# the apps, so they are named here. Listed in the order a copy shows them; erasure runs
# them in reverse (the account last).
ELLW_PERSONAL_DATA = {
    "accounts": {
        "held": "ellw.privacy.selectors.account_personal_data",
        "erase": "ellw.privacy.services.account_personal_data_erase",
        "problems": "ellw.privacy.selectors.account_erasure_problems",
    },
    "applications": {
        "held": "applications.selectors.personal_data.applications_personal_data",
        "erase": "applications.services.erasure.applications_personal_data_erase",
        "problems": "applications.selectors.personal_data.applications_erasure_problems",
    },
    "cohorts": {
        "held": "cohorts.selectors.personal_data.cohorts_personal_data",
        "erase": "cohorts.services.erasure.cohorts_personal_data_erase",
        "problems": "cohorts.selectors.personal_data.cohorts_erasure_problems",
    },
    "evaluation": {
        "held": "evaluation.selectors.personal_data.evaluation_personal_data",
        "erase": "evaluation.services.erasure.evaluation_personal_data_erase",
    },
    "mail": {
        "held": "ellw.privacy.selectors.mail_personal_data",
        "erase": "ellw.privacy.services.mail_personal_data_erase",
    },
}
# Retention: unsuccessful and withdrawn applications are anonymised this many days after
# they last changed (applications.services.retention).
ELLW_RETENTION_APPLICATION_DAYS = env.int("RETENTION_APPLICATION_DAYS", default=365)

# Cohort set-up: capacity may not drop below the places offered or taken, which the
# applications app counts (cohorts cannot import it, so the function is named here).
ELLW_COHORT_PLACES_HELD = "applications.selectors.admission.cohort_places_held"

# Generated documents (ellw.documents): every PDF is a row rendered by one Celery
# task pattern. Files go to the "documents" storage: local files under DOCUMENTS_ROOT
# (never served directly; downloads are permission-checked and streamed), or an
# S3-compatible bucket when DOCUMENTS_S3_BUCKET is set (django-storages comes with the
# production lock, requirements/production.txt).
ELLW_DOCUMENT_KINDS = {
    "certificate": {
        "renderer": "cohorts.documents.certificates.certificate_document_render",
        "download_permission": "cohorts.download_certificate",
        "back_link": "cohorts.documents.certificates.certificate_document_back_link",
    },
    "certificate_batch": {
        "renderer": "cohorts.documents.certificates.certificate_batch_document_render",
        "download_permission": "cohorts.print_certificates",
        "back_link": "cohorts.documents.certificates.certificate_batch_document_back_link",
    },
    "influencing_report": {
        "renderer": "evaluation.documents.report.report_document_render",
        "download_permission": "evaluation.view_report",
        "back_link": "evaluation.documents.report.report_document_back_link",
    },
}
DOCUMENTS_S3_BUCKET = env("DOCUMENTS_S3_BUCKET", default="")
if DOCUMENTS_S3_BUCKET:
    STORAGES["documents"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": env("DOCUMENTS_S3_ENDPOINT_URL", default=None),
            "region_name": env("DOCUMENTS_S3_REGION", default=None),
            "access_key": env("DOCUMENTS_S3_ACCESS_KEY_ID", default=None),
            "secret_key": env("DOCUMENTS_S3_SECRET_ACCESS_KEY", default=None),
            "location": env("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    STORAGES["documents"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("DOCUMENTS_ROOT", default=BASE_DIR / "var" / "documents"),
            "base_url": None,
        },
    }
# The fonts documents embed, installed by `npm ci` (@fontsource packages), not the machine's.
ELLW_PDF_FONT_DIR = env.path("PDF_FONT_DIR", default=BASE_DIR / "node_modules" / "@fontsource")
ELLW_DOCUMENT_MAX_ATTEMPTS = 4
# Both from the environment so a test's worker process can run with short ones; check
# documents.E002 holds them to each other whatever they are set to.
ELLW_DOCUMENT_RENDER_TIME_LIMIT = env.int("DOCUMENT_RENDER_TIME_LIMIT", default=600)
# A rendering claim older than this is a dead worker's (check documents.E002: at least
# twice the time limit, so a live render is never taken over).
ELLW_DOCUMENT_STALE_CLAIM_SECONDS = env.int("DOCUMENT_STALE_CLAIM_SECONDS", default=1500)
ELLW_DOCUMENT_REQUEUE_AFTER_SECONDS = 60
# A failed attempt waits for its retry (backoff up to 600 s); one still waiting after this
# long lost its retry (a worker restart, a broker outage) and is enqueued again.
ELLW_DOCUMENT_RETRY_LOST_SECONDS = 1800
CELERY_BEAT_SCHEDULE["documents-render-pending"] = {
    "task": "documents.render_pending",
    "schedule": 60.0,
}
# WeasyPrint reports each page it lays out; documents turn that into progress, the console
# does not need it.
LOGGING["loggers"] = {
    "weasyprint.progress": {"level": "INFO", "propagate": False},
    # fontTools notes every font it unpacks at INFO.
    "fontTools": {"level": "WARNING"},
}

# Certificates (cohorts): what every certificate names as the programme and who
# issues it (also the organisation on LinkedIn's "add to profile").
ELLW_PROGRAMME_NAME = env("PROGRAMME_NAME", default="Emerging Leaders Link Worker Programme")
ELLW_CERTIFICATE_ISSUER = env("CERTIFICATE_ISSUER", default="NHS North East London")
# The public verification page counts look-ups per address (allauth's rate limiter, in the
# shared cache), so codes cannot be enumerated.
ACCOUNT_RATE_LIMITS = {
    "verify_certificate": "20/m/ip,200/h/ip",
    "verify_certificate_file": "10/m/ip",
}
# Rate limits count per client address. Behind a proxy every request comes from the proxy's
# address, so say how many proxies append to X-Forwarded-For (allauth reads the address
# the nearest trusted one saw); unset, the connection's own address is used.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Uploaded files (the certificate check is the only upload): one cap for every request,
# enforced while the body is read, before anything is stored (ellw.uploads).
ELLW_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "ellw.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Evaluation. Surveys open by themselves when due (hourly, with their e-mail) and
# remind those who have not answered after each interval in ELLW_SURVEY_REMINDER_DAYS; the
# lead's "Send a reminder" works at most once per ELLW_SURVEY_MANUAL_REMINDER_HOURS.
ELLW_SURVEY_REMINDER_DAYS = (4, 10)
# A survey takes answers for this many days from the day it opens (or is reopened), then
# closes by itself; participants see the date.
ELLW_SURVEY_OPEN_DAYS = env.int("SURVEY_OPEN_DAYS", default=21)
ELLW_SURVEY_MANUAL_REMINDER_HOURS = 24
# Graduates are asked for an update this many months after graduating, by a link that
# works once and for ELLW_ALUMNI_LINK_DAYS.
ELLW_ALUMNI_UPDATE_MONTHS = tuple(env.list("ALUMNI_UPDATE_MONTHS", cast=int, default=[6, 12]))
ELLW_ALUMNI_LINK_DAYS = env.int("ALUMNI_LINK_DAYS", default=60)
# The lead may send an unanswered request again (a new link) once in this many hours.
ELLW_ALUMNI_RESEND_HOURS = 24
# Testimonial request links: how long they work, and how often one address may be asked.
ELLW_TESTIMONIAL_LINK_DAYS = env.int("TESTIMONIAL_LINK_DAYS", default=30)
ELLW_TESTIMONIAL_REQUEST_INTERVAL_HOURS = 24
ELLW_TESTIMONIAL_REQUESTS_PER_DAY = 50
CELERY_BEAT_SCHEDULE.update(
    {
        "surveys-open-and-remind": {
            "task": "evaluation.open_and_remind_surveys",
            "schedule": 3600.0,
        },
        "alumni-update-requests": {"task": "evaluation.request_alumni_updates", "schedule": 3600.0},
    }
)

# Retention (ellw.retention): how long each kind of data is kept once the programme no
# longer needs it, and what happens then. The daily task, `manage.py retention`, the staff
# page (Staff → Data retention) and the privacy notice all read these, so they never
# disagree. Each kind is owned by its app: `due(now)` is a queryset of what is past its
# period (counted in SQL), `purge(now)` deletes or erases it and returns how many; the
# coordinator runs each kind in its own transaction and records it in the audit trail.
# Days after a link stopped working (used, replaced or expired) before its keys are erased.
ELLW_RETENTION_LINK_DAYS = env.int("RETENTION_LINK_DAYS", default=90)
# Days after an e-mail was sent before the record of it (to, subject, when) is deleted.
ELLW_RETENTION_EMAIL_DAYS = env.int("RETENTION_EMAIL_DAYS", default=365)
# Days after a session expired before its row is deleted.
ELLW_RETENTION_SESSION_DAYS = env.int("RETENTION_SESSION_DAYS", default=0)
# Days after a PDF was superseded (a certificate reissued, a newer print run) before its
# file is deleted from storage.
ELLW_RETENTION_DOCUMENT_DAYS = env.int("RETENTION_DOCUMENT_DAYS", default=90)
# Days the audit trail keeps a row (six years).
ELLW_RETENTION_AUDIT_DAYS = env.int("RETENTION_AUDIT_DAYS", default=2192)
# (ELLW_RETENTION_APPLICATION_DAYS, for unsuccessful and withdrawn applications, is set
# with the applications' personal data above.)
ELLW_RETENTION_KINDS = {
    "endorsement_links": {
        "label": "Clinical directors' endorsement links",
        "days_setting": "ELLW_RETENTION_LINK_DAYS",
        "action": "erased",
        "model": "applications.EndorsementRequest",
        "due": "applications.selectors.endorsement.endorsement_links_past_retention",
        "purge": "applications.services.endorsement.endorsement_links_erase_past_retention",
    },
    "testimonial_links": {
        "label": "Testimonial request links",
        "days_setting": "ELLW_RETENTION_LINK_DAYS",
        "action": "erased",
        "model": "evaluation.Testimonial",
        "due": "evaluation.selectors.testimonials.testimonial_links_past_retention",
        "purge": "evaluation.services.testimonials.testimonial_links_erase_past_retention",
    },
    "alumni_links": {
        "label": "Alumni update links",
        "days_setting": "ELLW_RETENTION_LINK_DAYS",
        "action": "erased",
        "model": "evaluation.AlumniUpdate",
        "due": "evaluation.selectors.alumni.alumni_links_past_retention",
        "purge": "evaluation.services.alumni.alumni_links_erase_past_retention",
    },
    "emails": {
        "label": "Sent e-mail records",
        "days_setting": "ELLW_RETENTION_EMAIL_DAYS",
        "action": "deleted",
        "model": "mail.OutboundEmail",
        "due": "ellw.mail.selectors.outbound_emails_past_retention",
        "purge": "ellw.mail.services.outbound_emails_delete_past_retention",
    },
    "sessions": {
        "label": "Expired sessions",
        "days_setting": "ELLW_RETENTION_SESSION_DAYS",
        "action": "deleted",
        "model": "sessions.Session",
        "due": "ellw.accounts.selectors.sessions_past_retention",
        "purge": "ellw.accounts.services.sessions_delete_past_retention",
    },
    "certificate_pdfs": {
        "label": "PDFs of reissued certificates",
        "days_setting": "ELLW_RETENTION_DOCUMENT_DAYS",
        "action": "deleted (the PDF; its record and fingerprint kept)",
        "model": "documents.GeneratedDocument",
        "due": "cohorts.selectors.certificates.certificate_documents_past_retention",
        "purge": "cohorts.services.certificates.certificate_documents_delete_past_retention",
    },
    "certificate_print_runs": {
        "label": "Earlier print runs of a cohort's certificates",
        "days_setting": "ELLW_RETENTION_DOCUMENT_DAYS",
        "action": "deleted (the PDF; its record and fingerprint kept)",
        "model": "documents.GeneratedDocument",
        "due": "cohorts.selectors.certificates.certificate_print_runs_past_retention",
        "purge": "cohorts.services.certificates.certificate_print_runs_delete_past_retention",
    },
    "applications": {
        "label": "Unsuccessful and withdrawn applications",
        "days_setting": "ELLW_RETENTION_APPLICATION_DAYS",
        "action": "anonymised",
        "model": "applications.Application",
        "due": "applications.selectors.retention.applications_past_retention",
        "purge": "applications.services.retention.applications_anonymise_past_retention",
    },
    "audit": {
        "label": "Audit trail",
        "days_setting": "ELLW_RETENTION_AUDIT_DAYS",
        "action": "deleted",
        "model": "audit.AuditEntry",
        "due": "ellw.audit.selectors.audit_entries_past_retention",
        "purge": "ellw.audit.services.audit_entries_purge",
    },
}
ELLW_RETENTION_TIME_LIMIT = 1800
CELERY_BEAT_SCHEDULE["retention-purge"] = {
    "task": "retention.purge",
    "schedule": crontab(hour=3, minute=15),
}

# Staff sessions end after this many minutes without a request (ellw.accounts.middleware);
# pages warn ELLW_STAFF_IDLE_WARNING_MINUTES before, with a button to stay signed in.
ELLW_STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
ELLW_STAFF_IDLE_WARNING_MINUTES = env.int("STAFF_IDLE_WARNING_MINUTES", default=3)
