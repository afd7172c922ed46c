from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEmail(models.Model):
    """An e-mail to send, saved with the data that caused it: nothing is lost if the broker is
    down; a periodic task drains what the workers have not sent."""

    key = models.CharField(max_length=150, unique=True)
    recipients = models.JSONField()
    # {address: account id} for the recipients that were accounts when the e-mail was queued: an
    # account deleted in the meantime gets nothing.
    recipient_accounts = models.JSONField(default=dict, blank=True)
    template_prefix = models.CharField(max_length=150)
    context = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by the worker that is sending it (a lease): a second worker leaves the row alone.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("e-mail en file d'attente")
        verbose_name_plural = _("e-mails en file d'attente")

    def __str__(self):
        return f"{self.template_prefix} → {', '.join(self.recipients)}"
