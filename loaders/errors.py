"""Errors a loader raises for input it cannot read as a work plan.

Every one is an input error: the file (or, for ``--strict``, its quality report) is what
to fix; nothing was written. The tree::

    LoadError                 base: the file was not loaded, nothing was written
    ├── EmptyInput            empty or whitespace-only file
    ├── BinaryInput           bytes that are not text (and not a DOCX)
    ├── UndecodableText       neither UTF-8 nor GB18030
    ├── UnsupportedFormat     an extension we do not read
    ├── NotARegularFile       a FIFO, device or socket, not a file
    ├── InputTooLarge         over POLICYKG_MAX_INPUT_MB
    ├── NotAWorkPlan          text, but not a 工作要点-style plan
    ├── TruncatedTable        an annex table cut off mid-row
    ├── MalformedRow          an annex row without a number or a name
    ├── IncompleteDocument    structurally incomplete (no items, rows missing or out of sequence)
    └── StrictModeFailure     --strict and the quality report has warnings

Content problems that still allow a faithful load go to the quality report
(:mod:`loaders.report`), not here. Every message names the file, what is wrong
and what to do next.
"""


class LoadError(Exception):
    """A file could not be loaded; nothing was written."""


class EmptyInput(LoadError):
    """The file is empty."""


class BinaryInput(LoadError):
    """The file holds binary data, not text."""


class UndecodableText(LoadError):
    """The bytes decode neither as UTF-8 nor as GB18030."""


class UnsupportedFormat(LoadError):
    """The extension is not one we read."""


class NotAWorkPlan(LoadError):
    """The text is not a work plan of the expected shape."""


class NotARegularFile(LoadError):
    """The path names a FIFO, device or socket."""


class InputTooLarge(LoadError):
    """The input is larger than POLICYKG_MAX_INPUT_MB."""


class IncompleteDocument(LoadError):
    """The plan is structurally incomplete; ``--allow-partial`` loads it anyway."""


class TruncatedTable(LoadError):
    """An annex table ends in the middle of a row."""


class StrictModeFailure(LoadError):
    """--strict was given and the quality report has warnings."""


class MalformedRow(LoadError):
    """An annex row lacks its number or its name cell."""
