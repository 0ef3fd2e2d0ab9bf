"""The shared cache on Redis (safe to clear on a Redis database that other things use), and
the copies of public pages each web process keeps for visitors who are not signed in."""

import functools
import hashlib
import re
import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone


class PrefixedRedisCache(RedisCache):
    """Django's RedisCache, except clear(): Django's runs FLUSHDB, which would also drop the
    Celery queue (the broker lives in the same Redis database). This one deletes only the
    keys under this cache's KEY_PREFIX."""

    def clear(self) -> None:
        if not self.key_prefix:
            raise ValueError("PrefixedRedisCache needs a KEY_PREFIX to clear safely.")
        client = self._cache.get_client(write=True)
        batch = []
        for key in client.scan_iter(match=f"{self.key_prefix}:*", count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)


# --- Public pages for visitors who are not signed in ----------------------------------------
#
# The home page, the cohorts open for applications and the programme page are the same for
# every visitor without a session, so each web process keeps its last rendering of them and
# answers the next such visitor from memory. What they show belongs to the domain apps,
# which call `public_pages_changed` when it changes (they connect it to their models'
# signals); the version it bumps lives in the shared cache, so every process sees it.

PUBLIC_PAGES_VERSION_KEY = "public-pages:version"
# A backstop only: a change that bypasses the signals (a queryset.update()) shows within this.
PUBLIC_PAGE_SECONDS = 300
# The copies live in each process, never in the shared cache: a restart (a new release,
# changed settings) starts afresh, and one visitor's request never reaches another process.
_public_pages = LocMemCache(
    "ellw-public-pages", {"TIMEOUT": PUBLIC_PAGE_SECONDS, "MAX_ENTRIES": 200}
)


def public_pages_version() -> int:
    cache = caches["default"]
    version = cache.get(PUBLIC_PAGES_VERSION_KEY)
    if version is None:
        # A new or emptied shared cache starts from the clock, never from a number an
        # earlier version had, so no copy made before can match again.
        cache.add(PUBLIC_PAGES_VERSION_KEY, time.time_ns(), None)
        version = cache.get(PUBLIC_PAGES_VERSION_KEY, 0)
    return version


def public_pages_forget() -> None:
    """Drop this process's copies (the tests start each test without them)."""
    _public_pages.clear()


def public_pages_changed(**_signal_kwargs) -> None:
    """Something a public page shows has changed: every process's copies are stale once the
    change commits (bumped before the commit, a request in between could keep the old)."""
    transaction.on_commit(_public_pages_version_bump)


def _public_pages_version_bump() -> None:
    cache = caches["default"]
    try:
        cache.incr(PUBLIC_PAGES_VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): any new value differs
        cache.set(PUBLIC_PAGES_VERSION_KEY, time.time_ns(), None)


def _anonymous_and_plain(request: HttpRequest) -> bool:
    """A GET with no session (so nobody is signed in and no message waits), no messages
    cookie and no query string (which would let anyone fill the cache with variants)."""
    return (
        request.method == "GET"
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _shareable(response: HttpResponse) -> bool:
    """A complete page that holds nothing of this visitor's: no cookie set, no CSRF token."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and b"csrfmiddlewaretoken" not in response.content
    )


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer visitors who are not signed in from this process's copy of the page (see
    above); everyone else, and anything unusual, gets the view itself."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _anonymous_and_plain(request):
            return view(request, *args, **kwargs)
        # The day is in the key (which cohorts are open depends on it), and the address the
        # visitor used (links may be absolute).
        key = ":".join(
            (
                str(public_pages_version()),
                timezone.localdate().isoformat(),
                request.scheme,
                request.get_host(),
                request.path,
            )
        )
        copy = _public_pages.get(key)
        if copy is not None:
            content, content_type = copy
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _shareable(response):
            _public_pages.set(key, (response.content, response["Content-Type"]))
        return response

    return wrapped


# A page kept by what it shows: the caller names its state (every value the page is made
# from), so a copy can never outlive a change; a form's CSRF token is left out of the copy
# and each visitor's own put in when it is served.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
# No page holds a NUL byte (none can be entered: RejectNulBytesMiddleware), so the stand-in
# cannot be mistaken for anything a page says.
_CSRF_PLACE = b"\x00csrf-token\x00"


def public_page_by_state(
    request: HttpRequest, *, state: object, render: Callable[[], HttpResponse]
) -> HttpResponse:
    """`render()`'s page for this visitor: from this process's copy made for the same
    `state` when the visitor is not signed in (see `public_page`), else rendered afresh.
    `state` must hold everything the page shows (its repr is the key)."""
    if not _anonymous_and_plain(request):
        return render()
    digest = hashlib.sha256(repr(state).encode()).hexdigest()
    key = f"state:{request.scheme}:{request.get_host()}:{request.path}:{digest}"
    copy = _public_pages.get(key)
    if copy is not None:
        content, content_type = copy
        content = content.replace(_CSRF_PLACE, get_token(request).encode())
        return HttpResponse(content, content_type=content_type)
    response = render()
    if response.status_code == 200 and not response.streaming and not response.cookies:
        kept = _CSRF_INPUT.sub(rb"\1" + _CSRF_PLACE + rb"\2", response.content)
        _public_pages.set(key, (kept, response["Content-Type"]))
    return response
