"""Cohorts of the programme and the reference data they draw on: places, roles, PCNs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from ellw.text import max_chars_check
from modules.models import Module, Speaker, TrainingPartner

from .certificate_codes import certificate_code_display
from .enums import AttendanceStatus, EnrolmentEventKind, SessionKind

SUMMARY_MAX_CHARS = 2000
REASON_MAX_CHARS = 2000
NOTES_MAX_CHARS = 2000


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


class Cohort(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    summary = models.TextField(blank=True, max_length=SUMMARY_MAX_CHARS)
    applications_open_on = models.DateField(help_text="First day applications are accepted.")
    applications_close_on = models.DateField(help_text="Last day applications are accepted.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    minimum_experience_months = models.PositiveSmallIntegerField(
        default=12, help_text="Months in role an applicant needs by the cohort's start date."
    )
    eligible_roles = models.ManyToManyField(Role, related_name="cohorts")
    endorser_email_domains = models.CharField(
        max_length=300,
        blank=True,
        help_text=(
            "Clinical directors' e-mail addresses must end with one of these domains, "
            "separated by commas (for example: nhs.net). Leave blank to accept any address."
        ),
    )
    module_attendance_threshold = models.PositiveSmallIntegerField(
        "module sessions to attend (%)",
        default=80,
        validators=[MaxValueValidator(100)],
        help_text="The share of module sessions a participant must attend to complete.",
    )
    set_meeting_attendance_threshold = models.PositiveSmallIntegerField(
        "action learning set meetings to attend (%)",
        default=75,
        validators=[MaxValueValidator(100)],
        help_text="The share of their set's meetings a participant must attend to complete.",
    )
    signatory_name = models.CharField(
        max_length=200, blank=True, help_text="Who signs the certificates."
    )
    signatory_title = models.CharField(
        max_length=200, blank=True, help_text="Their title, for example Programme Director."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_on__gte=F("applications_open_on")),
                name="cohort_window_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_it_starts"
            ),
            max_chars_check(
                "summary", SUMMARY_MAX_CHARS, name="cohort_summary_max_chars", label="Summary"
            ),
            models.CheckConstraint(
                condition=Q(module_attendance_threshold__lte=100)
                & Q(set_meeting_attendance_threshold__lte=100),
                name="cohort_thresholds_are_percentages",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_signatory(self) -> bool:
        """Certificates can be issued only once someone signs them (name and title)."""
        return bool(self.signatory_name.strip() and self.signatory_title.strip())

    @property
    def endorser_domains(self) -> list[str]:
        return [
            d.strip().lower().lstrip("@")
            for d in self.endorser_email_domains.split(",")
            if d.strip()
        ]

    def clean(self) -> None:
        errors = {}
        opens, closes = self.applications_open_on, self.applications_close_on
        if opens and closes and closes < opens:
            errors["applications_close_on"] = "The window must close on or after the day it opens."
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The cohort must end on or after the day it starts."
        if errors:
            raise ValidationError(errors)


class Enrolment(models.Model):
    """A participant in a cohort: created when an applicant accepts their place."""

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="enrolments")
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments"
    )
    application = models.OneToOneField(
        "applications.Application", on_delete=models.PROTECT, related_name="enrolment"
    )
    enrolled_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    action_learning_set = models.ForeignKey(
        "ActionLearningSet",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    graduated_on = models.DateField(null=True, blank=True)
    graduation_override_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    # The personal calendar feed: its address is derived from this nonce under a key from
    # the environment (ellw.links), and only the address's hash is stored for look-up.
    calendar_feed_nonce = models.CharField(max_length=64, blank=True)
    calendar_feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["cohort", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "participant"], name="enrolment_once_per_cohort"
            ),
            max_chars_check(
                "withdrawal_reason",
                REASON_MAX_CHARS,
                name="enrolment_withdrawal_reason_max_chars",
                label="Reason",
            ),
            max_chars_check(
                "graduation_override_reason",
                REASON_MAX_CHARS,
                name="enrolment_override_reason_max_chars",
                label="Reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} in {self.cohort}"


class EnrolmentEvent(models.Model):
    """An enrolment's history: set changes, withdrawal, graduation and overrides, with who
    and when."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24, choices=EnrolmentEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_label = models.CharField(max_length=300, blank=True)
    description = models.CharField(max_length=600)
    note = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            max_chars_check(
                "note", REASON_MAX_CHARS, name="enrolment_event_note_max_chars", label="Note"
            )
        ]

    def __str__(self) -> str:
        return self.description


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


class Session(models.Model):
    """One scheduled session of a cohort. Times are stored in UTC and shown in Europe/London."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(max_length=20, choices=SessionKind.choices)
    module = models.ForeignKey(
        Module, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    action_learning_set = models.ForeignKey(
        ActionLearningSet,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave blank to use the module's name."
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    venue = models.CharField(max_length=300, blank=True)
    online_link = models.URLField(max_length=500, blank=True)
    training_partner = models.ForeignKey(
        TrainingPartner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    speakers = models.ManyToManyField(Speaker, blank=True, related_name="sessions")
    notes = models.TextField(max_length=NOTES_MAX_CHARS, blank=True)
    # Claimed with a conditional UPDATE by the reminder task, so a reminder goes once.
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["cohort", "starts_at"], name="session_cohort_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_it_starts"
            ),
            models.CheckConstraint(
                condition=~Q(kind=SessionKind.MODULE) | Q(module__isnull=False),
                name="module_session_has_a_module",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=SessionKind.SET_MEETING, action_learning_set__isnull=False)
                    | (~Q(kind=SessionKind.SET_MEETING) & Q(action_learning_set__isnull=True))
                ),
                name="set_meeting_has_a_set",
            ),
            max_chars_check(
                "notes", NOTES_MAX_CHARS, name="session_notes_max_chars", label="Notes"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.module_id:
            return self.module.name
        if self.action_learning_set_id:
            return f"{self.action_learning_set.name} meeting"
        return self.get_kind_display()


class Attendance(models.Model):
    """One participant at one session: the register's row."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    apologies_excused = models.BooleanField(
        default=False, help_text="Excused apologies do not count against completion."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["session", "enrolment"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrolment"], name="attendance_once_per_session"
            ),
            models.CheckConstraint(
                condition=Q(apologies_excused=False) | Q(status=AttendanceStatus.APOLOGIES),
                name="only_apologies_are_excused",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} at {self.session}: {self.get_status_display()}"


class AttendanceChange(models.Model):
    """A correction to the register: who changed what, from what, and when."""

    attendance = models.ForeignKey(Attendance, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(max_length=10, choices=AttendanceStatus.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    from_excused = models.BooleanField(default=False)
    to_excused = models.BooleanField(default=False)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'none'} → {self.to_status}"


CERTIFICATE_NAME_MAX_CHARS = 200

# A certificate is current until it is revoked or replaced.
CURRENT_CERTIFICATE = Q(revoked_at__isnull=True, replaced_at__isnull=True)


class CertificateQuerySet(models.QuerySet):
    def current(self) -> CertificateQuerySet:
        return self.filter(CURRENT_CERTIFICATE)


class Certificate(models.Model):
    """A graduate's certificate. What it states is a snapshot taken when it was issued, so
    rendering it again reproduces it exactly; a name correction issues a new certificate
    with a new code, and the old one is shown as replaced. At most one certificate of an
    enrolment is current (neither revoked nor replaced): the database holds to that, so a
    second click or a retried task can never make a second certificate."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certificates")
    code = models.CharField(max_length=12, unique=True, editable=False)
    issued_on = models.DateField()
    # name, programme, cohort, starts_on, ends_on, graduated_on, modules (name, cpd_hours),
    # total_cpd_hours, signatory_name, signatory_title, issuer.
    snapshot = models.JSONField()
    document = models.OneToOneField(
        "documents.GeneratedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)
    replaced_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces"
    )
    replacement_reason = models.TextField(max_length=REASON_MAX_CHARS, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=CURRENT_CERTIFICATE,
                name="certificate_one_current_per_enrolment",
            ),
            max_chars_check(
                "revocation_reason",
                REASON_MAX_CHARS,
                name="certificate_revocation_reason_max_chars",
                label="Reason",
            ),
            max_chars_check(
                "replacement_reason",
                REASON_MAX_CHARS,
                name="certificate_replacement_reason_max_chars",
                label="Reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Certificate {self.display_code}"

    @property
    def display_code(self) -> str:
        return certificate_code_display(self.code)

    @property
    def is_current(self) -> bool:
        return self.revoked_at is None and self.replaced_at is None

    @property
    def standing(self) -> str:
        """valid, revoked or replaced: what the verification page says."""
        if self.revoked_at is not None:
            return "revoked"
        if self.replaced_at is not None:
            return "replaced"
        return "valid"
