"""The seven skill modules of the programme."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models


class Module(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    summary = models.TextField()
    default_cpd_hours = models.DecimalField(
        "default CPD hours",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(help_text="Order in the programme.")

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name
