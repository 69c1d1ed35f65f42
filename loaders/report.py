"""The quality report: what a parse found, and every content problem with its source.

Content problems never raise; they are collected here so that ``--dry-run``
can show them and ``--strict`` can fail on them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    level: str  # "warning" or "info"
    code: str  # e.g. header-count-mismatch
    message: str
    line: int | None = None


@dataclass
class QualityReport:
    document: str
    findings: list[Finding] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def warn(self, code: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding("warning", code, message, line))

    def info(self, code: str, message: str, line: int | None = None) -> None:
        self.findings.append(Finding("info", code, message, line))

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.level == "warning"]

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document,
            "stats": self.stats,
            "findings": [f.__dict__ for f in self.findings],
        }

    def render(self) -> str:
        """Plain text, one fact per line, for the terminal."""
        lines = [f"Quality report: {self.document}"]
        for key, value in self.stats.items():
            if isinstance(value, dict):
                lines.append(f"  {key}:")
                for k, v in value.items():
                    lines.append(f"    {k}: {v}")
            elif isinstance(value, list):
                lines.append(f"  {key} ({len(value)}): {'、'.join(map(str, value))}")
            else:
                lines.append(f"  {key}: {value}")
        if self.findings:
            lines.append("  findings:")
            for f in self.findings:
                where = f" (line {f.line})" if f.line else ""
                lines.append(f"    [{f.level}] {f.code}{where}: {f.message}")
        else:
            lines.append("  findings: none")
        return "\n".join(lines)
