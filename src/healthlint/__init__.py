"""healthlint: a linter for health articles.

The pipeline is: :mod:`healthlint.document` loads and parses an input into a
Document (prose blocks, offset map, structure, metadata); rules in
:mod:`healthlint.checks` and ``rules/*.yaml`` produce findings through
:mod:`healthlint.engine`; :mod:`healthlint.formatters` turn them into reports.
"""

__version__ = "0.1.0"

from .linting import Report, lint_bytes, lint_file, lint_text

__all__ = ["Report", "__version__", "lint_bytes", "lint_file", "lint_text"]
