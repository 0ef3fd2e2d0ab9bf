"""The demo profile used by `make run`: debug on and staff MFA off, so the demo logins work."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
ELLW_STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=False)
