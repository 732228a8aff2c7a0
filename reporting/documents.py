"""A built report: what every format (HTML page, PDF, XLSX, CSV) is made from."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.text import slugify

from reporting.tables import DataTable


@dataclass
class ReportDocument:
    """One report ready to render. `template` is the body, shared by the HTML page and the PDF."""

    name: str  # registry key: "opdrachtformulier", "prestatieplan", ...
    running_title: str  # the report's name in the running header ("Opdrachtformulier")
    title: str
    template: str
    context: dict = field(default_factory=dict)
    tables: list[DataTable] = field(default_factory=list)
    municipality: str = ""
    framework: str = ""
    subtitle: str = ""
    printed_at: datetime.datetime = field(default_factory=timezone.localtime)

    def filename(self, extension: str) -> str:
        stem = slugify(f"{self.running_title} {self.subtitle or self.title}")[:90] or self.name
        return f"{stem}.{extension}"

    def table(self, slug: str) -> DataTable | None:
        return next((table for table in self.tables if table.slug == slug), None)


@dataclass(frozen=True)
class ReportSpec:
    """A report the application offers: its selection form, its builder and who may have it.

    build(user, cleaned_data) returns a ReportDocument; it reads through the user's scoped selectors,
    so a framework, effect or organisation the user may not see raises DoesNotExist (404).
    """

    name: str
    label: str
    description: str
    form_class: type[forms.Form]
    build: Callable[..., ReportDocument]
    # Organisation users may have this report (of their own organisation only; the form limits it).
    for_organisations: bool = False
    # Whether a PDF of this selection takes long enough (about two seconds or more) to make in the background.
    is_large: Callable[[dict], bool] = lambda cleaned: False
    # Whether this selection is too long to read as one web page: the page then lists the framework's
    # effects to open one by one (the form's `effect` field), next to the downloads of the whole report.
    by_effect_on_page: Callable[[dict], bool] = lambda cleaned: False


REPORTS: dict[str, ReportSpec] = {}


def register(spec: ReportSpec) -> ReportSpec:
    REPORTS[spec.name] = spec
    return spec
