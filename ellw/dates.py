"""Calendar arithmetic in whole months, as the programme counts time in a role and since
graduation."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day where that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from start to end: 31 January to 28 February is one month."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if add_months(start, months) > end:
        months -= 1
    return months
