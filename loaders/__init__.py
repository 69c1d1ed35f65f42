"""Read work plans (txt, html, docx, pdf) into the typed document model. No database code."""

from .errors import LoadError
from .model import Document
from .read import load_file, parse_bytes
from .report import QualityReport

__all__ = ["Document", "LoadError", "QualityReport", "load_file", "parse_bytes"]
