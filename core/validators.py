"""Validators shared by the apps' services."""

from django.core.validators import URLValidator

# Links to published items are shown as <a href>: only web addresses, never
# javascript:, data: or other schemes a browser would run.
validate_web_link = URLValidator(schemes=["http", "https"])
