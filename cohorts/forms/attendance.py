"""The attendance register form: a status for each participant the session expects and,
for the programme lead, whether sent apologies are excused."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        self.recorded = recorded
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
        # "Apologies excused" belongs to "Sent apologies" (the page shows it only under that
        # choice): ticked and then hidden by choosing another status, it means nothing.
        for enrolment, _ in self.rows:
            if data.get(f"status_{enrolment.pk}") != AttendanceStatus.APOLOGIES:
                data[f"excused_{enrolment.pk}"] = False
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

    def bound_rows(self) -> list[RegisterRow]:
        rows = []
        for enrolment, recorded in self.rows:
            status = self[f"status_{enrolment.pk}"]
            rows.append(
                RegisterRow(
                    enrolment=enrolment,
                    recorded=recorded,
                    status=status,
                    excused=self[f"excused_{enrolment.pk}"] if self.may_excuse else None,
                    sent_apologies=status.value() == AttendanceStatus.APOLOGIES,
                )
            )
        return rows

    def with_everyone_present(self) -> RegisterForm:
        """The same register with everyone not yet marked shown as present: nothing saved,
        for whoever takes it to change the exceptions."""
        data = self.data.copy()
        for enrolment, _ in self.rows:
            # The page posts every recorded status (its radio is checked): a line without
            # one is nobody's yet.
            data.setdefault(f"status_{enrolment.pk}", AttendanceStatus.PRESENT)
        return RegisterForm(
            data,
            enrolments=[enrolment for enrolment, _ in self.rows],
            recorded=dict(self.recorded),
            may_excuse=self.may_excuse,
        )


@dataclass(frozen=True)
class RegisterRow:
    """One participant's line on the page."""

    enrolment: Enrolment
    recorded: Attendance | None
    status: forms.BoundField
    excused: forms.BoundField | None
    sent_apologies: bool
