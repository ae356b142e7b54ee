"""An e-mail backend whose relay is down (the SMTP relay is outside the machine)."""

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("relay down")
