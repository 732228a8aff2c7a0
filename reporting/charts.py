"""Small charts as inline SVG, drawn on the server: the same markup on the page and in the PDF (WeasyPrint).

A chart shows one indicator's values over periods or years against its target (a dashed line) with axis
labels, a title and a Dutch description for screen readers. No JavaScript, no chart library.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reporting.formatting import number

# Drawn at half the width of an A4 text column (two charts side by side), so letters are drawn large.
WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 46, 10, 42, 26  # margins around the plot area
PLOT_WIDTH, PLOT_HEIGHT = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
VALUE_COLOUR, TARGET_COLOUR, GRID_COLOUR, TEXT_COLOUR = "#1f5f9e", "#a4161a", "#d9d9d9", "#222"
LINE, BAR = "line", "bar"


@dataclass(frozen=True)
class Point:
    """One step on the x axis: its label, the realised value and the target (either may be missing)."""

    label: str
    value: Decimal | None = None
    target: Decimal | None = None


@dataclass(frozen=True)
class Axis:
    """The y axis: from `low` to `high` in steps of `step` (round numbers that enclose every value)."""

    low: Decimal
    high: Decimal
    step: Decimal

    @property
    def ticks(self) -> list[Decimal]:
        count = int((self.high - self.low) / self.step)
        return [self.low + self.step * index for index in range(count + 1)]

    def y(self, value: Decimal) -> float:
        """Pixel height of a value: `high` at the top of the plot, `low` at the bottom."""
        share = (self.high - value) / (self.high - self.low)
        return TOP + float(share) * PLOT_HEIGHT


def nice_step(span: Decimal, ticks: int = 3) -> Decimal:
    """A round step (1, 2, 2.5 or 5 times a power of ten) that divides `span` into about `ticks` parts."""
    rough = span / ticks
    power = Decimal(10) ** math.floor(math.log10(rough))
    for factor in (1, 2, Decimal("2.5"), 5, 10):
        if rough <= power * factor:
            return power * factor
    return power * 10  # pragma: no cover (factor 10 always fits)


def axis_for(numbers: Sequence[Decimal]) -> Axis:
    """The y axis for these numbers; it always includes zero so bars and lines are not exaggerated, and
    leaves a little room above the highest value for its label."""
    low, high = min([Decimal(0), *numbers]), max([Decimal(0), *numbers]) * Decimal("1.08")
    if high == low:
        high = low + 1
    step = nice_step(high - low)
    return Axis(
        low=(low / step).to_integral_value(rounding=ROUND_FLOOR) * step,
        high=(high / step).to_integral_value(rounding=ROUND_CEILING) * step,
        step=step,
    )


def _x(index: int, count: int) -> float:
    """Centre of the index-th of `count` equal slots along the x axis (a single point sits in the middle)."""
    return LEFT + PLOT_WIDTH * (index + 0.5) / count


def _f(value: float) -> str:
    return f"{value:.1f}"


def describe(title: str, points: Sequence[Point], unit: str = "") -> str:
    """The chart in words (Dutch), for its <title>/<desc> and aria-label."""
    suffix = f" {unit}" if unit else ""
    values = [f"{p.label}: {number(p.value)}{suffix}" for p in points if p.value is not None]
    targets = [f"{p.label}: {number(p.target)}{suffix}" for p in points if p.target is not None]
    parts = [_("Grafiek: %(title)s.") % {"title": title}]
    parts.append(
        _("Realisatie: %(values)s.") % {"values": "; ".join(values)} if values else _("Nog geen realisatie.")
    )
    if targets:
        parts.append(_("Streefwaarde (stippellijn): %(targets)s.") % {"targets": "; ".join(targets)})
    return " ".join(parts)


def chart_svg(*, title: str, points: Sequence[Point], kind: str = LINE, unit: str = "") -> SafeString:
    """An SVG chart of values against targets: a line (or bars) for the values, a dashed line for targets."""
    description = describe(title, points, unit)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(description)}" '
        'font-family="Report Sans, Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
        f'<text x="4" y="14" font-size="12" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(_shorten(title, 54))}</text>",
    ]
    numbers = [n for p in points for n in (p.value, p.target) if n is not None]
    if not numbers:
        out.append(
            f'<text x="{WIDTH / 2:.0f}" y="{TOP + PLOT_HEIGHT / 2:.0f}" text-anchor="middle" '
            f'fill="{TEXT_COLOUR}">{escape(_("Nog geen gegevens"))}</text>'
        )
        out.append("</svg>")
        return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)
    axis = axis_for(numbers)
    out.extend(_legend(any(p.target is not None for p in points)))
    out.extend(_axes(axis, points, unit))
    if kind == BAR:
        out.extend(_bars(axis, points))
    else:
        out.extend(_line(axis, points))
    out.extend(_target_line(axis, points))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 (every text above is escaped)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _legend(has_target: bool) -> list[str]:
    x = WIDTH - RIGHT - 196
    parts = [
        f'<line x1="{x}" y1="27" x2="{x + 18}" y2="27" stroke="{VALUE_COLOUR}" stroke-width="2"/>',
        f'<text x="{x + 22}" y="31" fill="{TEXT_COLOUR}">{escape(_("Realisatie"))}</text>',
    ]
    if has_target:
        parts += [
            f'<line x1="{x + 96}" y1="27" x2="{x + 114}" y2="27" stroke="{TARGET_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="5 3"/>',
            f'<text x="{x + 118}" y="31" fill="{TEXT_COLOUR}">{escape(_("Streefwaarde"))}</text>',
        ]
    return parts


def _axes(axis: Axis, points: Sequence[Point], unit: str) -> list[str]:
    parts = []
    for tick in axis.ticks:
        y = _f(axis.y(tick))
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID_COLOUR}"/>')
        parts.append(
            f'<text x="{LEFT - 5}" y="{_f(axis.y(tick) + 3)}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(number(tick))}</text>"
        )
    bottom = _f(TOP + PLOT_HEIGHT)
    parts.append(f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>')
    parts.append(
        f'<line x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>'
    )
    if unit:
        parts.append(f'<text x="4" y="31" fill="{TEXT_COLOUR}">{escape(_shorten(unit, 14))}</text>')
    # Labels thin out when there are many steps, so they never overlap.
    every = max(1, math.ceil(len(points) * 56 / PLOT_WIDTH))
    for index, point in enumerate(points):
        if index % every == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{_f(_x(index, len(points)))}" y="{HEIGHT - BOTTOM + 15}" text-anchor="middle" '
                f'fill="{TEXT_COLOUR}">{escape(_shorten(point.label, 14))}</text>'
            )
    return parts


def _value_label(x: float, y: float, value: Decimal) -> str:
    return (
        f'<text x="{_f(x)}" y="{_f(y - 5)}" text-anchor="middle" font-size="10" fill="{VALUE_COLOUR}">'
        f"{escape(number(value))}</text>"
    )


def _line(axis: Axis, points: Sequence[Point]) -> list[str]:
    """A line through consecutive values (broken where a value is missing), a dot and a label at each."""
    parts, run = [], []
    count = len(points)
    for index, point in enumerate([*points, Point("")]):
        if index < count and point.value is not None:
            run.append(f"{_f(_x(index, count))},{_f(axis.y(point.value))}")
            continue
        if len(run) > 1:
            parts.append(
                f'<polyline class="values" points="{" ".join(run)}" fill="none" '
                f'stroke="{VALUE_COLOUR}" stroke-width="2"/>'
            )
        run = []
    for index, point in enumerate(points):
        if point.value is not None:
            x, y = _x(index, count), axis.y(point.value)
            parts.append(f'<circle cx="{_f(x)}" cy="{_f(y)}" r="3" fill="{VALUE_COLOUR}"/>')
            parts.append(_value_label(x, y, point.value))
    return parts


def _bars(axis: Axis, points: Sequence[Point]) -> list[str]:
    parts = []
    count = len(points)
    width = min(40.0, PLOT_WIDTH / count * 0.6)
    zero = axis.y(max(axis.low, Decimal(0)))
    for index, point in enumerate(points):
        if point.value is None:
            continue
        x, y = _x(index, count), axis.y(point.value)
        top, height = min(y, zero), abs(zero - y)
        parts.append(
            f'<rect x="{_f(x - width / 2)}" y="{_f(top)}" width="{_f(width)}" height="{_f(height)}" '
            f'fill="{VALUE_COLOUR}"/>'
        )
        parts.append(_value_label(x, top, point.value))
    return parts


def _target_line(axis: Axis, points: Sequence[Point]) -> list[str]:
    """The target as a dashed step line: level across each step's slot, so a year target reads as a level."""
    count = len(points)
    slot = PLOT_WIDTH / count
    segments, path = [], ""
    for index, point in enumerate(points):
        if point.target is None:
            if path:
                segments.append(path)
            path = ""
            continue
        y = _f(axis.y(point.target))
        start, end = _f(_x(index, count) - slot / 2), _f(_x(index, count) + slot / 2)
        path += f"V {y} H {end} " if path else f"M {start} {y} H {end} "
    if path:
        segments.append(path)
    return [
        f'<path class="target" d="{segment.strip()}" fill="none" stroke="{TARGET_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="5 3"/>'
        for segment in segments
    ]
