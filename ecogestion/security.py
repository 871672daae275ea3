"""Security headers that Django's SecurityMiddleware does not set: Content-Security-Policy with a
per-request nonce, and Permissions-Policy.

Scripts run only from our own origin or with the request's nonce (``request.csp_nonce``, also
``{{ csp_nonce }}`` in templates); there is no 'unsafe-inline' for scripts. Styles come from our
own files only: Leaflet positions tiles and markers through the CSSOM (``element.style``), which
a CSP does not restrict, so it needs nothing more. Images: our origin, ``data:`` (Leaflet's and
the admin's icons) and the tile host taken from ``MAP_TILES_URL``.
"""

import secrets
from urllib.parse import urlsplit

from django.conf import settings

PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


def tile_source(tiles_url: str) -> str:
    """The CSP source for a Leaflet tile URL template: ``https://{s}.tile.example.org/{z}/…``
    gives ``https://*.tile.example.org``; a relative URL (tiles served by us) gives ''."""
    parts = urlsplit(tiles_url)
    if not parts.netloc:
        return ""
    host = parts.netloc
    if "{" in host:
        # A subdomain placeholder ({s}, {a-c}…) becomes a wildcard for the whole label.
        labels = host.split(".")
        host = ".".join("*" if "{" in label else label for label in labels)
    scheme = parts.scheme or "https"
    return f"{scheme}://{host}"


def build_policy(nonce: str) -> str:
    img = ["'self'", "data:"]
    tiles = tile_source(getattr(settings, "MAP_TILES_URL", ""))
    if tiles:
        img.append(tiles)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", f"'nonce-{nonce}'"],
        "style-src": ["'self'"],
        "img-src": img,
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    extra = getattr(settings, "CSP_REPORT_URI", "")
    if extra:
        directives["report-uri"] = [extra]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


class ContentSecurityPolicyMiddleware:
    """Sets ``request.csp_nonce`` and the Content-Security-Policy header on every response.

    A view that needs another policy (none does today) may set the header itself; it is kept.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = secrets.token_urlsafe(18)
        response = self.get_response(request)
        header = (
            "Content-Security-Policy-Report-Only"
            if getattr(settings, "CSP_REPORT_ONLY", False)
            else "Content-Security-Policy"
        )
        if "Content-Security-Policy" not in response:
            response[header] = build_policy(request.csp_nonce)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


def csp_context(request):
    """``{{ csp_nonce }}`` in every template. django-leaflet's ``{% leaflet_map %}`` and its form
    widget read a ``csp_nonce`` variable for their inline script (``nonce="None"`` without it)."""
    return {"csp_nonce": getattr(request, "csp_nonce", "")}
