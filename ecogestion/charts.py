"""Server-rendered SVG charts (no JavaScript, no CDN), usable in pages and in WeasyPrint PDFs.

Every chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``; pages should also offer
the numbers as a table. Labels are escaped here: residents' words may reach a chart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#1d6b3a", "#2f5fa7", "#b5542d", "#7a4b9c", "#8a6d00", "#1f7a80", "#a4161a", "#4d5550"]
INK = "#1c1f1d"
MUTED = "#4d5550"
GRID = "#c9d1cc"


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """French number formatting ("1 234,5"), for labels inside charts."""
    if value is None:
        return "—"
    # number_format truncates extra decimals (42.857 -> "42,8"): round half up first.
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def fmt_percent(value: float | None, decimals: int = 1) -> str:
    """French percentage ("93,1 %" with a non-breaking space)."""
    if value is None:
        return "—"
    return f"{fmt_number(value, decimals)}\u00a0%"


def _svg(width: int, height: int, title: str, desc: str, body: list[str]) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" class="chart" font-family="DejaVu Sans, sans-serif" '
        f'font-size="13"><title>{escape(title)}</title><desc>{escape(desc)}</desc>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped above


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Average advance of a DejaVu Sans character at 13 px (its capitals and "m" are wider): enough
# to keep a right-aligned label inside the space left of the bars instead of clipped at x=0.
CHAR_WIDTH = 7.4


def _fits(width: float) -> int:
    """How many characters of a 13 px label fit in ``width`` pixels."""
    return max(4, int(width / CHAR_WIDTH))


def _tick_label(value: float, value_label: Callable[[float | int | None], str], span: float):
    # Ticks of a small range fall between integers (0 – 0,5 – 1): show the decimal, never
    # "0 – 1 – 1". ``value_label`` keeps its own format for whole numbers.
    if value == int(value) or span >= 10:
        return value_label(value)
    return fmt_number(value, 1)


def hbar_chart(
    items: Sequence[tuple[str, float | int | None]],
    *,
    title: str,
    max_value: float | None = None,
    value_label: Callable[[float | int | None], str] = fmt_number,
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 220,
    color: str = PALETTE[0],
) -> SafeString:
    """Horizontal bars, one per (label, value); ``value_label`` formats the number at the end."""
    gap = 8
    height = max(1, len(items)) * (bar_height + gap) + gap
    top = max([v or 0 for _, v in items] + [max_value or 0, 1])
    plot = width - label_width - 90
    body = []
    for index, (label, value) in enumerate(items):
        y = gap + index * (bar_height + gap)
        length = 0 if not value else max(1.0, plot * float(value) / float(top))
        body.append(
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'fill="{INK}">{escape(_truncate(str(label), _fits(label_width - 8)))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{color}" rx="2"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'fill="{INK}">{escape(value_label(value))}</text>'
        )
    desc = "; ".join(f"{label} : {value_label(value)}" for label, value in items)
    return _svg(width, height, title, desc, body)


def line_chart(
    series: Sequence[dict],
    *,
    title: str,
    x_labels: Sequence[str],
    target: float | None = None,
    value_label: Callable[[float | int | None], str] = fmt_number,
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Lines over shared x labels. ``series``: [{"label": str, "values": [number|None, ...]}].
    The legend is drawn for two series or more (one series is named by the chart's title)."""
    legend = len(series) > 1
    left, right, top_pad, bottom = 60, 20, 20, 50 if legend else 30
    values = [v for s in series for v in s["values"] if v is not None]
    if target is not None:
        values.append(target)
    vmax = max(values + [1])
    vmin = min(values + [0])
    span = (vmax - vmin) or 1
    plot_w, plot_h = width - left - right, height - top_pad - bottom
    n = max(len(x_labels), 1)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top_pad + plot_h * (1 - (v - vmin) / span)

    body = [
        f'<line x1="{left}" y1="{top_pad + plot_h}" x2="{width - right}" y2="{top_pad + plot_h}" stroke="{GRID}"/>'
    ]
    for tick in (vmin, vmin + span / 2, vmax):
        body.append(
            f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" fill="{MUTED}">'
            f"{escape(_tick_label(tick, value_label, span))}</text>"
            f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" stroke="{GRID}" stroke-dasharray="2 3"/>'
        )
    # About 38 px per label ("sept.", "2026"): a narrow chart shows every other one.
    step = max(1, math.ceil(n * 38 / plot_w), n // 8)
    for i, label in enumerate(x_labels):
        if i % step == 0:
            body.append(
                f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="{MUTED}">'
                f"{escape(_truncate(str(label), 12))}</text>"
            )
    if target is not None:
        body.append(
            f'<line x1="{left}" y1="{y(target):.1f}" x2="{width - right}" y2="{y(target):.1f}" '
            f'stroke="{PALETTE[2]}" stroke-width="2" stroke-dasharray="6 4"/>'
            f'<text x="{width - right}" y="{y(target) - 5:.1f}" text-anchor="end" fill="{PALETTE[2]}">'
            f"cible {escape(value_label(target))}</text>"
        )
    for index, serie in enumerate(series):
        color = PALETTE[index % len(PALETTE)]
        points = [(x(i), y(v)) for i, v in enumerate(serie["values"]) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>'
            )
        for px, py in points:
            body.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{color}"/>')
        if not legend:
            continue
        body.append(
            f'<rect x="{left + index * 150}" y="{height - 18}" width="12" height="12" fill="{color}"/>'
            f'<text x="{left + index * 150 + 16}" y="{height - 8}" fill="{INK}">'
            f"{escape(_truncate(str(serie['label']), 18))}</text>"
        )
    desc = "; ".join(
        f"{s['label']} : "
        + ", ".join(
            f"{lbl} {value_label(v)}" for lbl, v in zip(x_labels, s["values"], strict=False)
        )
        for s in series
    )
    return _svg(width, height, title, desc, body)


def progress_bar(
    percent: float | None,
    *,
    title: str,
    width: int = 240,
    height: int = 18,
    color: str = PALETTE[0],
) -> SafeString:
    """A 0–100 % bar (values above 100 are drawn full) with the figure written beside it."""
    shown = max(0.0, min(100.0, percent or 0.0))
    bar_w = width - 70
    body = [
        f'<rect x="0" y="0" width="{bar_w}" height="{height}" fill="#eceeed" rx="3"/>',
        f'<rect x="0" y="0" width="{bar_w * shown / 100:.1f}" height="{height}" fill="{color}" rx="3"/>',
        f'<text x="{bar_w + 8}" y="{height - 4}" fill="{INK}">{escape(fmt_percent(percent, 0))}</text>',
    ]
    return _svg(width, height, title, fmt_percent(percent, 0), body)


def histogram_chart(
    bins: Sequence[tuple[str, int]],
    *,
    title: str,
    height: int = 200,
    color: str = PALETTE[1],
) -> SafeString:
    """Vertical bars for a distribution (a rating scale's points or a number's bins).

    As wide as its container (no viewBox: bar positions are percentages, text keeps its size),
    so eleven points of a 0–10 scale stay legible on a phone.
    """
    top_pad, bottom = 22, 26
    plot_h = height - top_pad - bottom
    n = max(len(bins), 1)
    slot = 100 / n
    top = max([count for _, count in bins] + [1])
    body = [
        f'<line x1="0" y1="{top_pad + plot_h}" x2="100%" y2="{top_pad + plot_h}" stroke="{GRID}"/>'
    ]
    for index, (label, count) in enumerate(bins):
        bar_h = plot_h * count / top
        y = top_pad + plot_h - bar_h
        centre = slot * (index + 0.5)
        body.append(
            f'<rect x="{slot * (index + 0.15):.3f}%" y="{y:.1f}" width="{slot * 0.7:.3f}%" '
            f'height="{bar_h:.1f}" fill="{color}" rx="2"/>'
            f'<text x="{centre:.3f}%" y="{y - 5:.1f}" text-anchor="middle" fill="{INK}">'
            f"{escape(fmt_number(count))}</text>"
            f'<text x="{centre:.3f}%" y="{height - 8}" text-anchor="middle" fill="{MUTED}">'
            f"{escape(_truncate(str(label), 14))}</text>"
        )
    desc = "; ".join(f"{label} : {fmt_number(count)}" for label, count in bins)
    return _fluid_svg(height, title, desc, body)


def _fluid_svg(height: int, title: str, desc: str, body: list[str]) -> SafeString:
    """An SVG as wide as its container: no viewBox, so x and widths given in % stretch while
    text keeps its size (unlike ``_svg``, which scales everything, text included)."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="100%" height="{height}" '
        f'class="chart chart--fluid" font-family="DejaVu Sans, sans-serif" font-size="13">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
    )
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every text is escaped above


def _wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Break ``text`` into lines of at most ``width`` characters (by words), the last one
    shortened with "…" when it does not fit in ``max_lines``."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _truncate(lines[-1] + " …", width)
    return [_truncate(line, width) for line in lines] or [""]


def fluid_bar_chart(
    items: Sequence[tuple[str, float | int | None, str]],
    *,
    title: str,
    max_value: float | None = None,
    wrap: int = 40,
    color: str = PALETTE[0],
) -> SafeString:
    """Horizontal bars for answers with long labels, readable on a phone as on a desktop.

    ``items``: (label, value, short text written after the bar, e.g. "37,5 %"). Each label is
    written in full above its bar (wrapped), never clipped; each bar lies on a grey track of
    the full scale. The drawing has no viewBox: it is as wide as its
    container, bar lengths are percentages of that width and text keeps its 13 px size, so a
    375 px phone does not shrink it to an unreadable scale.
    """
    line_height, bar_height, gap = 16, 16, 12
    span = 78.0  # % of the width for a full bar; the rest holds the text after the bar
    top = max([v or 0 for _l, v, _t in items] + [max_value or 0]) or 1
    body = []
    y = 0
    for label, value, text in items:
        for line in _wrap(str(label), wrap):
            y += line_height
            body.append(f'<text x="0" y="{y - 4}" fill="{INK}">{escape(line)}</text>')
        y += 2
        length = span * float(value or 0) / float(top)
        body.append(
            f'<rect x="0" y="{y}" width="{span}%" height="{bar_height}" fill="#eceeed" rx="2"/>'
            f'<rect x="0" y="{y}" width="{length:.2f}%" height="{bar_height}" fill="{color}" '
            f'rx="2"/><text x="{span}%" dx="6" y="{y + bar_height - 3}" fill="{INK}">'
            f"{escape(text)}</text>"
        )
        y += bar_height + gap
    desc = "; ".join(f"{label} : {text}" for label, _v, text in items)
    return _fluid_svg(max(y, 1), title, desc, body)
