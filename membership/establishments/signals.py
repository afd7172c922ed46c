"""Signals the membership plugin sends, for the accounts plugin to act on."""

from django.dispatch import Signal

# Sent once a staff member accepts an entity request: kwargs ``entity_request``, ``establishment``.
entity_request_accepted = Signal()
# Sent once a staff member refuses one, inside the refusal's transaction (which has already
# queued the refusal e-mail in the outbox): kwargs ``entity_request``.
entity_request_refused = Signal()
