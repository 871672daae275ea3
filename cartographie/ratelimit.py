"""Per-visitor rate limit for the public links, kept in the cache. The visitor's IP address is
never stored: the key is a keyed hash of it (with the secret key), forgotten after the window."""

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 10 * 60


def _client_ip(request) -> str:
    # Behind the reverse proxy, Django sees the proxy; settings may name the trusted header.
    header = getattr(settings, "CARTOGRAPHIE_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{scope}:{_client_ip(request)}".encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"cartographie:rl:{digest}"


def allow(request, scope: str, *, limit: int | None = None) -> bool:
    """Count one hit for this visitor; False once the limit of the window is reached."""
    key = _key(request, scope)
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    # A workshop puts many phones behind one Wi-Fi address: the limit allows a room, not a robot.
    return count <= (limit or settings.CARTOGRAPHIE_NOTES_PAR_IP)
