"""The versioned YAML exchange format for a whole policy framework (see docs/exchange-format.md)."""

from agreements.exchange.errors import ExchangeError, Problem
from agreements.exchange.exporter import export_framework
from agreements.exchange.importer import ImportReport, import_framework

__all__ = ["ExchangeError", "ImportReport", "Problem", "export_framework", "import_framework"]
