"""Forms shared by the whole site."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The log-in form, with a plain message for a wrong name or password."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("%(username)s or password is incorrect. Note that the password is case-sensitive."),
    }

    def get_invalid_login_error(self):
        # The message starts with the field's name: capitalised in every language.
        return ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={"username": capfirst(self.username_field.verbose_name)},
        )
