"""allauth's forms with NHS wording: plain labels, no placeholders standing in for labels."""

from allauth.account.forms import LoginForm, SignupForm


def _drop_placeholders(form) -> None:
    for field in form.fields.values():
        field.widget.attrs.pop("placeholder", None)


class EllwSignupForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_placeholders(self)
        self.fields["email"].label = "E-mail address"
        self.fields["email"].help_text = "Use your work e-mail address. We will send you a link."
        self.fields["password2"].label = "Confirm password"
        self.fields["email"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password1"].error_messages["required"] = "Enter a password"
        self.fields["password2"].error_messages["required"] = "Enter the password again"


class EllwLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _drop_placeholders(self)
        self.fields["login"].label = "E-mail address"
        self.fields["remember"].label = "Keep me logged in on this device"
        self.fields["login"].error_messages["required"] = "Enter your e-mail address"
        self.fields["password"].error_messages["required"] = "Enter your password"
