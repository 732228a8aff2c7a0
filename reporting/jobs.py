"""Reports made in the background (a PDF that takes more than a few seconds). Filled in by the jobs work."""

from __future__ import annotations


def enqueue_report(*, user, name: str, params: str):
    """Queue a PDF of report `name` with the selection `params` (a query string); returns the job."""
    raise NotImplementedError
