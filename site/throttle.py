"""Limits on the requests that send an e-mail to an address typed by the visitor (password
reset, new confirmation link, registration with a known address): per address and per client
IP, counted in the cache over a window (an hour) that starts with the first request.

The caller answers the same whether the request was throttled or not, so the limit tells
nothing about the address. The cache is an accelerator: when it is unreachable the throttle
lets everything through (fails open) and logs it, rather than breaking the page.
"""

import hashlib
import logging

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _key(scope, kind, value):
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no address kept in the cache
    return f"throttle:{scope}:{kind}:{digest}"


def _count(key, window):
    """Add one to ``key``'s counter (created for ``window`` seconds); returns the new count."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=window)
        return 1
    if count is None:  # django-redis ignores an unreachable server: nothing was counted
        raise ConnectionError("the cache is unreachable")
    return count


def allow(scope, request, address):
    """Whether one more e-mail for ``address`` may be sent from this request's client.

    Every call counts, allowed or not: a client that keeps trying stays throttled.
    """
    limits = settings.EMAIL_THROTTLE
    window = limits["window"]
    address = (address or "").strip().lower()
    ip = get_client_ip_address(request) or "unknown"
    try:
        per_address = _count(_key(scope, "address", address), window)
        per_ip = _count(_key(scope, "ip", ip), window)
    except Exception:  # noqa: BLE001 — any cache failure (Redis down…): fail open
        logger.warning("E-mail throttle %s skipped: the cache is unreachable", scope, exc_info=True)
        return True
    allowed = per_address <= limits["per_address"] and per_ip <= limits["per_ip"]
    if not allowed:
        logger.info("E-mail throttle %s: request from %s refused", scope, ip)
    return allowed
