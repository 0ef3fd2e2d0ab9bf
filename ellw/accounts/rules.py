"""Who may do what: django-rules predicates for the staff roles.

Holding a role is not enough for staff powers: this session must also have passed MFA
(`session_passed_mfa`). Every staff-power predicate includes it, so no URL prefix, view or
template needs to remember it. `has_staff_role` (role only) says who must set MFA up.
"""

import rules
from django.conf import settings

from .roles import PROGRAMME_LEADS, SP_MANAGERS

# Set on request.user by ellw.accounts.middleware.StaffMFAMiddleware (and on log-in); a user
# object that did not come from a request (Celery, the shell) never has it.
SESSION_PASSED_MFA_ATTRIBUTE = "ellw_session_passed_mfa"


@rules.predicate
def session_used_mfa(user) -> bool:
    """This user object is the signed-in person of a session in which they entered a code from
    their authenticator (at log-in, at re-authentication, or activating it), whatever the
    staff-MFA setting says."""
    return getattr(user, SESSION_PASSED_MFA_ATTRIBUTE, False) is True


@rules.predicate
def session_passed_mfa(user) -> bool:
    """This user object is the signed-in person of a session that passed MFA (or staff MFA
    is turned off)."""
    if not settings.ELLW_STAFF_MFA_REQUIRED:
        return True
    return session_used_mfa(user)


@rules.predicate
def has_authenticator(user) -> bool:
    from allauth.mfa.utils import is_mfa_enabled  # allauth's models load after this module

    return user.is_authenticated and is_mfa_enabled(user)


has_sp_manager_role = rules.is_group_member(SP_MANAGERS)
has_programme_lead_role = rules.is_group_member(PROGRAMME_LEADS)
# Anyone who would have staff powers once MFA is passed.
has_staff_role = has_sp_manager_role | has_programme_lead_role | rules.is_superuser
# Anyone who must have an authenticator: staff roles, and admin users without a role.
must_use_mfa = has_staff_role | rules.is_staff

# Staff powers (session first: it costs no query, so most people stop there).
is_sp_manager = session_passed_mfa & has_sp_manager_role
is_programme_lead = session_passed_mfa & has_programme_lead_role
is_staff_member = session_passed_mfa & has_staff_role
may_use_admin = session_passed_mfa & rules.is_active & rules.is_staff

rules.add_perm("accounts.access_staff_area", is_staff_member)
rules.add_perm("accounts.use_admin", may_use_admin)

# The staff people page: giving and removing staff roles.
# A new installation's first person is a superuser (createsuperuser): they may give roles too.
rules.add_perm(
    "accounts.manage_staff", is_programme_lead | (session_passed_mfa & rules.is_superuser)
)

# allauth's pages that set up, turn off or show an authenticator (TOTP, recovery codes): once
# a person has an authenticator, only a session that used it may change it or read its
# recovery codes. A password (or anything a mailbox gives) is what the second factor backs
# up, so it never unlocks them, in any profile.
may_change_authenticators = ~has_authenticator | session_used_mfa
rules.add_perm("accounts.change_authenticators", may_change_authenticators)

# The idle warning's "Stay signed in": anyone signed in (it only refreshes their own session).
rules.add_perm("accounts.keep_session_alive", rules.is_authenticated)
