"""Who sees what the retention purge will do: the programme lead (a session that passed MFA)."""

import rules

from ellw.accounts.rules import is_programme_lead

rules.add_perm("retention.view_retention", is_programme_lead)
