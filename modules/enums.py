"""Choices for what is taught and who teaches it."""

from django.db import models


class SpeakerKind(models.TextChoices):
    TRAINER = "trainer", "Trainer"
    FACILITATOR = "facilitator", "Facilitator"
    GUEST_SPEAKER = "guest_speaker", "Guest speaker"
    SYSTEM_LEADER = "system_leader", "System leader"
