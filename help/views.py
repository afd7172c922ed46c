"""The public-sector pages every page's footer links to: the accessibility statement (RGAA 4.1
model) and the legal notice. Their facts are settings (``LEGAL_NOTICE``, ``ACCESSIBILITY``), so
that each centre states its own without editing a template."""

from django.conf import settings
from django.views.generic import TemplateView


class LegalPageView(TemplateView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["legal"] = settings.LEGAL_NOTICE
        context["accessibility"] = settings.ACCESSIBILITY
        return context


class AccessibilityStatementView(LegalPageView):
    template_name = "help/legal/accessibility.html"


class LegalNoticeView(LegalPageView):
    template_name = "help/legal/legal_notice.html"
