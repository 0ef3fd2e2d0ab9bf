"""The service under load: gunicorn and wrk against a bare-Django floor, in the same run.

    .venv/bin/python bench/load.py                      # the national dataset, every page
    .venv/bin/python bench/load.py --json               # and one JSON object, last line
    .venv/bin/python bench/load.py --scale 0.1 --duration 2       # a quick trial
    .venv/bin/python bench/load.py --reuse --pages home,queue     # keep the data, two pages

Needs PostgreSQL on 127.0.0.1 (user postgres, no password), Redis on 127.0.0.1:6379 and wrk
(`apt-get install -y wrk`); after `make install assets` on a clean clone nothing else.

What it does, in order: drops and creates its own database (`ellw_load` unless
--database-url names another; it refuses names that do not start with ellw_load), runs
migrate and builds bench/data.py's national dataset into it (--reuse keeps what is there),
runs collectstatic into a temporary STATIC_ROOT, then starts gunicorn (2 sync workers) with
the production profile plus bench/load_settings.py: DEBUG off, SECURE_SSL_REDIRECT on (wrk
sends `X-Forwarded-Proto: https`, as nginx does), sessions, rate limits and the broker in
Redis database 11, e-mail to the console. The bench settings add one thing only: a floor
view at /bench/floor/ (HttpResponse("ok") through the whole middleware stack). Rate limits
stay as in production: wrk plays many visitors behind one proxy, as nginx would pass them
on (each request carries an X-Forwarded-For address drawn at random from 10.0.0.0/8, and
TRUSTED_PROXY_COUNT is 1), so the verification page's limit of 20 a minute per address is
counted, with each visitor's own short history, and never reached. (Raising the limit
instead would make allauth's history of one address grow to every request of the minute,
and measure that.)

Logging in is the real flow over HTTP: a staff member (SP manager and programme lead, with
a TOTP authenticator) logs in with password and a TOTP code computed from the secret, so the
session carries allauth's MFA record that staff powers need; a participant (a graduate with a
certificate) and an applicant (an application in an open cohort) log in with a password.
Their session cookies go to wrk in a `Cookie:` header.

For each page: one request checked for its expected status (a logged-in page must answer
200, not a redirect to log-in), a short wrk run of the floor, then a wrk run of the page
(--duration, --connections, --threads, wrk's --latency; a Lua script counts any answer
but the expected status, and the run fails loudly if there is one). Figures: requests per
second, p50 and p99 latency (ms, from wrk's histogram through Lua), the page's queries (one
request through Django's test client in this process, against the same database with the
same settings, counted with CaptureQueriesContext: DEBUG is off), and p50 over the floor's
p50 (the median of every floor run). Targets: p50 within 4x the floor for public pages, 8x
for the others, and p99 under 100 ms. The machine's load average is printed: the figures are
only as quiet as the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from html import escape
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ellw_load"
REDIS_URL = "redis://127.0.0.1:6379/11"
# Only ever a bench's: the session cookies and link tokens of the dataset depend on it.
SECRET_KEY = "bench-load-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"
STAFF_EMAIL = "bench.staff@example.nhs.uk"
PASSWORD = "bench-load-password-2026"
TARGET_RATIO = {"public": 4, "participant": 8, "staff": 8}
TARGET_P99_MS = 100

LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  unexpected = 0; expected = tonumber(args[1])
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end
-- Each request from another visitor, as nginx passes them on (TRUSTED_PROXY_COUNT=1).
function request()
  wrk.headers["X-Forwarded-For"] = string.format(
    "10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format()
end
function response(status, headers, body)
  if status ~= expected then unexpected = unexpected + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("unexpected") end
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%f p99_us=%f unexpected=%d " ..
    "connect=%d read=%d write=%d timeout=%d status=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    bad, e.connect, e.read, e.write, e.timeout, e.status))
end
"""


@dataclass
class Page:
    name: str
    kind: str  # public, participant or staff
    url: str
    who: str | None  # whose session: staff, participant, applicant, or none
    expect: str = ""  # text the page must contain (a 200 can still be the wrong page)
    status: int = 200
    figures: dict = field(default_factory=dict)


def _environment(database_url: str, static_root: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "bench.load_settings",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": "consolemail://",
        # wrk's requests arrive as from many visitors behind one proxy (its Lua script).
        "TRUSTED_PROXY_COUNT": "1",
        "BENCH_STATIC_ROOT": static_root,
        "PYTHONPATH": str(ROOT),
    }


def _database_recreate(database_url: str) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("ellw_load"):
        raise SystemExit(f"Refusing to drop {name!r}: the bench's databases start ellw_load.")
    maintenance = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- HTTP, as a browser behind nginx --------------------------------------------------------


class Browser:
    """One person's cookies, over plain HTTP to gunicorn with nginx's headers."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "bench/load.py",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        connection.close()
        return response.status, response.headers, content.decode("utf-8", "replace")

    def post_form(self, path: str, fields: dict) -> tuple[int, str]:
        status, _, html = self.request("GET", path)
        if status != 200:
            raise SystemExit(f"GET {path} answered {status}, not 200")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if token is None:
            raise SystemExit(f"No CSRF token on {path}")
        status, headers, _ = self.request(
            "POST", path, {**fields, "csrfmiddlewaretoken": token.group(1)}
        )
        return status, headers.get("Location", "")


def _totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(port: int, email: str, *, totp_secret: str | None = None) -> str:
    """Log in through the real pages; returns the session cookie's value."""
    from django.conf import settings

    browser = Browser(port)
    status, location = browser.post_form("/accounts/login/", {"login": email, "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"Log-in of {email} answered {status}, not a redirect")
    if totp_secret is not None:
        path = urllib.parse.urlsplit(location).path
        if "2fa" not in path:
            raise SystemExit(f"Log-in of {email} did not ask for a code (went to {location})")
        status, location = browser.post_form(path, {"code": _totp_code(totp_secret)})
        if status != 302:
            raise SystemExit(f"The TOTP code for {email} answered {status}, not a redirect")
    return browser.cookies[settings.SESSION_COOKIE_NAME]


# --- the people and the pages ---------------------------------------------------------------


def people_and_pages(port: int) -> tuple[dict[str, str | None], list[Page]]:
    """The three people's sessions (logged in over HTTP) and every page's URL."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.db import transaction

    from applications.enums import ApplicationStatus
    from applications.models import Application
    from cohorts.enums import SessionKind
    from cohorts.models import Certificate, Cohort, Session
    from cohorts.services.calendar import enrolment_calendar_feed_token
    from ellw.accounts.models import User
    from ellw.accounts.roles import PROGRAMME_LEADS, SP_MANAGERS
    from ellw.accounts.services import staff_role_grant

    with transaction.atomic():
        staff, _ = User.objects.get_or_create(
            email=STAFF_EMAIL, defaults={"full_name": "Bench Staff"}
        )
        staff.set_password(PASSWORD)
        staff.save()
        EmailAddress.objects.update_or_create(
            user=staff, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
        )
        for role in (SP_MANAGERS, PROGRAMME_LEADS):
            if not staff.groups.filter(name=role).exists():
                staff_role_grant(user=staff, role=role)
        Authenticator.objects.filter(user=staff).delete()
        secret = generate_totp_secret()
        TOTP.activate(staff, secret)  # stored encrypted through the MFA adapter

        certificate = (
            Certificate.objects.current()
            .select_related("enrolment__participant", "enrolment__cohort")
            .order_by("-enrolment__cohort__starts_on", "pk")
            .first()
        )
        participant = certificate.enrolment.participant
        open_cohorts = [
            c
            for c in Cohort.objects.order_by("starts_on")
            if c.applications_open_on <= _today() <= c.applications_close_on
        ]
        application = (
            Application.objects.filter(
                cohort=open_cohorts[0], status=ApplicationStatus.AWAITING_ENDORSEMENT
            )
            .select_related("applicant")
            .order_by("pk")
            .first()
        )
        applicant = application.applicant
        for person in (participant, applicant):
            person.set_password(PASSWORD)
            person.save(update_fields=["password"])
        feed_token = enrolment_calendar_feed_token(enrolment=certificate.enrolment)

    # Staff pages: the largest finished cohort, a module session's register, a submitted
    # application, and a surname many applicants share.
    finished = certificate.enrolment.cohort
    register = (
        Session.objects.filter(cohort=finished, kind=SessionKind.MODULE).order_by("pk").first()
    )
    detail = (
        Application.objects.filter(cohort=finished, status=ApplicationStatus.ACCEPTED)
        .order_by("pk")
        .first()
    )
    closed = (
        Cohort.objects.filter(applications_close_on__lt=_today(), starts_on__gt=_today())
        .order_by("starts_on")
        .first()
    ) or open_cohorts[0]

    sessions = {
        "staff": log_in(port, STAFF_EMAIL, totp_secret=secret),
        "participant": log_in(port, participant.email),
        "applicant": log_in(port, applicant.email),
        None: None,
    }
    shown = open_cohorts[0].name
    pages = [
        Page("home", "public", "/", None, shown),
        Page("cohorts list", "public", "/cohorts/", None, shown),
        Page(
            "verify certificate",
            "public",
            f"/verify/{certificate.display_code}/",
            None,
            "This certificate is valid",
        ),
        Page(
            "apply form",
            "participant",
            f"/applications/apply/{open_cohorts[1].slug}/",
            "applicant",
            'name="motivation"',
        ),
        Page(
            "applicant status",
            "participant",
            f"/applications/{application.pk}/",
            "applicant",
            "<h1>Your application</h1>",
        ),
        Page("your programme", "participant", "/my-programme/", "participant", "webcal://"),
        Page("calendar feed", "participant", f"/calendar/{feed_token}.ics", None, "BEGIN:VEVENT"),
        Page("queue", "staff", "/staff/applications/", "staff", "/staff/applications/export/"),
        Page(
            "queue by cohort+status",
            "staff",
            f"/staff/applications/?cohort={closed.pk}&status={ApplicationStatus.ENDORSED}",
            "staff",
            f'<span class="nhsuk-caption-l">{escape(closed.name)}',
        ),
        Page("queue search", "staff", "/staff/applications/?q=okafor", "staff", "Okafor"),
        Page(
            "application detail",
            "staff",
            f"/staff/applications/{detail.pk}/",
            "staff",
            escape(detail.full_name),
        ),
        Page("CSV export", "staff", "/staff/applications/export/", "staff", detail.work_email),
        Page(
            "register",
            "staff",
            f"/staff/cohorts/sessions/{register.pk}/register/",
            "staff",
            "<h1>Register: ",
        ),
        Page("evaluation dashboard", "staff", "/staff/evaluation/", "staff", escape(finished.name)),
    ]
    return sessions, pages


def _today():
    from django.utils import timezone

    return timezone.localdate()


def queries_of(url: str, session: str | None) -> int:
    """The page's queries, one request through Django's test client in this process (the
    same settings and database as gunicorn), after one warm-up request."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session

    def get():
        response = client.get(url, secure=True)
        if getattr(response, "streaming", False):
            for _ in response.streaming_content:
                pass
        response.close()
        return response.status_code

    get()
    with CaptureQueriesContext(connection) as captured:
        status = get()
    if status != 200:
        raise SystemExit(f"{url} answered {status} in process, not 200")
    return len(captured)


# --- wrk ------------------------------------------------------------------------------------


def wrk(args, port: int, url: str, session: str | None, duration: float, lua: str) -> dict:
    command = [
        "wrk",
        f"--threads={args.threads}",
        f"--connections={args.connections}",
        f"--duration={max(1, round(duration))}s",
        "--timeout=60s",
        "--latency",
        f"--script={lua}",
        "--header=X-Forwarded-Proto: https",
    ]
    if session:
        from django.conf import settings

        command.append(f"--header=Cookie: {settings.SESSION_COOKIE_NAME}={session}")
    command += [f"http://127.0.0.1:{port}{url}", "--", "200"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next((x for x in output.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no figures for {url}:\n{output}")
    values = {k: float(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    if not values["requests"]:
        raise SystemExit(f"{url}: no request finished in {duration:g} s; run longer (--duration)")
    problems = {k: int(values[k]) for k in ("unexpected", "connect", "read", "write", "timeout")}
    if any(problems.values()):
        raise SystemExit(f"{url}: wrk saw unexpected answers or errors: {problems}\n{output}")
    return {
        "rps": values["requests"] / (values["duration_us"] / 1e6),
        "p50_ms": values["p50_us"] / 1000,
        "p99_ms": values["p99_us"] / 1000,
        "requests": int(values["requests"]),
    }


def check_status(port: int, page: Page, session: str | None) -> None:
    """The page answers its expected status over HTTP (twice: both workers, likely)."""
    from django.conf import settings

    browser = Browser(port)
    if session:
        browser.cookies[settings.SESSION_COOKIE_NAME] = session
    for _ in range(2):
        status, headers, body = browser.request("GET", page.url)
        if status != page.status:
            where = headers.get("Location", "")
            raise SystemExit(
                f"{page.name} ({page.url}) answered {status} {where}, not {page.status}"
            )
        if page.expect not in body:
            raise SystemExit(f"{page.name} ({page.url}) does not say {page.expect!r}")


# --- the run --------------------------------------------------------------------------------


@contextlib.contextmanager
def gunicorn(environment: dict[str, str], port: int):
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "ellw.wsgi:application",
        "--workers=2",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        f"--chdir={ROOT}",
    ]
    help_text = subprocess.run([command[0], "--help"], capture_output=True, text=True).stdout
    if "--no-control-socket" in help_text:
        command.append("--no-control-socket")
    descriptor, log_name = tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")
    os.close(descriptor)
    log_path = Path(log_name)
    with log_path.open("w+") as log:
        process = subprocess.Popen(
            command,
            env={**os.environ, **environment},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            _wait_listening(process, port, log)
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)  # a graceful stop; it ends its workers
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
    log_path.unlink()


def _wait_listening(process: subprocess.Popen, port: int, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        if process.poll() is not None:
            log.seek(0)
            raise SystemExit(f"gunicorn exited ({process.returncode}):\n{log.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start listening within 60 s") from None
            time.sleep(0.2)


def versions() -> str:
    import django
    import gunicorn as gunicorn_package
    import psycopg
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True)
    wrk_line = (wrk_version.stdout or wrk_version.stderr).splitlines()[0].split(" [")[0]
    return (
        f"Python {sys.version.split()[0]}, Django {django.__version__}, gunicorn "
        f"{gunicorn_package.__version__}, psycopg {psycopg.__version__}, PostgreSQL "
        f"{postgres}, {wrk_line}, {os.cpu_count()} CPUs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--scale", type=float, default=1.0, help="the dataset's scale")
    parser.add_argument("--pages", help="only these pages, by name, separated by commas")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds of each page's run")
    parser.add_argument(
        "--floor-duration", type=float, default=2.0, help="seconds of each floor run"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="a JSON object as the last line")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk")

    static_root = tempfile.mkdtemp(prefix="bench-static-")
    environment = _environment(args.database_url, static_root)
    os.environ.update(environment)
    lua = Path(static_root).parent / f"bench-load-{os.getpid()}.lua"
    lua.write_text(LUA)
    try:
        run(args, environment, str(lua))
    finally:
        lua.unlink(missing_ok=True)
        shutil.rmtree(static_root, ignore_errors=True)


def run(args, environment: dict[str, str], lua: str) -> None:
    if not args.reuse:
        _database_recreate(args.database_url)
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    from bench.data import national_dataset_build
    from cohorts.models import Cohort

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    seconds = time.perf_counter() - started
    print(f"database {connection.settings_dict['NAME']}: migrated in {seconds:.1f} s")
    if not args.reuse or not Cohort.objects.exists():
        started = time.perf_counter()
        built = national_dataset_build(scale=args.scale)
        counts = ", ".join(f"{count:,} {name}" for name, count in built["counts"].items())
        print(
            f"dataset (scale {args.scale}) built in {time.perf_counter() - started:.1f} s: {counts}"
        )
    else:
        print("dataset reused as it is (--reuse)")
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()  # the bench's own keys in Redis db 11: no rate limit carried over
    limit = settings.ACCOUNT_RATE_LIMITS["verify_certificate"]
    print(
        f"rate limits as in production (verification: {limit}); each request comes from a "
        "random address in 10.0.0.0/8 behind one trusted proxy"
    )

    port = _free_port()
    with gunicorn(environment, port):
        sessions, pages = people_and_pages(port)
        if args.pages:
            wanted = [name.strip() for name in args.pages.split(",")]
            unknown = set(wanted) - {p.name for p in pages}
            if unknown:
                raise SystemExit(f"No such page: {', '.join(sorted(unknown))}")
            pages = [p for p in pages if p.name in wanted]
        floor = Page("floor", "floor", "/bench/floor/", None, "ok")
        check_status(port, floor, None)
        load_before = os.getloadavg()  # once the dataset is built: what the pages run beside
        floors = []
        for page in pages:
            session = sessions[page.who]
            check_status(port, page, session)
            page.figures["queries"] = queries_of(page.url, session)
            floors.append(wrk(args, port, floor.url, None, args.floor_duration, lua))
            page.figures.update(wrk(args, port, page.url, session, args.duration, lua))
            page.figures["floor_p50_ms"] = floors[-1]["p50_ms"]
            f = page.figures
            print(
                f"  {page.name}: {f['rps']:.0f} rps, p50 {f['p50_ms']:.1f} ms "
                f"(floor just before: {f['floor_p50_ms']:.2f} ms)",
                flush=True,
            )
    load_after = os.getloadavg()
    floor_p50 = statistics.median(f["p50_ms"] for f in floors)
    report(args, pages, floors, floor_p50, load_before, load_after)


def report(args, pages, floors, floor_p50, load_before, load_after) -> None:
    print()
    print(
        f"{'page':24} {'kind':12} {'rps':>7} {'p50 ms':>8} {'p99 ms':>8} {'queries':>7} "
        f"{'×floor':>7} {'target':>6} {'ratio':>5} {'p99':>4} {'requests':>8}"
    )
    for page in pages:
        f = page.figures
        ratio = f["p50_ms"] / floor_p50
        target = TARGET_RATIO[page.kind]
        ratio_met = "✓" if ratio <= target else "✗"
        p99_met = "✓" if f["p99_ms"] < TARGET_P99_MS else "✗"
        print(
            f"{page.name:24} {page.kind:12} {f['rps']:7.0f} {f['p50_ms']:8.1f} {f['p99_ms']:8.1f} "
            f"{f['queries']:7d} {ratio:7.1f} {f'{target}×':>6} {ratio_met:>5} {p99_met:>4} "
            f"{f['requests']:8d}{'*' if f['requests'] < 2 * args.connections else ''}"
        )
    if any(p.figures["requests"] < 2 * args.connections for p in pages):
        print(
            f"* fewer than {2 * args.connections} requests (2 a connection) finished in the run: "
            "requests still waiting when it ended are not in wrk's figures, so this page's "
            "p50 and p99 are lower than a longer run would give (raise --duration)"
        )
    print()
    runs = ", ".join(f"{f['p50_ms']:.2f}" for f in floors)
    print(f"floor p50: {floor_p50:.2f} ms (median of {len(floors)} runs: {runs})")
    print(
        f"wrk: {args.threads} threads, {args.connections} connections, {args.duration:g} s a "
        f"page, {args.floor_duration:g} s a floor run; gunicorn 2 sync workers"
    )
    print(
        "load average (1, 5, 15 min): before the first page "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after the last "
        + ", ".join(f"{x:.2f}" for x in load_after)
    )
    print(versions())
    print("queries: Django's test client in process, CaptureQueriesContext, after one warm-up")
    if args.json:
        print(
            json.dumps(
                {
                    "floor_p50_ms": round(floor_p50, 3),
                    "pages": {
                        page.name: {
                            "p50_ms": round(page.figures["p50_ms"], 3),
                            "p99_ms": round(page.figures["p99_ms"], 3),
                            "rps": round(page.figures["rps"], 1),
                            "queries": page.figures["queries"],
                            "kind": page.kind,
                        }
                        for page in pages
                    },
                }
            )
        )


def _stop(signum, frame):
    raise SystemExit(f"Stopped by signal {signum}: gunicorn stopped.")


if __name__ == "__main__":
    # A SIGTERM unwinds like Ctrl-C, so gunicorn is always shut down.
    signal.signal(signal.SIGTERM, _stop)
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("Interrupted: gunicorn stopped.") from None
