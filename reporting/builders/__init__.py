"""Report builders. Each module registers its ReportSpec in reporting.documents.REPORTS on import."""

from reporting.builders import (
    jaarverslag,  # noqa: F401
    opdrachtformulier,  # noqa: F401
    prestatieplan,  # noqa: F401
    uitvoeringsplan,  # noqa: F401
)
