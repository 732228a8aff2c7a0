"""How numbers read in a report: Dutch notation, euros to the cent, no trailing zeros."""

from decimal import Decimal

from agreements.money import format_euro


def number(value) -> str:
    """1403, 12,5, 1.234.567 (a text such as "PM" stays as it is)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    text = f"{Decimal(value).normalize():f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if fraction else f"{sign}{whole}"


def euro(value) -> str:
    """€ 1.234,56 (a text such as "PM" stays as it is)."""
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return str(value)
    return format_euro(Decimal(value))


def percent(value) -> str:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return f"{number(Decimal(value).quantize(Decimal('0.1')))}%"
    return number(value)
