"""Who may see and do what with an application (django-rules)."""

import rules

from ellw.accounts.rules import is_staff_member

from .enums import WITHDRAWABLE, ApplicationStatus


@rules.predicate
def is_applicant(user, application) -> bool:
    return application is not None and application.applicant_id == user.id


@rules.predicate
def is_draft(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.DRAFT


@rules.predicate
def is_withdrawable(user, application) -> bool:
    return application is not None and application.status in WITHDRAWABLE


@rules.predicate
def awaits_endorsement(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.AWAITING_ENDORSEMENT


@rules.predicate
def was_not_endorsed(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.NOT_ENDORSED


@rules.predicate
def has_open_offer(user, application) -> bool:
    return application is not None and application.status == ApplicationStatus.OFFERED


rules.add_perm("applications.view_application", is_applicant | is_staff_member)
rules.add_perm("applications.edit_application", is_applicant & is_draft)
rules.add_perm("applications.withdraw_application", is_applicant & is_withdrawable)
# Naming another clinical director works while the link waits and after a decline (a new
# link; the old ones die); sending the same link again only while it waits.
rules.add_perm(
    "applications.manage_endorsement",
    (is_applicant | is_staff_member) & (awaits_endorsement | was_not_endorsed),
)
rules.add_perm(
    "applications.resend_endorsement", (is_applicant | is_staff_member) & awaits_endorsement
)
rules.add_perm("applications.respond_to_offer", is_applicant & has_open_offer)
rules.add_perm("applications.review_applications", is_staff_member)
# An applicant may delete their own draft that was never sent.
rules.add_perm("applications.delete_draft", is_applicant & is_draft)
