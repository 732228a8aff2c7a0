"""The file format of the bulk-entry workbook: sheets, columns and the key that ties a file to its page.

Sheet and column names are part of the format, so they stay Dutch whatever the interface language:
a file downloaded in English must read back in Dutch.
"""

from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from agreements.attachments import XLSX

XLSX_CONTENT_TYPE = XLSX.content_type

GUIDE, INDICATORS, HOURS, COSTS = "Uitleg", "Indicatoren", "Uren", "Kosten"
# Uitleg!B5 names the period and organisation the file was made for, so it cannot land in another period.
FILE_KEY_CELL = "B5"

KEY, ASSIGNMENT_KEY, MUNICIPALITY_KEY = "Sleutel", "Sleutel opdracht", "Sleutel gemeente"
ASSIGNMENT, MUNICIPALITY, STATUS = "Opdracht", "Gemeente", "Status"
INDICATOR, TYPE, TARGET, TARGET_FOR = "Indicator", "Type", "Streefwaarde", "Streefwaarde geldt voor"
VALUE, NUMERATOR, DENOMINATOR, EXPLANATION = "Waarde", "Teller", "Noemer", "Toelichting"
CATEGORY, PLANNED_HOURS, REALISED_HOURS = "Categorie", "Geplande uren", "Gerealiseerde uren"
DIRECT_COSTS, DIRECT_REVENUE = "Directe kosten", "Directe baten"


@dataclass(frozen=True)
class Column:
    name: str
    width: int


INDICATOR_COLUMNS = (
    Column(KEY, 9),
    Column(ASSIGNMENT, 30),
    Column(INDICATOR, 45),
    Column(TYPE, 34),
    Column(TARGET, 14),
    Column(TARGET_FOR, 16),
    Column(STATUS, 16),
    Column(VALUE, 16),
    Column(NUMERATOR, 10),
    Column(DENOMINATOR, 10),
    Column(EXPLANATION, 60),
)
HOURS_COLUMNS = (
    Column(ASSIGNMENT_KEY, 9),
    Column(MUNICIPALITY_KEY, 9),
    Column(ASSIGNMENT, 30),
    Column(MUNICIPALITY, 22),
    Column(CATEGORY, 24),
    Column(PLANNED_HOURS, 14),
    Column(STATUS, 16),
    Column(REALISED_HOURS, 18),
)
COST_COLUMNS = (
    Column(ASSIGNMENT_KEY, 9),
    Column(MUNICIPALITY_KEY, 9),
    Column(ASSIGNMENT, 30),
    Column(MUNICIPALITY, 22),
    Column(STATUS, 16),
    Column(DIRECT_COSTS, 16),
    Column(DIRECT_REVENUE, 16),
)


def letter(columns: tuple[Column, ...], name: str) -> str:
    """The spreadsheet letter of a column, e.g. H for Waarde on the Indicatoren sheet."""
    return get_column_letter([column.name for column in columns].index(name) + 1)
