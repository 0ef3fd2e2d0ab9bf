"""Who may do what with the outbox (django-rules)."""

import rules

from ellw.accounts.rules import is_programme_lead

# The failed e-mails page and its "Try again" button.
rules.add_perm("mail.manage_failed_emails", is_programme_lead)
