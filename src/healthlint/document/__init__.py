"""Load and parse inputs into a :class:`Document`: prose blocks mapped to source positions."""

from .loader import (
    SUPPORTED_SUFFIXES,
    InputError,
    decode,
    detect_format,
    load_bytes,
    load_path,
    parse,
)
from .model import Block, Directive, Document, Image, Link, Mark, ParseProblem
from .source import Position, SourceText

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Block",
    "Directive",
    "Document",
    "Image",
    "InputError",
    "Link",
    "Mark",
    "ParseProblem",
    "Position",
    "SourceText",
    "decode",
    "detect_format",
    "load_bytes",
    "load_path",
    "parse",
]
