"""Report builders. Each module registers its ReportSpec in reporting.documents.REPORTS on import."""
