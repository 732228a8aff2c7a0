"""Who may have which report: municipal staff and aldermen all of them, organisation users some."""

from __future__ import annotations

from partners.permissions import access_for
from reporting.documents import REPORTS, ReportSpec


def available_reports(user) -> list[ReportSpec]:
    """The reports this user may ask for. What is in them is scoped further by the builders' selectors."""
    access = access_for(user)
    if access.is_municipal:
        return list(REPORTS.values())
    if access.is_organisation_user:
        return [spec for spec in REPORTS.values() if spec.for_organisations]
    return []
