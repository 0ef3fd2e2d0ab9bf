"""What the influencing report says: its snapshot worked out into the display-ready text,
tables and charts its template shows (evaluation.documents.report renders it to PDF).
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ellw.text import count_of
from evaluation.charts import confidence_chart, rating_chart
from evaluation.enums import RecognitionKind

NOT_ENOUGH = "–"
CHART_FONT = 'font-family="Source Sans 3"'


def _date(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%-d %B %Y}"


def _month(iso: str) -> str:
    return f"{datetime.date.fromisoformat(iso):%B %Y}"


def _count(n: int | None) -> str:
    return NOT_ENOUGH if n is None else f"{n:,}"


def _percent(n: int | None) -> str:
    return NOT_ENOUGH if n is None else f"{n}%"


def _mean(value: float | None) -> str:
    return NOT_ENOUGH if value is None else f"{value:.2f}"


def _change(value: float | None) -> str:
    if value is None:
        return NOT_ENOUGH
    return f"{value:+.2f}".replace("-", "−")


def _of(part: int, whole: int) -> str:
    return f"{part:,} of {whole:,}"


def _listed(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _chart(svg: SafeString) -> SafeString:
    """The chart in the report's typeface (the SVG's text inherits it from its root)."""
    return mark_safe(svg.replace("<svg ", f"<svg {CHART_FONT} ", 1))  # noqa: S308 – markup from evaluation.charts


def _cohorts(snapshot: dict) -> dict[str, Any]:
    cohorts = snapshot["cohorts"]
    rows = [
        {"name": c["name"], "dates": f"{_date(c['starts_on'])} to {_date(c['ends_on'])}"}
        for c in cohorts
    ]
    if cohorts:
        starts = min(c["starts_on"] for c in cohorts)
        ends = max(c["ends_on"] for c in cohorts)
        span = f"{_month(starts)} to {_month(ends)}"
    else:
        span = ""
    names = [c["name"] for c in cohorts]
    return {
        "rows": rows,
        "span": span,
        "names": _listed(names) if len(names) <= 3 else f"{len(names)} cohorts",
        "count": len(cohorts),
    }


def _headlines(figures: dict) -> list[dict[str, str]]:
    reach, final = figures["reach"], figures["final"]
    return [
        {
            "value": _count(reach["applications"]),
            "label": "Applications",
            "detail": "submitted by link workers",
        },
        {
            "value": _count(reach["endorsed"]),
            "label": "Endorsed",
            "detail": "by their clinical director",
        },
        {"value": _count(reach["admitted"]), "label": "Admitted", "detail": "to a cohort"},
        {
            "value": _count(reach["completed"]),
            "label": "Completed",
            "detail": "and graduated",
        },
        {
            "value": _percent(reach["completion_percent"]),
            "label": "Completion",
            "detail": f"{_of(reach['completed'], reach['admitted'])} admitted",
        },
        {
            "value": _percent(reach["attendance_percent"]),
            "label": "Attendance",
            "detail": f"{_of(reach['attendances'], reach['attendance_counted'])} places at "
            "sessions",
        },
        {
            "value": _change(figures["mean_change"]),
            "label": "Confidence change",
            "detail": f"mean on a 1–5 scale, n = {figures['pairs']:,} paired participants",
        },
        {
            "value": NOT_ENOUGH
            if final["overall_mean"] is None
            else f"{final['overall_mean']:.1f}",
            "label": "Overall rating",
            "detail": f"out of 5, n = {final['overall_rated']:,}",
        },
        {
            "value": _percent(final["recommend_percent"]),
            "label": "Would recommend",
            "detail": f"{_of(final['recommend_yes'], final['recommend_answered'])} who answered",
        },
    ]


def _summary(snapshot: dict, cohorts: dict) -> list[str]:
    """The summary's opening sentences, in the programme's words."""
    figures = snapshot["figures"]
    reach, final = figures["reach"], figures["final"]
    sentences = [
        f"The {snapshot['programme']} develops social prescribing link workers as leaders "
        "in their primary care networks and across north east London. This report covers "
        f"{cohorts['names']}"
        f"{', ' + cohorts['span'] if cohorts['span'] else ''}.",
        f"{count_of(reach['applications'], 'link worker')} applied and "
        f"{_count(reach['endorsed'])} were endorsed by their clinical director; "
        f"{_count(reach['admitted'])} took up a place, from "
        f"{count_of(reach['pcns'], 'primary care network')} in "
        f"{count_of(len(reach['places']), 'place')}, and {_count(reach['completed'])} completed "
        "the programme.",
    ]
    if figures["mean_change"] is not None:
        sentences.append(
            f"Participants' confidence across the seven skills and in leading change rose by "
            f"{_change(figures['mean_change'])} on a five-point scale on average "
            f"({count_of(figures['pairs'], 'participant')} answered both self-assessments)."
        )
    if final["recommend_percent"] is not None:
        sentences.append(
            f"{final['recommend_percent']}% of those who answered the final evaluation would "
            "recommend the programme to another link worker."
        )
    return sentences


def _modules(snapshot: dict) -> dict[str, Any]:
    total = sum((Decimal(m["cpd_hours"]) for m in snapshot["modules"]), Decimal(0))
    return {
        "rows": snapshot["modules"],
        "count": len(snapshot["modules"]),
        "total_hours": f"{total.normalize():f}",
    }


def _reach(figures: dict) -> dict[str, Any]:
    reach = figures["reach"]
    return {
        "rows": [
            ("Applications submitted", _count(reach["applications"]), ""),
            (
                "Endorsed by their clinical director",
                _count(reach["endorsed"]),
                _percent(_share(reach["endorsed"], reach["applications"])) + " of applications",
            ),
            (
                "Admitted to a cohort",
                _count(reach["admitted"]),
                _percent(_share(reach["admitted"], reach["applications"])) + " of applications",
            ),
            (
                "Completed the programme",
                _count(reach["completed"]),
                _percent(reach["completion_percent"]) + " of those admitted",
            ),
            ("Withdrew", _count(reach["withdrawn"]), ""),
            (
                "Attendance at sessions",
                _percent(reach["attendance_percent"]),
                f"{_of(reach['attendances'], reach['attendance_counted'])} places taken up "
                "(excused apologies not counted)",
            ),
        ],
        "places": [
            {
                "label": p["label"],
                "count": _count(p["count"]),
                "share": _percent(_share(p["count"], reach["admitted"])),
            }
            for p in reach["places"]
        ],
        "places_count": len(reach["places"]),
        "pcns": _count(reach["pcns"]),
    }


def _share(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def _skills(figures: dict) -> dict[str, Any]:
    skills = figures["skills"]
    return {
        "chart": _chart(
            confidence_chart(
                [(s["label"], s["baseline_mean"], s["end_mean"], s["pairs"]) for s in skills],
                chart_id="confidence-chart",
            )
        ),
        "rows": [
            {
                "label": s["label"],
                "pairs": _count(s["pairs"]),
                "baseline": _mean(s["baseline_mean"]),
                "end": _mean(s["end_mean"]),
                "change": _change(s["change"]),
                "improved": _percent(_share(s["improved"], s["pairs"])),
            }
            for s in skills
        ],
        "mean_change": _change(figures["mean_change"]),
        "pairs": _count(figures["pairs"]),
    }


def _module_ratings(figures: dict) -> dict[str, Any]:
    modules = figures["modules"]
    return {
        "chart": _chart(
            rating_chart(
                [(m["module"], m["overall_mean"], m["responses"]) for m in modules],
                chart_id="module-ratings-chart",
                maximum=5,
                title="Mean overall rating of each module",
            )
        ),
        "rows": [
            {
                "module": m["module"],
                "responses": _count(m["responses"]),
                "overall": _mean(m["overall_mean"]),
                "usefulness": _mean(m["usefulness_mean"]),
            }
            for m in modules
        ],
    }


def _final(figures: dict) -> dict[str, Any]:
    final = figures["final"]
    answered = final["recommend_answered"]
    return {
        "responses": _count(final["responses"]),
        "overall": _mean(final["overall_mean"]),
        "overall_rated": _count(final["overall_rated"]),
        "recommend": [
            (
                "Yes",
                _count(final["recommend_yes"]),
                _percent(_share(final["recommend_yes"], answered)),
            ),
            (
                "Not sure",
                _count(final["recommend_not_sure"]),
                _percent(_share(final["recommend_not_sure"], answered)),
            ),
            (
                "No",
                _count(final["recommend_no"]),
                _percent(_share(final["recommend_no"], answered)),
            ),
        ],
        "answered": _count(answered),
    }


def _recognition(snapshot: dict) -> list[dict[str, str]]:
    return [
        {
            "title": r["title"],
            "kind": RecognitionKind(r["kind"]).label if r["kind"] in RecognitionKind.values else "",
            "date": f"{datetime.date.fromisoformat(r['date']):%B %Y}",
            "awarded_by": r["awarded_by"],
            "description": r["description"],
            "cohort": r["cohort"] or "The programme",
        }
        for r in snapshot["recognition"]
    ]


def _alumni(figures: dict) -> list[dict[str, str]]:
    return [
        {
            "interval": f"{a['months_after']} months after graduating",
            "requested": _count(a["requested"]),
            "responded": f"{_count(a['responded'])} ({_percent(a['response_percent'])})",
            "promoted": f"{_count(a['promoted'])} ({_percent(a['promoted_percent'])})",
            "new_responsibilities": _count(a["new_responsibilities"]),
            "leading_activities": _count(a["leading_activities"]),
            "qi_projects_led": _count(a["qi_projects_led"]),
            "mentoring": f"{_count(a['mentoring'])} ({_percent(a['mentoring_percent'])})",
        }
        for a in figures["alumni"]
    ]


def _method(snapshot: dict) -> dict[str, Any]:
    rates = snapshot["figures"]["response_rates"]
    quotes = snapshot["quotes"]
    # The method note gives response rates as a table only: a chart of ten near-equal bars
    # took a page of its own and said no more than the table.
    return {
        "rates": [
            {
                "label": r["label"],
                "responses": _count(r["responses"]),
                "invited": _count(r["invited"]),
                "percent": _percent(r["percent"]),
            }
            for r in rates
        ],
        "quotes_shown": len(quotes["shown"]),
        "quotes_consented": quotes["consented"],
    }


def report_context(*, title: str, snapshot: dict) -> dict[str, Any]:
    """What the report's template shows, from its title and snapshot alone."""
    figures = snapshot["figures"]
    cohorts = _cohorts(snapshot)
    return {
        "title": title,
        "author": snapshot["issuer"],
        "subject": f"Influencing report, {snapshot['programme']}: {cohorts['names']}",
        "created": snapshot["generated_on"],
        "programme": snapshot["programme"],
        "issuer": snapshot["issuer"],
        "generated_on": _date(snapshot["generated_on"]),
        "cohorts": cohorts,
        "headlines": _headlines(figures),
        "summary": _summary(snapshot, cohorts),
        # The lead's words, paragraph by paragraph (a blank line between them).
        "introduction": [
            " ".join(p.split()) for p in snapshot.get("introduction", "").split("\n\n") if p.strip()
        ],
        "modules": _modules(snapshot),
        "reach": _reach(figures),
        "skills": _skills(figures),
        "module_ratings": _module_ratings(figures),
        "final": _final(figures),
        "quotes": snapshot["quotes"]["shown"],
        "testimonials": snapshot["testimonials"],
        "recognition": _recognition(snapshot),
        "alumni": _alumni(figures),
        "method": _method(snapshot),
    }
