"""States of an application and of an endorsement link, and the allowed moves between them."""

from django.db import models

from ellw.links import LinkState


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AWAITING_ENDORSEMENT = "awaiting_endorsement", "Awaiting endorsement"
    ENDORSED = "endorsed", "Endorsed"
    NOT_ENDORSED = "not_endorsed", "Not endorsed"
    OFFERED = "offered", "Place offered"
    WAITLISTED = "waitlisted", "Waitlisted"
    REJECTED = "rejected", "Not successful"
    ACCEPTED = "accepted", "Place accepted"
    OFFER_DECLINED = "offer_declined", "Place declined"
    OFFER_LAPSED = "offer_lapsed", "Offer lapsed"
    # Staff took back an offer, with a reason (e-mailed). Terminal, like a lapse: the place
    # is free again, and the person can apply to a later cohort.
    OFFER_RESCINDED = "offer_rescinded", "Offer withdrawn"
    WITHDRAWN = "withdrawn", "Withdrawn"


S = ApplicationStatus

# from → the states it may move to. application_transition() is the only place that
# changes a status, and it refuses anything not listed here.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.AWAITING_ENDORSEMENT}),
    S.AWAITING_ENDORSEMENT: frozenset({S.ENDORSED, S.NOT_ENDORSED, S.REJECTED, S.WITHDRAWN}),
    S.NOT_ENDORSED: frozenset({S.AWAITING_ENDORSEMENT, S.REJECTED, S.WITHDRAWN}),
    S.ENDORSED: frozenset({S.OFFERED, S.WAITLISTED, S.REJECTED, S.WITHDRAWN}),
    S.WAITLISTED: frozenset({S.OFFERED, S.REJECTED, S.WITHDRAWN}),
    S.OFFERED: frozenset(
        {S.ACCEPTED, S.OFFER_DECLINED, S.OFFER_LAPSED, S.OFFER_RESCINDED, S.WITHDRAWN}
    ),
    S.ACCEPTED: frozenset({S.WITHDRAWN}),
    S.REJECTED: frozenset(),
    S.OFFER_DECLINED: frozenset(),
    S.OFFER_LAPSED: frozenset(),
    S.OFFER_RESCINDED: frozenset(),
    S.WITHDRAWN: frozenset(),
}

# The NHS tag colour of each status, by meaning: grey for closed or not yet started, yellow
# waiting on someone outside, blue ready for a decision, aqua-green an open offer, green a
# place taken, purple waiting for a place, orange a setback that can be put right, red a
# refusal. Every status tag reads its class from here (Application.status_tag_class).
STATUS_TAG_COLOURS: dict[str, str] = {
    S.DRAFT: "grey",
    S.AWAITING_ENDORSEMENT: "yellow",
    S.ENDORSED: "blue",
    S.NOT_ENDORSED: "orange",
    S.OFFERED: "aqua-green",
    S.WAITLISTED: "purple",
    S.REJECTED: "red",
    S.ACCEPTED: "green",
    S.OFFER_DECLINED: "grey",
    S.OFFER_LAPSED: "grey",
    S.OFFER_RESCINDED: "red",
    S.WITHDRAWN: "grey",
}


def status_tag_class(status: str) -> str:
    return f"nhsuk-tag--{STATUS_TAG_COLOURS[status]}"


# States that hold one of the cohort's places.
HOLDS_A_PLACE = frozenset({S.OFFERED, S.ACCEPTED})
# States in which the applicant may still withdraw.
WITHDRAWABLE = frozenset(k for k, v in ALLOWED_TRANSITIONS.items() if S.WITHDRAWN in v)


class Decision(models.TextChoices):
    """What an SP manager decides about an application."""

    ADMIT = "admit", "Admit"
    WAITLIST = "waitlist", "Waitlist"
    REJECT = "reject", "Reject"


DECISION_TARGET = {
    Decision.ADMIT: S.OFFERED,
    Decision.WAITLIST: S.WAITLISTED,
    Decision.REJECT: S.REJECTED,
}


class EndorsementOutcome(models.TextChoices):
    ENDORSED = "endorsed", "Endorsed"
    DECLINED = "declined", "Declined"


# Why an endorsement link works or not: the states every secret link shares (ellw.links).
EndorsementLinkState = LinkState
