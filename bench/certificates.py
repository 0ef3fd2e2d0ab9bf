"""A cohort's certificates as PDF: one batch document against separate documents.

    .venv/bin/python bench/certificates.py                # 200 graduates
    .venv/bin/python bench/certificates.py --count 20     # a quick trial
    .venv/bin/python bench/certificates.py --json         # and a JSON line last

Renders a cohort of COUNT graduates (default 200; varied names, some with accents such as
"Zoë Wójcik", seven modules each) three ways in one run, and prints milliseconds per
certificate (or page), total seconds and peak memory for each:

- separate, the naive way (the issue's figure (a)): each certificate as its own WeasyPrint
  document, `certificates_pdf([certificate], ...)`, with its own FontConfiguration and
  stylesheet, as WeasyPrint does when each document is simply rendered by itself (the
  per-process caches in `ellw.documents.pdf` are cleared before each one).
- separate, warm: the same, sharing the process's cached FontConfiguration and stylesheet
  as a worker's renders do: the production path for one certificate. Printed for
  information (a worker pays for its fonts once, so this is what one certificate costs).
- batch: the whole cohort as one document, one `certificates_pdf(all_of_them, ...)` call,
  the production path for a cohort's print-ready batch.
- floor: a bare COUNT-page WeasyPrint document, one short paragraph a page, no fonts or
  styles of ours (`weasyprint.HTML(string=...).write_pdf()`): what WeasyPrint itself costs
  per page, which no certificate layout can beat.

Each way runs in its own child process (this script again, with --child), so each peak is
its own: peak RSS from getrusage(RUSAGE_SELF).ru_maxrss in the child, which includes
Python, Django and WeasyPrint themselves (tracemalloc is not used: it slows WeasyPrint
about 5x). The parent renders nothing and stays at about 60 MiB, below every child's
figure (on Linux a child's ru_maxrss starts from its parent's at the fork). Each child
renders one throw-away certificate (or page) first, so importing WeasyPrint and loading
the fonts are not in the timed figures (the naive separate documents load them again for
each certificate: that is what makes them naive). Certificates are unsaved model instances: nothing
touches the database (a guard fails the run if anything does).

Targets (printed, not asserted; the exit code is 0 either way): the batch at least 2.5x
faster per certificate than separate documents, the batch within 10x of the floor per page,
and the batch's peak memory under 1 GiB. With --json the last line is one JSON object:
{"separate_ms", "batch_ms", "floor_ms", "peak_mib", "certificates"}, ms per certificate or
page and peak_mib the batch child's peak.
"""

from __future__ import annotations

import argparse
import datetime
import json
import logging
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ellw.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402

COUNT = 200
CREATED = datetime.date(2022, 4, 1)

FIRST_NAMES = [
    "Aisha", "Zoë", "Siobhán", "José", "Chloë", "François", "Łukasz", "Ayşe", "Mohammed",
    "Priya", "Oluwaseun", "Grace", "Tomás", "Björn", "Amélie", "Nnamdi", "Fatima", "Raúl",
    "Hannah", "Kwame", "Eleanor", "Dóra", "Sinéad", "Marek", "Yusuf", "Anjali", "Renée",
    "Ciarán", "Joanna", "Mehmet", "Abimbola", "Thomas", "Ngozi", "Iñigo", "Rebecca", "Søren",
]  # fmt: skip
LAST_NAMES = [
    "Khan", "Wójcik", "Ní Bhriain", "Álvarez", "Brontë", "Lefèvre", "Nowak", "Yılmaz",
    "Rahman", "Patel", "Adeyemi", "O'Connor", "Dvořák", "Müller", "Nguyen", "Okafor",
    "Begum", "García-Márquez", "Smith", "Mensah", "Fitzgerald-Hughes", "Kovács", "Ó Briain",
    "Szymańska", "Ahmed", "Chowdhury", "Dubois", "Mac an tSaoir", "Jankowski", "Öztürk",
    "Oyelaran-Babatunde", "Williams", "Eze", "Etxeberria", "Stevenson", "Kierkegaard",
]  # fmt: skip
MODULES = [
    "Coaching",
    "Mentoring",
    "Negotiation",
    "Introduction to quality improvement",
    "Networks and partnership development",
    "Personal authority and power",
    "Presentation skills",
]


def graduates(count: int) -> list:
    """`count` unsaved certificates of one cohort, as the graduation service would issue
    them (names drawn in pairs with a fixed seed, so every run renders the same text)."""
    from cohorts.codes import certificate_code_new
    from cohorts.models import Certificate

    rng = random.Random(8)
    certificates = []
    for _ in range(count):
        snapshot = {
            "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            "programme": settings.ELLW_PROGRAMME_NAME,
            "issuer": settings.ELLW_CERTIFICATE_ISSUER,
            "cohort": "Cohort 1",
            "starts_on": "2022-01-10",
            "ends_on": "2022-03-31",
            "graduated_on": "2022-03-29",
            "modules": [{"name": name, "cpd_hours": "6"} for name in MODULES],
            "total_cpd_hours": str(6 * len(MODULES)),
            "signatory_name": "Gita Malhotra",
            "signatory_title": "Programme Lead",
        }
        certificates.append(
            Certificate(
                code=certificate_code_new(),
                issued_on=datetime.date(2022, 3, 31),
                snapshot=snapshot,
            )
        )
    return certificates


def _no_database(execute, sql, params, many, context):
    raise AssertionError(f"the certificate render path queried the database: {sql}")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _certificates(certificates: list, title: str) -> None:
    from cohorts.documents.certificates import certificates_pdf

    rendered = certificates_pdf(certificates, title=title, created=CREATED)
    assert rendered.pages == len(certificates), (rendered.pages, len(certificates))


def _floor(pages: int) -> None:
    from weasyprint import HTML

    body = "".join(f'<p style="page-break-after: always">Page {n + 1}</p>' for n in range(pages))
    document = HTML(string=f"<!DOCTYPE html><html><body>{body}</body></html>").render()
    assert len(document.pages) == pages, len(document.pages)
    document.write_pdf()


def child(mode: str, count: int) -> dict:
    """One way of rendering, timed in this process; its figures as a dict."""
    from ellw.documents import pdf

    certificates = graduates(count)
    spare = graduates(1)  # the warm-up's, rendered before the timed work
    if mode == "floor":
        _floor(1)
    else:
        _certificates(spare, "Warm-up")
    timings = []
    started = time.perf_counter()
    if mode in ("separate", "warm"):
        for certificate in certificates:
            if mode == "separate":
                pdf._stylesheet.cache_clear()
                pdf._font_configuration.cache_clear()
            one = time.perf_counter()
            _certificates([certificate], f"Certificate {certificate.code}")
            timings.append(time.perf_counter() - one)
    elif mode == "batch":
        _certificates(certificates, "Certificates: Cohort 1")
    elif mode == "floor":
        _floor(count)
    total = time.perf_counter() - started
    items = count
    return {
        "mode": mode,
        "items": items,
        "total_s": total,
        "ms": total * 1000 / items,
        "slowest_ms": max(timings) * 1000 if timings else None,
        "peak_mib": _peak_mib(),
    }


def run_child(mode: str, count: int) -> dict:
    """This script again in a fresh process; its figures from the last line it prints."""
    output = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--count", str(count)],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=COUNT, help="graduates (default 200)")
    parser.add_argument("--json", action="store_true", help="print a JSON object last")
    parser.add_argument("--child", choices=["separate", "warm", "batch", "floor"])
    args = parser.parse_args()

    if args.child:
        # fontTools logs "Processing <BytesIO> => <BytesIO>" at INFO for each font it
        # unpacks; the settings send INFO to the console.
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        # Unsaved model instances only: any query at all is a fault in the render path.
        for connection in connections.all():
            connection.execute_wrappers.append(_no_database)
        figures = child(args.child, args.count)
        opened = [c.alias for c in connections.all(initialized_only=True) if c.connection]
        assert not opened, f"the certificate render path opened a database connection: {opened}"
        print(json.dumps(figures))
        return

    count = args.count
    print(
        f"{count} certificates, seven modules each; Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    print("each way in its own process, timed after one warm-up render (imports, fonts)")
    results = {}
    labels = {
        "separate": f"{count} separate documents (naive)",
        "warm": f"{count} separate, shared fonts",
        "batch": f"one {count}-page batch",
        "floor": f"floor: bare {count}-page document",
    }
    for mode in ("separate", "warm", "batch", "floor"):
        results[mode] = figures = run_child(mode, count)
        per = "page" if mode == "floor" else "certificate"
        print(
            f"{labels[mode]:34} {figures['ms']:8.1f} ms/{per:11} "
            f"{figures['total_s']:7.2f} s total {figures['peak_mib']:7.0f} MiB peak"
        )

    separate, batch, floor = (results[m]["ms"] for m in ("separate", "batch", "floor"))
    peak = results["batch"]["peak_mib"]
    print()
    print(f"batch speed-up over separate documents: {separate / batch:.2f}x")
    warm = results["warm"]["ms"]
    print(f"batch speed-up over separate documents sharing fonts: {warm / batch:.2f}x")
    print(f"batch against the floor: {batch / floor:.2f}x")
    for target, met in [
        ("batch at least 2.5x faster per certificate than separate", separate >= 2.5 * batch),
        ("batch within 10x of the floor per page", batch <= 10 * floor),
        ("batch peak memory under 1 GiB", peak < 1024),
    ]:
        print(f"{'met' if met else 'MISSED':6} {target}")
    if args.json:
        print(
            json.dumps(
                {
                    "separate_ms": round(separate, 1),
                    "batch_ms": round(batch, 1),
                    "floor_ms": round(floor, 1),
                    "peak_mib": round(peak),
                    "certificates": count,
                }
            )
        )


if __name__ == "__main__":
    main()
