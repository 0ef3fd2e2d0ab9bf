"""The demo's training partners and speakers (the seven modules are reference data, from a
data migration). Keyed by name, so seeding again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from modules.enums import SpeakerKind
from modules.models import Speaker, TrainingPartner

LEADERSHIP_ACADEMY = "Leadership Academy London"
QI_COLLABORATIVE = "QI Collaborative"
COMMUNITY_LEARNING = "East London Community Learning"

TRAINING_PARTNERS = {
    LEADERSHIP_ACADEMY: ("https://leadership-academy.example.org", "hello@example.org"),
    QI_COLLABORATIVE: ("https://qi-collaborative.example.org", "team@example.org"),
    COMMUNITY_LEARNING: ("https://community-learning.example.org", "learn@example.org"),
}


@dataclass(frozen=True)
class DemoSpeaker:
    full_name: str
    kind: str
    job_title: str
    partner: str | None


SPEAKERS = [
    DemoSpeaker("Helen Achebe", SpeakerKind.TRAINER, "Leadership coach", LEADERSHIP_ACADEMY),
    DemoSpeaker("Mark Simmons", SpeakerKind.TRAINER, "Senior trainer", LEADERSHIP_ACADEMY),
    DemoSpeaker("Dr Leila Farouk", SpeakerKind.TRAINER, "Improvement advisor", QI_COLLABORATIVE),
    DemoSpeaker("Tom Walsh", SpeakerKind.TRAINER, "Partnerships trainer", COMMUNITY_LEARNING),
    DemoSpeaker("Ruth Osei", SpeakerKind.FACILITATOR, "Action learning facilitator", None),
    DemoSpeaker("Ian McLeod", SpeakerKind.FACILITATOR, "Action learning facilitator", None),
    DemoSpeaker("Parveen Ahmed", SpeakerKind.FACILITATOR, "Facilitator", LEADERSHIP_ACADEMY),
    DemoSpeaker("Claire Dunne", SpeakerKind.GUEST_SPEAKER, "Lived experience partner", None),
    DemoSpeaker(
        "Dr Omar Siddique",
        SpeakerKind.SYSTEM_LEADER,
        "Director of Personalised Care, north east London",
        None,
    ),
]

# Who teaches each module: its training partner and trainer, by module slug.
MODULE_DELIVERY = {
    "coaching": (LEADERSHIP_ACADEMY, "Helen Achebe"),
    "mentoring": (LEADERSHIP_ACADEMY, "Mark Simmons"),
    "negotiation": (LEADERSHIP_ACADEMY, "Mark Simmons"),
    "introduction-to-quality-improvement": (QI_COLLABORATIVE, "Dr Leila Farouk"),
    "networks-and-partnership-development": (COMMUNITY_LEARNING, "Tom Walsh"),
    "personal-authority-and-power": (LEADERSHIP_ACADEMY, "Helen Achebe"),
    "presentation-skills": (COMMUNITY_LEARNING, "Tom Walsh"),
}
FACILITATORS = ["Ruth Osei", "Ian McLeod", "Parveen Ahmed"]
GUEST_SPEAKER = "Claire Dunne"
SYSTEM_LEADER = "Dr Omar Siddique"


def demo_speaker(full_name: str) -> Speaker:
    return Speaker.objects.filter(full_name=full_name).order_by("pk").first()


def demo_seed(*, context) -> None:
    partners = {}
    for name, (website, email) in TRAINING_PARTNERS.items():
        partners[name], _ = TrainingPartner.objects.get_or_create(
            name=name, defaults={"website": website, "contact_email": email}
        )
    for spec in SPEAKERS:
        if not Speaker.objects.filter(full_name=spec.full_name).exists():
            Speaker.objects.create(
                full_name=spec.full_name,
                kind=spec.kind,
                job_title=spec.job_title,
                training_partner=partners.get(spec.partner),
            )
