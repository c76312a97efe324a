"""Load and parse inputs into a :class:`Document`: prose blocks mapped to source positions."""

from .loader import InputError, SUPPORTED_SUFFIXES, decode, detect_format, load_bytes, load_path, parse
from .model import Block, Directive, Document, Image, Link, Mark, ParseProblem
from .source import Position, SourceText

__all__ = [
    "Block", "Directive", "Document", "Image", "InputError", "Link", "Mark", "ParseProblem",
    "Position", "SUPPORTED_SUFFIXES", "SourceText", "decode", "detect_format", "load_bytes", "load_path", "parse",
]
