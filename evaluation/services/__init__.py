"""Writes for the evaluation, one module per part: import from the module itself
(evaluation.services.surveys, .survey_responses, .testimonials, .alumni, .recognition, .report)."""
