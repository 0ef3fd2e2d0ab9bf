"""Reference data cohorts draw on: places, job roles and primary care networks."""

from __future__ import annotations

from django.db import models


class Place(models.Model):
    """One of the eight north east London places (boroughs)."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A personalised-care role a cohort may take applicants from."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PrimaryCareNetwork(models.Model):
    name = models.CharField(max_length=200)
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="pcns")

    class Meta:
        ordering = ["name"]
        verbose_name = "primary care network"
        constraints = [
            models.UniqueConstraint(fields=["name", "place"], name="pcn_unique_name_in_place")
        ]

    def __str__(self) -> str:
        return self.name
