"""Action learning sets: small groups within a cohort, each with a facilitator."""

from __future__ import annotations

from django.db import models

from cohorts.models.cohorts import Cohort
from modules.models import Speaker


class ActionLearningSet(models.Model):
    """A small group of a cohort's participants that meets through the programme."""

    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, related_name="action_learning_sets"
    )
    name = models.CharField(max_length=100)
    facilitator = models.ForeignKey(
        Speaker, on_delete=models.SET_NULL, null=True, blank=True, related_name="sets_facilitated"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "name"], name="set_name_unique_in_cohort")
        ]

    def __str__(self) -> str:
        return self.name
