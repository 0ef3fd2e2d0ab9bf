"""Renderers of the cohorts app's generated documents (settings.ELLW_DOCUMENT_KINDS)."""
