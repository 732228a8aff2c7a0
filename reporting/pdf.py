"""PDF from the same HTML the page shows, through WeasyPrint, with the fonts shipped in static/fonts."""

from __future__ import annotations

import atexit
import functools
import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from reporting.documents import ReportDocument

STATIC_DIR = Path(settings.BASE_DIR) / "static"
# How print.html names the report stylesheet (the `report` command inlines it in its place).
STYLESHEET_LINK = '<link rel="stylesheet" href="css/report.css">'


@functools.cache
def _stylesheet():
    """The report stylesheet and its fonts, read once per process: a tenth of a short PDF's time went
    to parsing them again and loading the three @font-face files for every document."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    # Let go before the interpreter tears its modules down: the configuration removes its font folder then.
    atexit.register(_stylesheet.cache_clear)
    return CSS(filename=str(STATIC_DIR / "css" / "report.css"), font_config=font_config), font_config


def print_html(document: ReportDocument) -> str:
    """The standalone print version of a report: body template plus print stylesheet and running header."""
    return render_to_string("reporting/print.html", {"document": document, **document.context})


def render_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML

    html = print_html(document).replace(STYLESHEET_LINK, "", 1)
    stylesheet, font_config = _stylesheet()
    # WeasyPrint makes millions of short-lived objects; the cyclic collector walking them (and everything
    # Django holds) took a third of a 50-page PDF. The cycles it leaves are collected after it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        # base_url: the stylesheet and fonts are read from static/ on disk; nothing comes from the network.
        # The PDF's title is the <title> of the print page.
        return HTML(string=html, base_url=f"{STATIC_DIR}/").write_pdf(
            stylesheets=[stylesheet], font_config=font_config
        )
    finally:
        if enabled:
            gc.enable()
