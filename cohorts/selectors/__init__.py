"""Reads about cohorts, one module per part of a cohort's life; import from here."""

from .cohorts import cohort_list_for_staff, cohort_list_open_for_applications

__all__ = ["cohort_list_for_staff", "cohort_list_open_for_applications"]
