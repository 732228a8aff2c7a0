"""Whether a realised value is on course: the one status rule every page, form and report uses."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from effects.models import IndicatorDefinition

Direction = IndicatorDefinition.Direction


class Progress(models.TextChoices):
    ON_TRACK = "op_koers", _("op koers")
    ATTENTION = "aandacht", _("aandacht")
    BEHIND = "achter", _("achter")
    UNKNOWN = "onbekend", _("geen oordeel")


STATUS_RULE = _(
    "Op koers: de realisatie haalt de streefwaarde (bij 'hoger is beter' gelijk of hoger, bij 'lager "
    "is beter' en 'neemt niet toe' gelijk of lager; 'neemt niet toe' zonder streefwaarde vergelijkt "
    "met de nulmeting). Aandacht: de realisatie blijft achter, maar niet meer dan de "
    "afwijkingsdrempel van het beleidskader. Achter: de realisatie blijft meer dan de drempel achter. "
    "Geen oordeel: geen streefwaarde, geen realisatie of een indicator zonder richting."
)


def reference_value(direction: str, target: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    """What a value is measured against: the target; for "neemt niet toe" without one, the baseline."""
    if target is None and direction == Direction.NOT_HIGHER:
        return baseline
    return target


def shortfall(direction: str, reference: Decimal | None, value: Decimal | None) -> Decimal | None:
    """How far value falls short of reference, as a fraction of it (0 when on course; None: no judgement)."""
    if reference is None or value is None or direction == Direction.NONE:
        return None
    if direction == Direction.HIGHER_IS_BETTER:
        if value >= reference:
            return Decimal(0)
        return Decimal(1) if reference <= 0 else (reference - value) / reference
    # Lower is better, or does not rise.
    if value <= reference:
        return Decimal(0)
    return Decimal(1) if reference <= 0 else (value - reference) / reference


def progress_status(
    direction: str,
    value: Decimal | None,
    *,
    target: Decimal | None,
    baseline: Decimal | None = None,
    threshold_percent: Decimal,
) -> Progress:
    """Op koers / aandacht / achter for a value against its target, as written in STATUS_RULE."""
    gap = shortfall(direction, reference_value(direction, target, baseline), value)
    if gap is None:
        return Progress.UNKNOWN
    if gap == 0:
        return Progress.ON_TRACK
    if gap * 100 <= threshold_percent:
        return Progress.ATTENTION
    return Progress.BEHIND
