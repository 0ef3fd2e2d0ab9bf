"""Who may read the audit trail: the programme lead (whose session passed MFA). Nobody may
change it: there is no permission for that, here or in the admin."""

import rules

from ellw.accounts.rules import is_programme_lead

rules.add_perm("audit.view_audit_trail", is_programme_lead)
