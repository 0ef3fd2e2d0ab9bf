"""The attendance register form: a status for each participant the session expects and,
for the programme lead, whether sent apologies are excused."""

from __future__ import annotations

import re

from django import forms

from cohorts.enums import AttendanceStatus
from cohorts.models import Attendance, Enrolment
from cohorts.services.attendance import RegisterEntry

REGISTER_KEY = re.compile(r"^(status|excused)_(\d+)$")


class RegisterForm(forms.Form):
    def __init__(
        self,
        *args,
        enrolments: list[Enrolment],
        recorded: dict[int, Attendance],
        may_excuse: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.may_excuse = may_excuse
        self.rows = []
        for enrolment in enrolments:
            row = recorded.get(enrolment.pk)
            name = enrolment.participant.full_name
            self.fields[f"status_{enrolment.pk}"] = forms.ChoiceField(
                label=name,
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=row.status if row else None,
                error_messages={
                    "invalid_choice": f"Choose present, late, absent or sent apologies for {name}"
                },
            )
            if may_excuse:
                self.fields[f"excused_{enrolment.pk}"] = forms.BooleanField(
                    label="Apologies excused",
                    required=False,
                    initial=bool(row and row.apologies_excused),
                )
            self.rows.append((enrolment, row))

    def clean(self):
        data = super().clean()
        for key in self.data:
            match = REGISTER_KEY.match(key)
            if not match or key in self.fields:
                continue
            kind, pk = match.groups()
            if kind == "excused" and f"status_{pk}" in self.fields:
                raise forms.ValidationError(
                    "Only the programme lead can excuse apologies. Nothing has been saved."
                )
            if kind == "excused" and f"status_{pk}" not in self.data:
                raise forms.ValidationError(
                    "Someone in the form is not expected at this session. Nothing has been saved."
                )
            # A status for someone the form did not offer: the service refuses it by name.
        for enrolment, _ in self.rows:
            if data.get(f"excused_{enrolment.pk}") and (
                data.get(f"status_{enrolment.pk}") != AttendanceStatus.APOLOGIES
            ):
                self.add_error(
                    f"excused_{enrolment.pk}",
                    f"Only sent apologies can be excused: {enrolment.participant.full_name} "
                    "is not marked as sending apologies",
                )
        return data

    @property
    def entries(self) -> dict[int, RegisterEntry]:
        """Enrolment pk → what to record, for every line with a status (after is_valid).
        Lines the form did not offer are passed on too, so the service refuses them by name."""
        entries = {}
        for key in self.data:
            match = REGISTER_KEY.match(key)
            if not match or match[1] != "status":
                continue
            pk = int(match[2])
            status = self.cleaned_data.get(key) if key in self.fields else self.data.get(key)
            if not status:
                continue
            excused = None
            if self.may_excuse and f"excused_{pk}" in self.fields:
                excused = bool(self.cleaned_data.get(f"excused_{pk}"))
            elif f"excused_{pk}" in self.data:
                excused = self.data.get(f"excused_{pk}") not in ("", "false", "off")
            entries[pk] = RegisterEntry(status=status, excused=excused)
        return entries

    def bound_rows(self):
        """(enrolment, recorded attendance or None, status field, excused field or None)."""
        return [
            (
                enrolment,
                row,
                self[f"status_{enrolment.pk}"],
                self[f"excused_{enrolment.pk}"] if self.may_excuse else None,
            )
            for enrolment, row in self.rows
        ]
