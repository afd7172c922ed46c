"""Wagtail admin views of the exchanges: the thread, the answer, the assignment, the status.

Registered under the admin's URLs by ``ExchangeAdmin`` (``wagtail_hooks.py``), so Wagtail
already requires admin access; each view also tests ``exchanges.answer_exchanges`` (staff
holding Django's ``exchanges.change_exchange``).
"""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from buyer_space.exchanges import services as service
from buyer_space.exchanges.forms import KEPT_FILES_NOTE, AnswerForm, AssignForm, StatusForm
from buyer_space.exchanges.models import Exchange, ExchangeAttachment, ExchangeMessage
from espace_site.files import private_file_response

PERMISSION = "exchanges.answer_exchanges"
INDEX_URL_NAME = "exchanges_exchange_modeladmin_index"
THREAD_URL_NAME = "exchanges_exchange_thread"
ATTACHMENT_URL_NAME = "exchanges_exchange_attachment"


class StaffExchangeMixin(PermissionRequiredMixin):
    permission_required = PERMISSION
    raise_exception = True


class ExchangeThreadView(StaffExchangeMixin, View):
    """The thread with its messages; forms to answer, assign and change the status."""

    http_method_names = ["get", "post"]
    template_name = "exchanges/admin/exchange_thread.html"
    ACTIONS = ("repondre", "attribuer", "statut")

    def get_exchange(self):
        exchange = (
            Exchange.objects.select_related(
                "establishment", "author", "offer", "contract", "assigned_to"
            )
            .filter(pk=self.kwargs["pk"])
            .first()
        )
        if exchange is None:
            raise Http404
        return exchange

    def forms(self, exchange, bound=None, data=None, files=None):
        forms = {
            "repondre": AnswerForm(
                data if bound == "repondre" else None, files if bound == "repondre" else None
            ),
            "attribuer": AssignForm(
                data if bound == "attribuer" else None,
                initial={"assigned_to": exchange.assigned_to_id},
            ),
            "statut": StatusForm(
                data if bound == "statut" else None, initial={"status": exchange.status}
            ),
        }
        return forms

    def render(self, exchange, forms, status=200, files_lost=False):
        thread = (
            ExchangeMessage.objects.filter(exchange=exchange)
            .select_related("author")
            .prefetch_related(
                Prefetch("attachments", queryset=ExchangeAttachment.objects.order_by("pk"))
            )
        )
        context = {
            "exchange": exchange,
            "thread": thread,
            "answer_form": forms["repondre"],
            "assign_form": forms["attribuer"],
            "status_form": forms["statut"],
            "index_url": reverse(INDEX_URL_NAME),
            "attachment_url_name": ATTACHMENT_URL_NAME,
            "files_lost": files_lost,
            "kept_files_note": KEPT_FILES_NOTE,
        }
        return TemplateResponse(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        exchange = self.get_exchange()
        return self.render(exchange, self.forms(exchange))

    def post(self, request, pk):
        exchange = self.get_exchange()
        action = request.POST.get("action")
        if action not in self.ACTIONS:
            messages.error(request, _("Action inconnue : rien n'a été modifié."))
            return redirect(THREAD_URL_NAME, exchange.pk)
        forms = self.forms(exchange, bound=action, data=request.POST, files=request.FILES)
        form = forms[action]
        if not form.is_valid():
            messages.error(request, _("Le formulaire contient des erreurs : rien n'a été modifié."))
            return self.render(
                exchange, forms, status=400, files_lost=action == "repondre" and bool(request.FILES)
            )
        if action == "repondre":
            service.answer(
                exchange,
                staff=request.user,
                body=form.cleaned_data["body"],
                files=form.cleaned_data["attachments"],
            )
            messages.success(
                request, _("Réponse envoyée : le demandeur en est informé par e-mail.")
            )
        elif action == "attribuer":
            service.assign(exchange, form.cleaned_data["assigned_to"])
            messages.success(request, _("Attribution enregistrée."))
        else:
            service.set_status(exchange, form.cleaned_data["status"])
            messages.success(
                request,
                _("Statut de l'échange : %(status)s.") % {"status": exchange.get_status_display()},
            )
        return redirect(THREAD_URL_NAME, exchange.pk)


class ExchangeAttachmentView(StaffExchangeMixin, View):
    http_method_names = ["get"]

    def get(self, request, pk, attachment_id):
        attachment = ExchangeAttachment.objects.filter(
            pk=attachment_id, message__exchange_id=pk
        ).first()
        if attachment is None:
            raise Http404
        try:
            return private_file_response(attachment.file, attachment.name)
        except FileNotFoundError as exc:
            raise Http404 from exc
