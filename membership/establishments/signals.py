"""Signals the membership plugin sends, for the accounts plugin to act on."""

from django.dispatch import Signal

# Sent once a staff member accepts an entity request: kwargs ``entity_request``, ``establishment``.
entity_request_accepted = Signal()
# Sent once a staff member refuses one, inside the refusal's transaction: kwargs
# ``entity_request``. A receiver that returns ``True`` has taken charge of telling the requester
# (the accounts plugin queues the e-mail in its outbox, with the refusal); when none does,
# membership sends the e-mail itself once the refusal is committed.
entity_request_refused = Signal()
