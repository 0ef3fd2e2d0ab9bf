"""Who may change what is taught (django-rules)."""

import rules

from ellw.accounts.rules import is_programme_lead

rules.add_perm("modules.manage_catalogue", is_programme_lead)
rules.add_perm("modules.manage_partners", is_programme_lead)
