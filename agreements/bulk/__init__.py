"""Bulk entry of realised values through Excel: the pre-filled workbook and the checks on its upload.

One workbook per organisation and period, with the sheets Indicatoren (one row per performance
indicator), Uren (per assignment, municipality and category) and Kosten (per assignment and
municipality). Key columns tie every row to what it changes. An upload is checked row by row and
saved only when every row is valid, through the same save_report as the entry form, in one transaction.

`layout` holds the file format, `data` what one workbook shows, `workbook` writes it, `cells` reads
one cell, `reading` checks a whole upload and `saving` writes it.
"""

from agreements.bulk.cells import parse_decimal
from agreements.bulk.data import BulkData, entry_organisations, load_bulk_data
from agreements.bulk.layout import XLSX_CONTENT_TYPE
from agreements.bulk.reading import ParsedUpload, UploadError, check_xlsx_file, read_upload
from agreements.bulk.saving import SavedUpload, save_upload
from agreements.bulk.workbook import build_workbook

__all__ = [
    "XLSX_CONTENT_TYPE",
    "BulkData",
    "ParsedUpload",
    "SavedUpload",
    "UploadError",
    "build_workbook",
    "check_xlsx_file",
    "entry_organisations",
    "load_bulk_data",
    "parse_decimal",
    "read_upload",
    "save_upload",
]
