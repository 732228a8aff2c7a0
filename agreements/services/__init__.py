"""Writes of the agreements app that touch several rows or carry a business rule, each in one transaction."""

from agreements.services.attachments import add_attachment, remove_attachment
from agreements.services.plan import start_amendment, transition_agreement
from agreements.services.reports import (
    EnteredValue,
    ReportInput,
    SubmissionRefused,
    approve_report,
    comment_on_report,
    reopen_report,
    return_report,
    save_report,
    set_period_closed,
    submission_problems,
    submit_report,
)

__all__ = [
    "EnteredValue",
    "ReportInput",
    "SubmissionRefused",
    "add_attachment",
    "approve_report",
    "comment_on_report",
    "remove_attachment",
    "reopen_report",
    "return_report",
    "save_report",
    "set_period_closed",
    "start_amendment",
    "submission_problems",
    "submit_report",
    "transition_agreement",
]
