"""Choices for accounts: the staff roles as people read them, and what happened to a role."""

from django.db import models

from .roles import PROGRAMME_LEADS, SP_MANAGERS


class StaffRole(models.TextChoices):
    """A staff role: the value is the Django group's name, the label how a page names it."""

    SP_MANAGER = SP_MANAGERS, "SP manager"
    PROGRAMME_LEAD = PROGRAMME_LEADS, "Programme lead"

    @property
    def in_sentence(self) -> str:
        """'SP manager', 'programme lead'."""
        return ROLE_IN_SENTENCE[self.value]

    @property
    def with_article(self) -> str:
        """'an SP manager', 'a programme lead'."""
        article = "an" if self.in_sentence[0] in "AEFHILMNORSX" else "a"
        return f"{article} {self.in_sentence}"

    @property
    def slug(self) -> str:
        return STAFF_ROLE_SLUGS[self.value]

    @classmethod
    def from_slug(cls, slug: str) -> "StaffRole | None":
        value = next((name for name, s in STAFF_ROLE_SLUGS.items() if s == slug), None)
        return cls(value) if value else None


ROLE_IN_SENTENCE = {SP_MANAGERS: "SP manager", PROGRAMME_LEADS: "programme lead"}
# In URLs (the remove page): a group's name has a space in it.
STAFF_ROLE_SLUGS = {SP_MANAGERS: "sp-manager", PROGRAMME_LEADS: "programme-lead"}


class StaffRoleAction(models.TextChoices):
    GRANTED = "granted", "Gave the role"
    INVITED = "invited", "Gave the role and sent an invitation"
    REMOVED = "removed", "Removed the role"
