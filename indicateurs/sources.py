"""Registry of computed indicator sources.

Each app declares the numbers it can compute in its own ``indicator_sources.py`` module, with the
``source`` decorator; the indicateurs app autodiscovers those modules and stores snapshots. A
source function receives a neighbourhood and a period and returns a number (or None when it
cannot be computed), and may name the list of records behind the number.

    @source("ateliers.evenements", _("Événements tenus"), unit=_("événements"))
    def evenements(quartier, debut, fin, **params):
        return Atelier.objects.filter(quartier=quartier, date__range=(debut, fin)).count()
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    compute: Callable[..., int | float | Decimal | None]
    unit: str = ""
    # Names of extra parameters the indicator must give (e.g. "question_id").
    params: tuple[str, ...] = ()
    # (quartier, debut, fin, **params) -> URL of the records behind the number, or None.
    detail_url: Callable[..., str | None] | None = None
    description: str = ""
    extra: dict = field(default_factory=dict)

    def value(self, quartier, debut: date | None, fin: date | None, **params):
        return self.compute(quartier, debut, fin, **params)


REGISTRY: dict[str, Source] = {}


def source(code: str, label, *, unit="", params=(), detail_url=None, description=""):
    """Register a computed source under ``code`` (``<app>.<name>``)."""

    def decorator(func):
        if code in REGISTRY and REGISTRY[code].compute is not func:
            raise ValueError(f"indicator source {code!r} registered twice")
        REGISTRY[code] = Source(
            code=code,
            label=label,
            compute=func,
            unit=unit,
            params=tuple(params),
            detail_url=detail_url,
            description=description,
        )
        return func

    return decorator


def get_source(code: str) -> Source:
    return REGISTRY[code]


def choices() -> list[tuple[str, str]]:
    return sorted(((code, str(src.label)) for code, src in REGISTRY.items()), key=lambda c: c[1])
