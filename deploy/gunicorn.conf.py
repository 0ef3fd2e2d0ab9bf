"""gunicorn's configuration for ELLW Cohorts, behind nginx (deploy/nginx/ellw.conf):

    gunicorn -c deploy/gunicorn.conf.py ellw.wsgi

gunicorn reads this file before Django starts, so it reads its own few variables from the
environment (/etc/ellw/ellw.env under systemd); Django's settings read the rest."""

from __future__ import annotations

import multiprocessing
import os

from gunicorn.glogging import Logger


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


# One address or several, comma-separated (GUNICORN_BIND=127.0.0.1:8000); loopback by
# default: only nginx talks to gunicorn.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers: every request is short, the database does the waiting, and nginx buffers
# slow clients, so a worker is never held by one. 2 x cores + 1 is gunicorn's own advice.
worker_class = "sync"
workers = _int("GUNICORN_WORKERS", 2 * multiprocessing.cpu_count() + 1)
# A request that takes longer is stuck: the worker is killed and replaced. nginx's
# proxy_read_timeout is a little longer, so it reports gunicorn's 502, not its own 504.
timeout = _int("GUNICORN_TIMEOUT", 30)
# SIGTERM (systemctl stop, a deploy): requests under way get this long to finish.
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Each worker is replaced after about this many requests (the jitter keeps them from all
# restarting at once), so a slow leak never grows.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# X-Forwarded-Proto is believed only from nginx: from anyone else a client could claim
# HTTPS. Django reads X-Forwarded-For itself (TRUSTED_PROXY_COUNT).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Requests no bigger than nginx lets through (its large_client_header_buffers).
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# gunicorn's control socket (for `gunicornc`) is not used; it would want a writable home.
control_socket_disable = True

# Logs go to the journal (stdout and stderr under systemd). The access log has the request
# id nginx sends (X-Request-ID, also each audit row's request id), the time taken and the
# path without its query string.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms '
    'request_id=%({x-request-id}i)s "%(a)s"'
)


# A secret link's token is in its path (/endorse/<token>/, /calendar/<token>.ics): it is
# replaced by "[Filtered]" in the access log, as in the service's own log lines and error
# reports (ellw.sentry.text_scrub, the one list of paths that carry a token), so the log is
# no credential.
def access_log_scrub(text: str) -> str:
    # Imported when a request is logged: the app (and so the project) is loaded by then.
    from ellw.sentry import text_scrub

    return text_scrub(text)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("U", "r"):
            if key in atoms:
                atoms[key] = access_log_scrub(atoms[key])
        return atoms


logger_class = RedactingLogger
