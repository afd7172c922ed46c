"""A test-only e-mail backend for the worker: it writes the message (the "send"), records the
process id, then sleeps, so that a test can kill the worker after the message went out and before
the outbox row is marked sent."""

import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend as FileBackend


class SlowAfterSendingBackend(FileBackend):
    def send_messages(self, messages):
        count = super().send_messages(messages)
        marker = Path(os.environ["SLOW_MAIL_MARKER"])
        marker.write_text(str(os.getpid()))
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "60")))
        return count
