"""Writes for applications, one module per part of the journey; import from here.

Every status change goes through `application_transition()` (transitions.py), which checks
the table in enums.ALLOWED_TRANSITIONS, records the history and queues the applicant's e-mail.
"""

from .admission import (
    application_admit,
    application_decide,
    application_note_add,
    cohort_offer_next_on_waitlist,
    offer_accept,
    offer_decline,
    offer_rescind,
    offers_lapse_expired,
)
from .drafting import (
    REQUIRED_FOR_SUBMISSION,
    application_draft_delete,
    application_save_draft,
    application_submission_errors,
    application_submit,
    application_withdraw,
)
from .endorsement import (
    TOKEN_SALT,
    EndorsementLink,
    endorsement_change_endorser,
    endorsement_link_check,
    endorsement_link_keys,
    endorsement_link_throttle,
    endorsement_record,
    endorsement_reminders_send,
    endorsement_resend,
)
from .transitions import STATUS_EMAILS, ApplicationRuleError, application_transition

__all__ = [
    "REQUIRED_FOR_SUBMISSION",
    "STATUS_EMAILS",
    "TOKEN_SALT",
    "ApplicationRuleError",
    "EndorsementLink",
    "application_admit",
    "application_decide",
    "application_draft_delete",
    "application_note_add",
    "application_save_draft",
    "application_submission_errors",
    "application_submit",
    "application_transition",
    "application_withdraw",
    "cohort_offer_next_on_waitlist",
    "endorsement_change_endorser",
    "endorsement_link_check",
    "endorsement_link_keys",
    "endorsement_link_throttle",
    "endorsement_record",
    "endorsement_reminders_send",
    "endorsement_resend",
    "offer_accept",
    "offer_decline",
    "offer_rescind",
    "offers_lapse_expired",
]
