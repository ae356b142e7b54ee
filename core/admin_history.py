"""The admin's change history pages (django-simple-history) in the interface's words.

simple-history lists each change as the stored values: status codes ("accepted → returned"), timestamps in
UTC and ISO form, True/False, None. ``HistoryAdmin`` shows a choice by its label, a moment in the site's
time zone as dd/mm/yyyy HH:MM, a date as dd/mm/yyyy, yes/no, and "—" for nothing; its template
(``templates/simple_history/object_history_list.html``) writes the change's time the same way and its reason
through ``history_reason``, which an app overrides to name its own events.
"""

import datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"


def display_value(field, value):
    """``value`` of model ``field`` as a reader of the interface expects it."""
    if value is None or value == "":
        return EMPTY
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return formats.date_format(moment, "d/m/Y H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d/m/Y")
    return value


class LocalisedHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, models.ManyToManyField):
            return super().prepare_delta_change_value(change, value)
        return display_value(field, value)


class HistoryAdmin(SimpleHistoryAdmin):
    """A ``SimpleHistoryAdmin`` whose history page reads as the rest of the interface."""

    def get_historical_record_context_helper(self, request, historical_record):
        return LocalisedHistoryHelper(self.model, historical_record)

    def history_reason(self, record) -> str:
        """The change reason of a history row as the page shows it (the stored text by default)."""
        return record.history_change_reason or ""

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        for record in historical_records:
            record.reason_display = self.history_reason(record)
