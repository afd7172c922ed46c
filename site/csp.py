"""Content-Security-Policy (django-csp): strict on the public site and Mon espace, what the
Wagtail admin needs under its own path.

The site's templates carry no inline script, style or event handler (their scripts are static
files), so the policy of ``CONTENT_SECURITY_POLICY`` allows only the site's own origin. The
Wagtail admin still relies on inline scripts and styles: under ``ADMIN_PATH_PREFIX`` the policy is
updated with ``ADMIN_CONTENT_SECURITY_POLICY_UPDATE`` (django-csp's documented extension point,
``get_policy_parts``). Wagtail's document view sets its own, stricter, policy.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_PATH_PREFIX):
            parts.update = {**settings.ADMIN_CONTENT_SECURITY_POLICY_UPDATE, **(parts.update or {})}
        return parts
