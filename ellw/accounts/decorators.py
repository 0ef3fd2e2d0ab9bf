"""View decorators: anonymous people go to log in; signed-in people lacking the permission, 403."""

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from rules.contrib.views import permission_required as rules_permission_required


def permission_required(perm: str, fn: Callable | None = None) -> Callable:
    def decorator(view: Callable) -> Callable:
        return login_required(rules_permission_required(perm, fn=fn, raise_exception=True)(view))

    return decorator
