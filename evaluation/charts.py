"""Server-rendered SVG charts of the evaluation's figures, for the dashboard and the
influencing report (WeasyPrint draws the same markup).

Pure functions of plain rows, returning SVG markup: no JavaScript and no style attributes
(the pages send a strict CSP), only SVG presentation attributes. Every value is printed as
text beside or on its bar, the colours stay apart in greyscale, and each chart names itself
through a <title> (role="img", aria-labelledby); the page puts a table of the same figures
beside it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The NHS identity palette.
NHS_BLUE = "#005eb8"
NHS_DARK_BLUE = "#003087"
NHS_GREY = "#768692"
NHS_PALE_GREY = "#d8dde0"
NHS_GREEN = "#007f3b"
NHS_BLACK = "#212b32"
NHS_SECONDARY_TEXT = "#4c6272"
WHITE = "#ffffff"

WIDTH = 640  # viewBox units; the SVG scales to the width of its container
LABEL_WIDTH = 220
PLOT_LEFT = LABEL_WIDTH + 12
PLOT_RIGHT = 624
PLOT_WIDTH = PLOT_RIGHT - PLOT_LEFT
LABEL_CHARS = 24  # characters of a bold 14-unit label that fit in LABEL_WIDTH
LABEL_LINES = 2
LINE_HEIGHT = 16
FONT = 14
SMALL_FONT = 12
ROW_GAP = 16
TOP = 8
AXIS_HEIGHT = 44
# A value is printed inside the end of its bar when the bar is this wide, else just after it.
INSIDE_MIN_WIDTH = 46

BASELINE_FILL = NHS_PALE_GREY
BASELINE_STROKE = NHS_GREY
END_FILL = NHS_BLUE
RATING_FILL = NHS_BLUE
PERCENT_FILL = NHS_GREEN


def mean_text(value: float) -> str:
    """A mean as people write it: 4.0, 3.5, 3.25."""
    text = f"{value:.2f}"
    return text[:-1] if text.endswith("0") else text


def _label_lines(label: str) -> list[str]:
    """The label over at most two lines; what does not fit ends in an ellipsis (the table
    beside the chart holds it whole)."""
    lines = textwrap.wrap(" ".join(label.split()), width=LABEL_CHARS) or [""]
    if len(lines) > LABEL_LINES:
        last = " ".join(lines[LABEL_LINES - 1 :])
        lines = [*lines[: LABEL_LINES - 1], last[: LABEL_CHARS - 1].rstrip() + "…"]
    return lines


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: int = FONT,
    fill: str = NHS_BLACK,
    anchor: str = "start",
    weight: str | None = None,
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size}" fill="{fill}" '
        f'text-anchor="{anchor}"{weight_attr}>{escape(content)}</text>'
    )


def _rect(
    x: float, y: float, width: float, height: float, *, fill: str, stroke: str | None = None
) -> str:
    stroke_attr = f' stroke="{stroke}" stroke-width="1"' if stroke else ""
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{max(width, 0):g}" height="{height:g}" '
        f'fill="{fill}"{stroke_attr}/>'
    )


def _row_label(y: float, label: str, detail: str) -> tuple[list[str], float]:
    """The row's label (wrapped) and its detail line ("n = 12") in the left column; returns
    the markup and the height it takes."""
    parts = []
    lines = _label_lines(label)
    baseline = y + FONT
    for line in lines:
        parts.append(_text(0, baseline, line, weight="bold"))
        baseline += LINE_HEIGHT
    if detail:
        parts.append(_text(0, baseline, detail, size=SMALL_FONT, fill=NHS_SECONDARY_TEXT))
        baseline += LINE_HEIGHT
    return parts, baseline - y - (LINE_HEIGHT - FONT)


def _bar(
    y: float,
    height: float,
    value: float,
    maximum: float,
    text: str,
    *,
    fill: str,
    stroke: str | None = None,
    text_fill: str = WHITE,
) -> list[str]:
    """A bar from the axis, with its value printed inside its end (or after a short bar)."""
    width = PLOT_WIDTH * max(0.0, min(value, maximum)) / maximum
    text_y = y + height / 2 + SMALL_FONT * 0.35
    parts = [_rect(PLOT_LEFT, y, width, height, fill=fill, stroke=stroke)]
    if width >= INSIDE_MIN_WIDTH:
        parts.append(
            _text(
                PLOT_LEFT + width - 6,
                text_y,
                text,
                size=SMALL_FONT,
                fill=text_fill,
                anchor="end",
                weight="bold",
            )
        )
    else:
        parts.append(_text(PLOT_LEFT + width + 6, text_y, text, size=SMALL_FONT, weight="bold"))
    return parts


def _no_value(y: float, height: float, text: str) -> str:
    return _text(
        PLOT_LEFT + 6,
        y + height / 2 + SMALL_FONT * 0.35,
        text,
        size=SMALL_FONT,
        fill=NHS_SECONDARY_TEXT,
    )


def _axis(
    top: float, bottom: float, ticks: Iterable[tuple[float, str]], maximum: float, caption: str
) -> list[str]:
    """Gridlines at the ticks, their labels under the plot, and what the scale means."""
    parts = []
    for value, label in ticks:
        x = PLOT_LEFT + PLOT_WIDTH * value / maximum
        colour = NHS_GREY if value == 0 else NHS_PALE_GREY
        parts.append(
            f'<line x1="{x:g}" y1="{top:g}" x2="{x:g}" y2="{bottom:g}" stroke="{colour}" '
            f'stroke-width="1"/>'
        )
        anchor = "end" if x >= PLOT_RIGHT - 1 else "middle"
        parts.append(
            _text(x, bottom + 16, label, size=SMALL_FONT, fill=NHS_SECONDARY_TEXT, anchor=anchor)
        )
    parts.append(_text(PLOT_LEFT, bottom + 36, caption, size=SMALL_FONT, fill=NHS_SECONDARY_TEXT))
    return parts


def _svg(chart_id: str, title: str, description: str, height: float, body: list[str]) -> SafeString:
    ident = escape(chart_id)
    return mark_safe(  # noqa: S308 – every text and attribute above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" id="{ident}" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'role="img" aria-labelledby="{ident}-title {ident}-desc">'
        f'<title id="{ident}-title">{escape(title)}</title>'
        f'<desc id="{ident}-desc">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _empty(chart_id: str, title: str) -> SafeString:
    message = "No figures to show yet."
    return _svg(chart_id, title, message, 40, [_text(0, 24, message, fill=NHS_SECONDARY_TEXT)])


def _sentence(items: list[str]) -> str:
    return "; ".join(items) + "." if items else ""


def confidence_chart(
    rows: list[tuple[str, float | None, float | None, int]],
    *,
    chart_id: str,
    title: str = "Mean confidence at baseline and at the end of the programme, by skill",
) -> SafeString:
    """Paired horizontal bars on the 1–5 confidence scale: for each skill, the baseline
    mean and the end-of-programme mean of the participants who answered both (n pairs)."""
    if not rows:
        return _empty(chart_id, title)
    bar = 16
    gap = 4
    body: list[str] = []
    # The legend, above the rows.
    legend_y = TOP
    body.append(_rect(PLOT_LEFT, legend_y, 14, 14, fill=BASELINE_FILL, stroke=BASELINE_STROKE))
    body.append(_text(PLOT_LEFT + 20, legend_y + 12, "Baseline", size=SMALL_FONT))
    body.append(_rect(PLOT_LEFT + 100, legend_y, 14, 14, fill=END_FILL))
    body.append(_text(PLOT_LEFT + 120, legend_y + 12, "End of programme", size=SMALL_FONT))
    y = legend_y + 14 + ROW_GAP
    plot_top = y - ROW_GAP / 2
    described = []
    rows_markup: list[str] = []
    for label, baseline, end, pairs in rows:
        label_parts, label_height = _row_label(y, label, f"n = {pairs}")
        rows_markup.extend(label_parts)
        bars_height = 2 * bar + gap
        if not pairs or baseline is None or end is None:
            rows_markup.append(_no_value(y, bars_height, "No paired answers"))
            described.append(f"{label}: no paired answers")
        else:
            rows_markup.extend(
                _bar(
                    y,
                    bar,
                    baseline,
                    5,
                    mean_text(baseline),
                    fill=BASELINE_FILL,
                    stroke=BASELINE_STROKE,
                    text_fill=NHS_BLACK,
                )
            )
            rows_markup.extend(_bar(y + bar + gap, bar, end, 5, mean_text(end), fill=END_FILL))
            described.append(
                f"{label}: baseline {mean_text(baseline)}, end of programme {mean_text(end)} "
                f"(n = {pairs})"
            )
        y += max(label_height, bars_height) + ROW_GAP
    plot_bottom = y - ROW_GAP / 2
    body.extend(
        _axis(
            plot_top,
            plot_bottom,
            [(v, str(v)) for v in range(0, 6)],
            5,
            "Mean confidence: 1 = not at all confident, 5 = very confident",
        )
    )
    body.extend(rows_markup)
    return _svg(chart_id, title, _sentence(described), plot_bottom + AXIS_HEIGHT, body)


def _single_bar_chart(
    rows: list[tuple[str, float | None, str]],
    *,
    chart_id: str,
    title: str,
    maximum: float,
    ticks: list[tuple[float, str]],
    caption: str,
    fill: str,
    value_text,
    missing: str,
) -> SafeString:
    if not rows:
        return _empty(chart_id, title)
    bar = 22
    y = TOP + ROW_GAP / 2
    plot_top = TOP
    body: list[str] = []
    described = []
    for label, value, detail in rows:
        label_parts, label_height = _row_label(y, label, detail)
        body.extend(label_parts)
        if value is None:
            body.append(_no_value(y, bar, missing))
            described.append(f"{label}: {missing.lower()}")
        else:
            body.extend(_bar(y, bar, value, maximum, value_text(value), fill=fill))
            described.append(f"{label}: {value_text(value)} ({detail})")
        y += max(label_height, bar) + ROW_GAP
    plot_bottom = y - ROW_GAP / 2
    axis = _axis(plot_top, plot_bottom, ticks, maximum, caption)
    return _svg(chart_id, title, _sentence(described), plot_bottom + AXIS_HEIGHT, [*axis, *body])


def rating_chart(
    rows: list[tuple[str, float | None, int]],
    *,
    chart_id: str,
    maximum: int = 5,
    title: str = "Mean rating",
) -> SafeString:
    """Horizontal bars of mean ratings on a 1–maximum scale, each with its number of
    answers (n)."""
    return _single_bar_chart(
        [(label, mean, f"n = {n}") for label, mean, n in rows],
        chart_id=chart_id,
        title=title,
        maximum=maximum,
        ticks=[(v, str(v)) for v in range(0, maximum + 1)],
        caption=f"Mean rating, from 1 (lowest) to {maximum} (highest)",
        fill=RATING_FILL,
        value_text=mean_text,
        missing="No ratings yet",
    )


def percent_chart(
    rows: list[tuple[str, int | None, str]],
    *,
    chart_id: str,
    title: str = "Percentages",
) -> SafeString:
    """Horizontal bars of percentages (0–100), each with its detail ("9 of 11")."""
    return _single_bar_chart(
        rows,
        chart_id=chart_id,
        title=title,
        maximum=100,
        ticks=[(v, f"{v}%") for v in (0, 25, 50, 75, 100)],
        caption="Percentage",
        fill=PERCENT_FILL,
        value_text=lambda value: f"{value:g}%",
        missing="No figures yet",
    )
