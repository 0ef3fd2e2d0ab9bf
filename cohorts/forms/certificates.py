"""Forms for certificates: revoking and reissuing (the lead), and the public verification
page's code and file check."""

from __future__ import annotations

from django import forms

from cohorts.codes import certificate_code_normalise
from cohorts.models import CERTIFICATE_NAME_MAX_CHARS, REASON_MAX_CHARS
from ellw.forms import CappedForm

# A certificate PDF is well under 1 MB; anything far larger is not one of ours. (The
# service-wide cap, ELLW_UPLOAD_MAX_BYTES, stops larger files before they are stored.)
VERIFY_FILE_MAX_BYTES = 10 * 1024 * 1024


class CertificateRevokeForm(CappedForm):
    reason = forms.CharField(
        label="Why are you revoking this certificate?",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Kept with the certificate; the public verification page says only that "
        f"it was revoked. Up to {REASON_MAX_CHARS} characters.",
        error_messages={"required": "Give the reason for revoking the certificate"},
    )
    char_limit_labels = {"reason": "The reason"}


class CertificateReissueForm(CappedForm):
    name = forms.CharField(
        label="Name as it should appear on the certificate",
        max_length=CERTIFICATE_NAME_MAX_CHARS,
        error_messages={"required": "Enter the name as it should appear on the certificate"},
    )
    reason = forms.CharField(
        label="Why are you reissuing it?",
        max_length=REASON_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the name was misspelt. Kept with the old certificate.",
        error_messages={"required": "Give the reason for reissuing the certificate"},
    )
    char_limit_labels = {"name": "The name", "reason": "The reason"}

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the name as it should appear on the certificate")
        return name


class VerifyCodeForm(CappedForm):
    code = forms.CharField(
        label="Certificate code",
        max_length=40,
        help_text="12 letters and numbers, printed on the certificate under the QR code. "
        "For example, 7K2M-9QXD-4HR8.",
        error_messages={"required": "Enter the certificate code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )
    char_limit_labels = {"code": "The certificate code"}

    def clean_code(self) -> str:
        code = certificate_code_normalise(self.cleaned_data["code"])
        if code is None:
            raise forms.ValidationError(
                "Enter the code exactly as printed: 12 letters and numbers, like 7K2M-9QXD-4HR8. "
                "Check each character: this one cannot be a certificate code"
            )
        return code


class VerifyFileForm(forms.Form):
    file = forms.FileField(
        label="Check a PDF copy of this certificate",
        help_text="Choose the PDF file. It is not kept: we compare its fingerprint with the "
        "file we issued.",
        error_messages={
            "required": "Choose the PDF file to check",
            "empty": "The file you chose is empty: choose the certificate's PDF file",
        },
    )

    too_large_message = (
        "The file must be smaller than 10 MB: an issued certificate is far smaller, "
        "so this is not it"
    )
    not_a_pdf_message = "This is not a PDF. Choose the certificate's PDF file"

    def __init__(self, *args, too_large: bool = False, **kwargs):
        """`too_large`: the upload was over the service's cap and was not kept, so the file
        is missing for that reason alone: say so, once."""
        super().__init__(*args, **kwargs)
        if too_large:
            self.fields["file"].error_messages["required"] = self.too_large_message

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > VERIFY_FILE_MAX_BYTES:
            raise forms.ValidationError(self.too_large_message)
        # A PDF starts with its header ("%PDF-"), which readers accept within the first
        # kilobyte.
        upload.seek(0)
        start = upload.read(1024)
        upload.seek(0)
        if b"%PDF-" not in start:
            raise forms.ValidationError(self.not_a_pdf_message)
        return upload
