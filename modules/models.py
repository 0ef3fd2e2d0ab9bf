"""What is taught: the seven skill modules, and the training partners and speakers who
deliver the sessions."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models

from ellw.text import max_chars_check

from .enums import SpeakerKind

SUMMARY_MAX_CHARS = 2000
OUTCOMES_MAX_CHARS = 3000
BIO_MAX_CHARS = 2000


class Module(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    summary = models.TextField(max_length=SUMMARY_MAX_CHARS)
    learning_outcomes = models.TextField(
        max_length=OUTCOMES_MAX_CHARS,
        blank=True,
        help_text="What participants can do after the module, one outcome per line.",
    )
    # What the self-assessment asks each participant to rate their confidence in, before
    # and after the programme: one stated outcome, completing "I can …".
    self_assessment_outcome = models.CharField(
        max_length=200,
        blank=True,
        help_text="The outcome participants rate their confidence in, completing 'I can …'.",
    )
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
            ),
            max_chars_check(
                "learning_outcomes",
                OUTCOMES_MAX_CHARS,
                name="module_outcomes_max_chars",
                label="Learning outcomes",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TrainingPartner(models.Model):
    """An organisation that delivers sessions (a training provider, a university, a trust)."""

    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(max_length=300, blank=True)
    contact_email = models.EmailField(max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Speaker(models.Model):
    """A person who delivers or speaks at sessions: trainer, facilitator, guest speaker or
    system leader, perhaps from a training partner."""

    full_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices)
    job_title = models.CharField(max_length=200, blank=True)
    training_partner = models.ForeignKey(
        TrainingPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speakers",
    )
    email = models.EmailField(max_length=254, blank=True)
    bio = models.TextField(max_length=BIO_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["full_name", "pk"]
        constraints = [
            max_chars_check("bio", BIO_MAX_CHARS, name="speaker_bio_max_chars", label="Biography")
        ]

    def __str__(self) -> str:
        return self.full_name
