"""After a load run (issue 13): is every write the site confirmed in the database, and was every
e-mail it owes sent once?  ``verify.py WRITES_JSONL MAIL_DIR [EDITOR_JSON] [--wait SECONDS]``

- each question, reply and deposit locust recorded (``$LOAD_WRITES``) is in the database, once;
- each deposit's confirmation e-mail was sent once (its outbox row is sent, and the mail folder
  holds exactly one message with its order reference);
- the editor's publication (``editor.py``'s answer): every subscriber of the offer has one
  notification of the new dates and received one e-mail of them, and how long after the click
  the last notification was written and the last e-mail sent.

Waits up to ``--wait`` seconds (120) for the outbox to drain. Prints a Markdown table; exits 1
when something is missing or doubled. Run with the load test's environment (env.sh)."""

import argparse
import collections
import datetime
import email
import email.policy
import json
import os
import re
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")
django.setup()

from django.utils import timezone  # noqa: E402

from buyer_space.exchanges.models import Exchange, ExchangeMessage  # noqa: E402
from buyer_space.notifications.choices import NotificationKind  # noqa: E402
from buyer_space.notifications.models import Notification, Subscription  # noqa: E402
from espace_site.outbox.models import OutboxEmail  # noqa: E402
from membership.deposits.models import ConventionDeposit  # noqa: E402

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # Django's file e-mail backend, between messages
ORDER_REFERENCE = re.compile(r"^Référence de commande : (\S+)$", re.MULTILINE)  # deposit_received


def mail_messages(folder):
    """Every message the file backend wrote: ``(recipients, subject, body)``."""
    for path in sorted(Path(folder).glob("*.log")):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                message = email.message_from_bytes(chunk, policy=email.policy.default)
                body = message.get_body(("plain",))
                yield (
                    str(message["To"]),
                    str(message["Subject"]),
                    body.get_content() if body is not None else "",
                )


def wait_for_outbox(keys, seconds):
    """Until every row of ``keys`` is sent (or failed), or ``seconds`` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        pending = OutboxEmail.objects.filter(
            key__in=keys, sent_at__isnull=True, failed=False
        ).count()
        if not pending or time.monotonic() > deadline:
            return pending
        time.sleep(1)


def check_writes(writes, messages, wait):
    """``messages()`` reads the mail folder, after the outbox has drained."""
    rows, problems = [], []
    kinds = collections.defaultdict(list)
    for write in writes:
        kinds[write["kind"]].append(write["marker"])
    found = {
        "question": lambda m: Exchange.objects.filter(subject=f"Question {m}").count(),
        "reply": lambda m: ExchangeMessage.objects.filter(body=f"Précision {m}").count(),
        "deposit": lambda m: ConventionDeposit.objects.filter(order_reference=m).count(),
    }
    for kind, markers in sorted(kinds.items()):
        counts = collections.Counter(found[kind](marker) for marker in markers)
        rows.append((kind, len(markers), counts.get(1, 0), len(markers) - counts.get(1, 0)))
        if counts.get(1, 0) != len(markers):
            problems.append(f"{kind}: {dict(counts)} (occurrences: markers)")
    deposits = ConventionDeposit.objects.filter(order_reference__in=kinds["deposit"])
    keys = [f"deposit-received:{pk}" for pk in deposits.values_list("pk", flat=True)]
    pending = wait_for_outbox(keys, wait)
    sent = OutboxEmail.objects.filter(key__in=keys, sent_at__isnull=False).count()
    per_deposit = collections.Counter(
        reference
        for _to, _subject, body in messages()
        for reference in ORDER_REFERENCE.findall(body)
    )
    once = sum(1 for marker in kinds["deposit"] if per_deposit[marker] == 1)
    rows.append(("e-mail de dépôt reçu", len(keys), once, len(keys) - once))
    if pending or sent != len(keys) or once != len(kinds["deposit"]):
        problems.append(
            f"deposit e-mails: {pending} pending, {sent}/{len(keys)} sent, {once} once in "
            f"the mail folder, counts {collections.Counter(per_deposit.values())}"
        )
    return rows, problems


def check_publication(editor, messages, wait):
    asked = datetime.datetime.fromtimestamp(editor["asked_at"], tz=datetime.UTC)
    offer_id = editor["offer"]
    end = datetime.date.fromisoformat(editor["end_date"]).strftime("%d/%m/%Y")
    subscribers = dict(
        Subscription.objects.filter(offer_id=offer_id, user__is_active=True).values_list(
            "user_id", "user__email"
        )
    )
    notifications = Notification.objects.filter(
        offer_id=offer_id, kind=NotificationKind.DATES, created_at__gte=asked, message__contains=end
    )
    keys = [
        f"offer-change:{key}:{user}"
        for key, user in notifications.values_list("change_key", "user_id")
    ]
    pending = wait_for_outbox(keys, wait)
    per_user = collections.Counter(notifications.values_list("user_id", flat=True))
    outbox = OutboxEmail.objects.filter(key__in=keys)
    last_sent = max(outbox.values_list("sent_at", flat=True), default=None) if not pending else None
    last_notified = max(notifications.values_list("created_at", flat=True), default=None)
    addresses = set(subscribers.values())
    received = collections.Counter(
        to
        for to, subject, body in messages()
        if to in addresses and "Nouvelles dates" in subject and end in body
    )
    notified_once = sum(1 for user in subscribers if per_user[user] == 1)
    mailed_once = sum(1 for address in addresses if received[address] == 1)
    rows = [
        (
            "notification des abonnés",
            len(subscribers),
            notified_once,
            len(subscribers) - notified_once,
        ),
        ("e-mail des abonnés", len(addresses), mailed_once, len(addresses) - mailed_once),
    ]
    problems = []
    if notified_once != len(subscribers) or mailed_once != len(addresses) or pending:
        problems.append(
            f"publication: {notified_once}/{len(subscribers)} notified once, "
            f"{mailed_once}/{len(addresses)} mailed once, {pending} e-mails pending"
        )
    timing = {
        "publication": editor["seconds"],
        "notified": (last_notified - asked).total_seconds() if last_notified else None,
        "mailed": (last_sent - asked).total_seconds() if last_sent else None,
    }
    return rows, problems, timing


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("writes")
    parser.add_argument("mail")
    parser.add_argument("editor", nargs="?")
    parser.add_argument("--wait", type=float, default=120)
    args = parser.parse_args()
    writes_path = Path(args.writes)
    writes = (
        [json.loads(line) for line in writes_path.read_text().splitlines()]
        if writes_path.exists()
        else []
    )

    def messages():
        return mail_messages(args.mail)

    started = timezone.now()
    rows, problems = check_writes(writes, messages, args.wait)
    timing = None
    if args.editor and Path(args.editor).exists():
        editor = json.loads(Path(args.editor).read_text())
        more_rows, more_problems, timing = check_publication(editor, messages, args.wait)
        rows += more_rows
        problems += more_problems
    elif args.editor:
        problems.append("the editor did not publish (no answer from editor.py)")
    print("| vérifié | attendus | présents une fois | manquants ou en double |")
    print("|---|---:|---:|---:|")
    for name, expected, once, other in rows:
        print(f"| {name} | {expected} | {once} | {other} |")
    if timing:
        print(
            "\nPublication de l'offre suivie par les abonnés : réponse en "
            f"{timing['publication']:.1f} s ; "
            f"dernière notification écrite {timing['notified']:.1f} s et dernier e-mail envoyé "
            f"{timing['mailed']:.1f} s après le clic sur « Publier »."
            if timing["notified"] is not None and timing["mailed"] is not None
            else f"\nPublication : {timing}"
        )
    print(f"\n(vérifié en {(timezone.now() - started).total_seconds():.0f} s)")
    for problem in problems:
        print("PROBLÈME:", problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
