"""Writes for the evaluation, one module per part: import from the module itself
(evaluation.services.surveys, .testimonials, .alumni, .recognition, .report)."""
