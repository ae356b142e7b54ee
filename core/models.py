"""Project-wide models: the transactional outbox of Celery jobs (``core.outbox``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessageQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(sent_at__isnull=True)


class OutboxMessage(models.Model):
    """A Celery job written in the same transaction as the change that asks for it.

    It is sent to the broker once the transaction commits; while the broker
    cannot be reached it stays pending (``sent_at`` empty) and
    ``core.outbox.flush_outbox`` sends it later.
    """

    task_name = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    objects = OutboxMessageQuerySet.as_manager()

    class Meta:
        verbose_name = "outbox message"
        verbose_name_plural = "outbox messages"
        ordering = ["pk"]
        indexes = [
            # flush_outbox reads only the pending rows, oldest first.
            models.Index(fields=["created"], condition=Q(sent_at__isnull=True), name="outbox_pending_idx"),
        ]

    def __str__(self):
        return f"{self.task_name} {self.kwargs} ({'sent' if self.sent_at else 'pending'})"
