"""Turn command-line paths (files, folders, globs) into the files to lint."""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ConfigFinder, gitignore_spec
from .document import SUPPORTED_SUFFIXES
from .sanitize import path_text

if TYPE_CHECKING:
    import pathspec


@dataclass(frozen=True)
class Target:
    path: Path
    display: str
    explicit: bool  # named on the command line, so linted whatever its extension


def display_name(path: Path) -> str:
    """The name reports show: relative to the working folder where possible, and always
    valid text (a name that is not UTF-8 would make every UTF-8 report invalid)."""
    try:
        shown = path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return path_text(shown)


def _excluded(path: Path, finder: ConfigFinder) -> bool:
    config = finder.for_path(path)
    spec = config.exclude_spec
    try:
        relative = path.resolve().relative_to(config.root.resolve())
    except (ValueError, OSError, RuntimeError):  # outside the root, or a loop of links
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


def _candidate(path: Path) -> bool:
    """Named like a file healthlint reads (an .xml still has to be an export)."""
    suffix = path.suffix.lower()
    return suffix in SUPPORTED_SUFFIXES or suffix in _EXPORT_SUFFIXES


def _lintable(path: Path) -> bool:
    suffix = path.suffix.lower()
    if suffix in _EXPORT_SUFFIXES:
        from .document.wordpress import is_export_file

        return is_export_file(path)
    return suffix in SUPPORTED_SUFFIXES


def own_outputs() -> set[tuple[int, int]]:
    """(device, inode) of the files this process writes to as standard output and error."""
    out = set()
    for fd in (1, 2):
        try:
            st = os.fstat(fd)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            out.add((st.st_dev, st.st_ino))
    return out


def _empty(path: Path, outputs: set[tuple[int, int]] | None = None) -> bool:
    """Empty files found in folders or by globs are skipped: 'check . > report.txt' creates
    its own report file before healthlint runs, and an empty file has nothing to lint. So is
    a file this very run writes its output to ('>> log.txt', or --watch's second run)."""
    try:
        st = path.stat()
    except OSError:
        return False  # linting it will say what is wrong
    return st.st_size == 0 or (st.st_dev, st.st_ino) in (own_outputs() if outputs is None else outputs)


def _walk(folder: Path, finder: ConfigFinder, skipped: list[str] | None = None) -> list[Path]:
    import pathspec  # folders only: a run on named files does not load it

    root_folder = folder.resolve()
    found: list[Path] = []
    specs: list[tuple[Path, pathspec.PathSpec]] = []
    def unreadable(error: OSError) -> None:
        if skipped is not None and error.filename is not None:
            skipped.append(f"{display_name(Path(error.filename))}: skipped, cannot be read ({error.strerror or error})")

    outputs = own_outputs()
    for root, dirs, files in os.walk(folder, onerror=unreadable):
        here = Path(root)
        ignore_file = here / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
                specs.append((here, gitignore_spec(lines)))
            except OSError:
                pass
        dirs[:] = sorted(
            d for d in dirs
            if not _excluded(here / d, finder) and not _gitignored(here / d, specs, True)
        )
        for name in sorted(files):
            path = here / name
            if _candidate(path) and not _excluded(path, finder) and not _gitignored(path, specs, False):
                # Safety first: an export is recognised by reading it, and a link to /dev/zero
                # must never be read.
                if _walkable(path, root_folder, skipped) and not _empty(path, outputs) and _lintable(path):
                    found.append(path)
    return found


def _walkable(path: Path, root: Path, skipped: list[str] | None) -> bool:
    """A found file is linted only if it is a regular file inside the folder walked.

    A pull request can add a symbolic link to ``~/.ssh/id_rsa`` or ``/dev/zero``: its text
    would end up in the reports, or the read would never end. Files named on the command
    line are the user's own choice and are not held to this.
    """
    why = None
    try:
        if path.is_symlink():
            target = path.resolve(strict=True)
            if not target.is_relative_to(root):
                why = "a symbolic link to outside the folder"
        if why is None and not stat.S_ISREG(path.stat().st_mode):
            why = "not a regular file (a device, pipe or socket)"
    except (OSError, RuntimeError):  # a broken link or a loop of links
        why = "a broken symbolic link"
    if why is not None and skipped is not None:
        skipped.append(f"{display_name(path)}: skipped, {why}")
    return why is None


def discover(paths: list[str], finder: ConfigFinder, force_exclude: bool = False, skipped: list[str] | None = None) -> tuple[list[Target], list[tuple[str, str]]]:
    """Files to lint, in a stable order, and (path, message) for paths that do not exist.
    Files a walk or a glob passed over for safety are described in ``skipped``."""
    targets: list[Target] = []
    missing: list[tuple[str, str]] = []
    seen: set[Path] = set()

    def add(path: Path, explicit: bool) -> None:
        try:
            key = path.resolve()
        except (OSError, RuntimeError):  # a loop of links named on the command line: reading it will say so
            key = path.absolute()
        if key not in seen:
            seen.add(key)
            targets.append(Target(path, display_name(path), explicit))

    for raw in paths:
        path = Path(raw)
        try:
            is_dir, exists = path.is_dir(), path.exists()
        except OSError as exc:  # in a folder that cannot be searched
            missing.append((raw, f"cannot be read: {exc.strerror or exc}"))
            continue
        if is_dir:
            for found in _walk(path, finder, skipped):
                add(found, False)
        elif exists:
            if not (force_exclude and _excluded(path, finder)):
                add(path, True)
        elif glob.has_magic(raw):
            matches = sorted(glob.glob(raw, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file() and _candidate(Path(m)) and not _empty(Path(m))]
            if not files:
                missing.append((raw, "no files match this pattern"))
            base = _glob_base(raw)
            for file in files:
                if not _excluded(file, finder) and _walkable(file, base, skipped) and _lintable(file):
                    add(file, False)
        else:
            missing.append((raw, "no such file or directory"))
    return targets, missing


def _glob_base(pattern: str) -> Path:
    """The folder a glob searches: its parts before the first wildcard."""
    parts = []
    for part in Path(pattern).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return (Path(*parts) if parts else Path(".")).resolve()
