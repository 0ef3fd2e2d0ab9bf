"""The seven skill modules of the programme."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from ellw.text import max_chars_check

SUMMARY_MAX_CHARS = 2000


class Module(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    summary = models.TextField(max_length=SUMMARY_MAX_CHARS)
    default_cpd_hours = models.DecimalField(
        "default CPD hours",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    position = models.PositiveSmallIntegerField(help_text="Order in the programme.")

    class Meta:
        ordering = ["position"]
        constraints = [
            max_chars_check(
                "summary", SUMMARY_MAX_CHARS, name="module_summary_max_chars", label="Summary"
            )
        ]

    def __str__(self) -> str:
        return self.name
