"""Login throttling (django-axes) by login and client address, and by client address alone.

Axes counts the failures of one login from one address (``AXES_FAILURE_LIMIT``, five). This
handler adds a limit across logins for one address (``LOGIN_FAILURES_PER_ADDRESS``), high
enough that a hospital whose staff share one NAT address is not locked out by a few mistakes,
low enough to stop a password-spraying run over many logins.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class LoginAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None):
        failures = super().get_failures(request, credentials)
        limit = get_failure_limit(request, credentials)
        if failures < limit and self.address_failures(request) >= (
            settings.LOGIN_FAILURES_PER_ADDRESS
        ):
            request.axes_locked_by_address = True  # the lockout page says so
            return limit
        return failures

    @staticmethod
    def address_failures(request):
        """The failures from the request's address, all logins together, within the cool-off."""
        attempts = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,
            attempt_time__gte=get_cool_off_threshold(request),
        )
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
