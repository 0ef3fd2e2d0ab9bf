"""Applications to a cohort, endorsement by clinical directors and admission decisions."""
