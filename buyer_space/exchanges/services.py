"""*Échanges en cours*: threads between a buyer's establishment and the centre's staff.

Who sees what is decided by :mod:`buyer_space.exchanges.rules`; :func:`visible_exchanges` is the
same rule written as a queryset (for the lists and the dashboard counter).
"""

from django.db import transaction
from django.db.models import Count, Max, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from buyer_space.accounts.rules import access, is_active_account
from buyer_space.accounts.services.validation import absolute_url
from buyer_space.exchanges.choices import ExchangeStatus
from buyer_space.exchanges.models import (
    Exchange,
    ExchangeAttachment,
    ExchangeMessage,
    ExchangeReadMark,
)
from catalogue.templatetags.catalogue_tags import file_size_fr
from espace_site import filetypes
from espace_site.outbox.services import enqueue_email

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENT_LABEL = "10 Mo"
MAX_ATTACHMENTS = 5
OPEN_STATUSES = (ExchangeStatus.OPEN, ExchangeStatus.ANSWERED)

#: The attachments' accepted extensions; each file's content is checked by
#: :mod:`espace_site.filetypes` (signature, structure, no HTML).
ALLOWED_TYPES = {
    extension: filetypes.FILE_TYPES[extension]
    for extension in ("pdf", "doc", "docx", "xls", "xlsx", "png", "jpg", "jpeg", "zip")
}
ACCEPT_ATTRIBUTE = ",".join(f".{extension}" for extension in ALLOWED_TYPES)


def attachment_errors(files):
    """French messages on ``files`` (uploaded files): count, size, extension and content."""
    if len(files) > MAX_ATTACHMENTS:
        return [
            _("Vous pouvez joindre au plus %(max)d fichiers (vous en avez choisi %(count)d).")
            % {"max": MAX_ATTACHMENTS, "count": len(files)}
        ]
    errors = []
    for file in files:
        name = file.name or ""
        extension = filetypes.extension_of(name)
        file_type = ALLOWED_TYPES.get(extension)
        if file_type is None:
            errors.append(
                _(
                    "« %(name)s » : ce type de fichier n'est pas accepté. Types acceptés : PDF, "
                    "Word, Excel, images PNG ou JPEG, ZIP."
                )
                % {"name": name}
            )
            continue
        if file.size > MAX_ATTACHMENT_SIZE:
            errors.append(
                _("« %(name)s » pèse %(size)s : la taille maximale est de %(max)s par fichier.")
                % {
                    "name": name,
                    "size": file_size_fr(file.size),
                    "max": MAX_ATTACHMENT_LABEL,
                }
            )
            continue
        if not file.size:
            errors.append(_("« %(name)s » est vide.") % {"name": name})
            continue
        if not filetypes.matches(extension, file):
            errors.append(
                _(
                    "« %(name)s » : son contenu ne correspond pas à un fichier %(type)s ; "
                    "vérifiez le fichier ou son extension."
                )
                % {"name": name, "type": file_type.label}
            )
    return errors


def visible_exchanges(user):
    """The threads ``user`` may read: those he started in an establishment where he is still
    active, and every thread of the establishments he administers."""
    account = access(user)
    if account is None or not is_active_account(user):
        return Exchange.objects.none()
    return Exchange.objects.filter(
        Q(establishment_id__in=account.admin_ids)
        | Q(author_id=user.pk, establishment_id__in=account.member_ids)
    )


def open_exchange_count(user):
    """*Échanges en cours* on the dashboard: visible threads still open or answered."""
    return visible_exchanges(user).filter(status__in=OPEN_STATUSES).count()


def with_activity(queryset, user):
    """Annotate ``message_count``, ``last_message_at`` and ``read_at`` (``user``'s read mark)."""
    marks = ExchangeReadMark.objects.filter(exchange_id=OuterRef("pk"), user_id=user.pk)
    return queryset.annotate(
        message_count=Count("messages"),
        last_message_at=Max("messages__created_at"),
        read_at=Subquery(marks.values("read_at")[:1]),
    )


def is_unread(exchange):
    """A thread annotated by :func:`with_activity` has a message its reader has not seen."""
    last = getattr(exchange, "last_message_at", None)
    read = getattr(exchange, "read_at", None)
    return last is not None and (read is None or last > read)


def mark_read(exchange, user, when=None):
    """One upsert (no read-then-write race, no savepoint)."""
    ExchangeReadMark.objects.bulk_create(
        [ExchangeReadMark(exchange=exchange, user=user, read_at=when or timezone.now())],
        update_conflicts=True,
        unique_fields=["exchange", "user"],
        update_fields=["read_at"],
    )


def _add_message(exchange, author, body, files, from_staff):
    message = ExchangeMessage.objects.create(
        exchange=exchange, author=author, body=body, from_staff=from_staff
    )
    if files:
        ExchangeAttachment.objects.bulk_create([_attachment(message, file) for file in files])
    return message


def _attachment(message, file):
    attachment = ExchangeAttachment(message=message, name=file.name[-255:], size=file.size)
    attachment.file.save(file.name, file, save=False)
    return attachment


@transaction.atomic
def start_exchange(
    *, author, establishment, kind, subject, body, offer=None, contract=None, files=()
):
    """A new thread with its first message; its author has read it."""
    exchange = Exchange.objects.create(
        kind=kind,
        subject=subject,
        establishment=establishment,
        author=author,
        offer=offer,
        contract=contract,
        status=ExchangeStatus.OPEN,
    )
    message = _add_message(exchange, author, body, files, from_staff=False)
    mark_read(exchange, author, when=message.created_at)
    return exchange


@transaction.atomic
def reply(exchange, *, author, body, files=()):
    """A buyer's message: an answered thread goes back to *ouvert* (the centre's turn)."""
    message = _add_message(exchange, author, body, files, from_staff=False)
    exchange.status = ExchangeStatus.OPEN
    exchange.save(update_fields=["status", "updated_at"])
    mark_read(exchange, author, when=message.created_at)
    return message


@transaction.atomic
def answer(exchange, *, staff, body, files=()):
    """A staff answer: the thread becomes *répondu* and its author is e-mailed (on commit)."""
    message = _add_message(exchange, staff, body, files, from_staff=True)
    exchange.status = ExchangeStatus.ANSWERED
    fields = ["status", "updated_at"]
    if exchange.assigned_to_id is None:
        exchange.assigned_to = staff
        fields.append("assigned_to")
    exchange.save(update_fields=fields)
    author = exchange.author
    if author is not None and author.is_active and author.email:
        enqueue_email(
            author.email,
            "exchanges/emails/exchange_answered",
            {
                "name": author.get_full_name() or author.email,
                "subject": exchange.subject,
                "kind": str(exchange.get_kind_display()),
                "establishment": exchange.establishment.name,
                "url": absolute_url(reverse("buyer_space:exchange_detail", args=[exchange.pk])),
            },
        )
    return message


def assign(exchange, staff):
    """Internal: the buyer's *dernière activité* does not move."""
    exchange.assigned_to = staff
    exchange.save(update_fields=["assigned_to"])


def set_status(exchange, status):
    exchange.status = status
    exchange.save(update_fields=["status", "updated_at"])
