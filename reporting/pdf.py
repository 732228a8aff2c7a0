"""PDF from the same HTML the page shows, through WeasyPrint, with the fonts shipped in static/fonts."""

from __future__ import annotations

import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from reporting.documents import ReportDocument

STATIC_DIR = Path(settings.BASE_DIR) / "static"


def print_html(document: ReportDocument) -> str:
    """The standalone print version of a report: body template plus print stylesheet and running header."""
    return render_to_string("reporting/print.html", {"document": document, **document.context})


def render_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML

    html = print_html(document)
    # WeasyPrint makes millions of short-lived objects; the cyclic collector walking them (and everything
    # Django holds) took a third of a 50-page PDF. The cycles it leaves are collected after it.
    enabled = gc.isenabled()
    gc.disable()
    try:
        # base_url: the stylesheet and fonts are read from static/ on disk; nothing comes from the network.
        # The PDF's title is the <title> of the print page.
        return HTML(string=html, base_url=f"{STATIC_DIR}/").write_pdf()
    finally:
        if enabled:
            gc.enable()
