"""What every log line says about where it came from: the request id, the signed-in
account's id and the Celery task's id, kept in context variables.

The request id is decided once, here (RequestIdMiddleware): the one a trusted proxy sends
in X-Request-ID if it looks like one, else a new uuid4. It goes back in the response's
X-Request-ID header, into the audit trail (auditlog's correlation id) and into the headers
of every task the request enqueues, so the worker's log lines for that task carry it too.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar, Token

from django.conf import settings
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from ellw.sentry import text_scrub

REQUEST_ID_HEADER = "X-Request-ID"
# The task message header that carries the request id to the worker.
TASK_REQUEST_ID_HEADER = "ellw_request_id"
# A request id the proxy sends is used only if it looks like one (nginx's $request_id is
# 32 hex digits); anything else is replaced, so a client cannot write into the trail.
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")

_request_id: ContextVar[str | None] = ContextVar("ellw_request_id", default=None)
_user_id: ContextVar[int | None] = ContextVar("ellw_user_id", default=None)
_task_id: ContextVar[str | None] = ContextVar("ellw_task_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being served, or of the request that enqueued the task being
    run (auditlog's correlation id); None outside both."""
    return _request_id.get()


def request_id_decide(request) -> str:
    """The proxy's X-Request-ID when a trusted proxy is in front and it is well formed;
    otherwise a new one."""
    offered = request.META.get("HTTP_X_REQUEST_ID", "")
    trusted = settings.ALLAUTH_TRUSTED_PROXY_COUNT and _REQUEST_ID.fullmatch(offered)
    return offered if trusted else uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets `request.request_id` and the log context for the whole request; the account's
    id joins it once authentication has run (process_view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_decide(request)
        tokens = (_request_id.set(request.request_id), _user_id.set(None))
        try:
            response = self.get_response(request)
        finally:
            _user_id.reset(tokens[1])
            _request_id.reset(tokens[0])
        response[REQUEST_ID_HEADER] = request.request_id
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            _user_id.set(user.pk)
        return None


class LogContextFilter(logging.Filter):
    """Adds request_id, user_id and task_id (None outside a request or a task) to every
    record the handler formats."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _request_id.get()
        record.user_id = _user_id.get()
        record.task_id = _task_id.get()
        return True


class TextFormatter(logging.Formatter):
    """Plain lines, with link tokens in paths and e-mail addresses replaced (django.request
    names the path of a 404 or a 500, and an exception's text can name anything)."""

    def format(self, record: logging.LogRecord) -> str:
        return text_scrub(super().format(record))


class JsonFormatter(_JsonFormatter):
    """One JSON object a line: time, level, logger, message, the context above, and the
    exception if any. Objects a library passes in `extra` (django.request's `request`)
    are left out, and link tokens in paths and e-mail addresses are replaced, as in
    TextFormatter."""

    FIELDS = ("asctime", "levelname", "name", "message", "request_id", "user_id", "task_id")
    RENAMED = {"asctime": "time", "levelname": "level", "name": "logger"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", " ".join(f"%({field})s" for field in self.FIELDS))
        kwargs.setdefault("rename_fields", self.RENAMED)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_record, record, message_dict) -> None:
        super().add_fields(log_record, record, message_dict)
        log_record.pop("request", None)

    def format(self, record: logging.LogRecord) -> str:
        # The replacements hold no character JSON escapes, so the line stays JSON.
        return text_scrub(super().format(record))


# --- Celery: the request id travels with the task ---------------------------------------------

_task_tokens: dict[str, tuple[Token, Token]] = {}


def task_publish_add_request_id(headers=None, **kwargs) -> None:
    """before_task_publish: the current request id (a request's, or the running task's)
    goes into the message's headers. Tasks are enqueued on commit, inside the request's
    transaction's end, so the request id is still set then."""
    request_id = _request_id.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_REQUEST_ID_HEADER, request_id)


def task_prerun_set_context(task_id=None, task=None, **kwargs) -> None:
    """task_prerun: the worker's log context for this task. A task run in process (eager)
    has no message headers, and keeps the enqueuing request's id."""
    request = getattr(task, "request", None)
    carried = getattr(request, TASK_REQUEST_ID_HEADER, None) or (
        (getattr(request, "headers", None) or {}).get(TASK_REQUEST_ID_HEADER)
    )
    request_id = carried if isinstance(carried, str) and _REQUEST_ID.fullmatch(carried) else None
    _task_tokens[task_id] = (
        _request_id.set(request_id or _request_id.get()),
        _task_id.set(task_id),
    )


def task_postrun_clear_context(task_id=None, **kwargs) -> None:
    """task_postrun: back to the context before the task (none, in a worker)."""
    tokens = _task_tokens.pop(task_id, None)
    if tokens is None:
        return
    try:
        _task_id.reset(tokens[1])
        _request_id.reset(tokens[0])
    except ValueError:  # set in another context (not seen with Celery's pools)
        _task_id.set(None)
        _request_id.set(None)
