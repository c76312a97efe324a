"""Turn command-line paths (files, folders, globs) into the files to lint."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigFinder
from .document import SUPPORTED_SUFFIXES

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True)
class Target:
    path: Path
    display: str
    explicit: bool  # named on the command line, so linted whatever its extension


def _display(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _excluded(path: Path, finder: ConfigFinder) -> bool:
    config = finder.for_path(path)
    spec = config.exclude_spec
    try:
        relative = path.resolve().relative_to(config.root.resolve())
    except ValueError:
        relative = Path(path.name)
    parts = relative.parts
    # A folder pattern such as "drafts/" must exclude everything below it too.
    return any(spec.match_file("/".join(parts[: i + 1]) + ("/" if i < len(parts) - 1 else "")) for i in range(len(parts)))


def _gitignored(path: Path, specs: list[tuple[Path, pathspec.PathSpec]], is_dir: bool) -> bool:
    for base, spec in specs:
        try:
            relative = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(relative + ("/" if is_dir else "")):
            return True
    return False


# XML files in folders are linted only when they are WordPress exports (read by content).
_EXPORT_SUFFIXES = (".xml", ".wxr")


def _lintable(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in _EXPORT_SUFFIXES:
        from .document.wordpress import is_export_file

        return is_export_file(path)
    return suffix in SUPPORTED_SUFFIXES


def _walk(folder: Path, finder: ConfigFinder) -> list[Path]:
    import pathspec  # folders only: a run on named files does not load it

    found: list[Path] = []
    specs: list[tuple[Path, pathspec.PathSpec]] = []
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        ignore_file = here / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((here, pathspec.GitIgnoreSpec.from_lines(lines)))
            except OSError:
                pass
        dirs[:] = sorted(
            d for d in dirs
            if not _excluded(here / d, finder) and not _gitignored(here / d, specs, True)
        )
        for name in sorted(files):
            path = here / name
            if _lintable(path) and not _excluded(path, finder) and not _gitignored(path, specs, False):
                found.append(path)
    return found


def discover(paths: list[str], finder: ConfigFinder, force_exclude: bool = False) -> tuple[list[Target], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, message) for paths that do not exist."""
    targets: list[Target] = []
    missing: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def add(path: Path, explicit: bool) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            targets.append(Target(path, _display(path), explicit))

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in _walk(path, finder):
                add(found, False)
        elif path.exists():
            if not (force_exclude and _excluded(path, finder)):
                add(path, True)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and _lintable(Path(m))]
            if not files:
                missing.append((raw, "no files match this pattern"))
            for file in files:
                if not _excluded(file, finder):
                    add(file, False)
        else:
            missing.append((raw, "no such file or directory"))
    return targets, missing
