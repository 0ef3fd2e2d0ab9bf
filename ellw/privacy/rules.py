"""Who may do what with people's rights: anyone signed in sees and downloads their own
data and asks for erasure; the programme lead (MFA) finds anyone's and erases."""

import rules

from ellw.accounts.rules import is_programme_lead

rules.add_perm("privacy.view_own_data", rules.is_authenticated)
rules.add_perm("privacy.request_erasure", rules.is_authenticated)
rules.add_perm("privacy.manage", is_programme_lead)
