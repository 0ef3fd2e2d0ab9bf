"""The demo profile used by `make run`: debug on and staff MFA off, so the demo logins work."""

from urllib.parse import urlparse

from .base import *  # noqa: F403
from .base import SITE_URL, env

DEBUG = env.bool("DEBUG", default=True)
ELLW_STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
# `make run HOST=192.168.1.5:8000` sets SITE_URL to match; serve that host name too.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, urlparse(SITE_URL).hostname]  # noqa: F405
