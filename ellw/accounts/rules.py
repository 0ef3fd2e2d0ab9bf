"""Who may do what: django-rules predicates for the staff roles."""

import rules

from .roles import PROGRAMME_LEADS, SP_MANAGERS

is_sp_manager = rules.is_group_member(SP_MANAGERS)
is_programme_lead = rules.is_group_member(PROGRAMME_LEADS)
is_staff_member = is_sp_manager | is_programme_lead | rules.is_superuser

rules.add_perm("accounts.access_staff_area", is_staff_member)
