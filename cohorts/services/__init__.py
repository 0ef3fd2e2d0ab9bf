"""Writes for a cohort's life, one module per part (set-up, timetable, action learning
sets, attendance, graduation); import from here: `from cohorts import services`."""

__all__: list[str] = []
