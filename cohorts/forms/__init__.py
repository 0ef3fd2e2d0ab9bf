"""Cohort forms, one module per concept (as views/ and services/)."""
