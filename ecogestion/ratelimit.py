"""Per-visitor rate limits for the public links (surveys, sensitive maps), kept in the cache.

The visitor's IP address is never stored: the cache key is an HMAC of it (with the secret key),
forgotten after the window. Each app keeps its own limit setting and window."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The visitor's address: REMOTE_ADDR, or behind the reverse proxy the last comma-separated
    value of ``CLIENT_IP_HEADER`` (the one the proxy wrote; earlier values can be forged)."""
    header = settings.CLIENT_IP_HEADER
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_key(request, scope: str) -> str:
    """The cache key of this visitor's counter for ``scope``; it does not contain the address."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{client_ip(request)}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def allow(request, scope: str, *, limit: int, window: int) -> bool:
    """Count one hit for this visitor in ``scope``; False once more than ``limit`` hits were
    counted in the current window of ``window`` seconds (started by the first hit)."""
    key = client_key(request, scope)
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count <= limit
