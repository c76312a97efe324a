"""``check --watch``: lint, then lint again whenever a linted file or a settings file changes.

watchfiles (an optional extra) is imported only here. Each run is a whole ``check`` run with
the same options; a settings error is printed and the watch goes on, since the next save
may fix it. The report file named with ``-o`` is never a reason to run again (it would be
written by every run). Ctrl-C ends the watch with exit code 0.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .config import CONFIG_NAMES, ConfigError
from .discovery import own_outputs
from .document import SUPPORTED_SUFFIXES
from .engine.registry import RuleError
from .grammar.vocabulary import WORDS_FILE

SETTINGS_FILES = (*CONFIG_NAMES, WORDS_FILE, ".gitignore")  # what changes which files are linted, and how
DEBOUNCE_MS = 300  # changes within this time (an editor's save in several writes) are one run


def _roots(paths: tuple[str, ...]) -> list[Path]:
    """Folders and files to watch: those named, and the working folder for globs."""
    roots = [Path(p) for p in paths if Path(p).exists()]
    if len(roots) < len(paths):
        roots.append(Path.cwd())
    return roots


def _wanted(output: str | None):
    """Changes worth a run: to files healthlint lints or reads settings from, never to the
    run's own report (-o, or standard output and error redirected into the watched folder,
    which every run writes: watching them would lint for ever)."""
    report = Path(output).resolve() if output else None
    outputs = own_outputs()

    def wanted(change, path: str) -> bool:
        changed = Path(path)
        if report is not None and changed.resolve() == report:
            return False
        try:
            st = changed.stat()
            if (st.st_dev, st.st_ino) in outputs:
                return False
        except OSError:
            pass  # deleted: a linted file may have gone
        return changed.suffix.lower() in SUPPORTED_SUFFIXES or changed.name in SETTINGS_FILES

    return wanted


def _run_once(ctx: click.Context, command: click.Command, params: dict) -> None:
    try:
        ctx.invoke(command, **params)
    except SystemExit:
        pass  # the exit code of one run does not end the watch
    except (ConfigError, RuleError, click.ClickException) as exc:
        message = exc.format_message() if isinstance(exc, click.ClickException) else str(exc)
        click.echo(f"healthlint: error: {message}", err=True)


def watch_and_rerun(ctx: click.Context, command: click.Command, paths: tuple[str, ...], output: str | None) -> None:
    try:
        import watchfiles
    except ImportError:
        raise click.UsageError("--watch needs watchfiles: pip install 'healthlint[watch]'") from None
    params = {**ctx.params, "paths": paths, "watch": False}
    roots = _roots(paths)
    try:
        _run_once(ctx, command, params)
        click.echo("healthlint: watching for changes (Ctrl-C to stop)", err=True)
        for changes in watchfiles.watch(*roots, watch_filter=_wanted(output), debounce=DEBOUNCE_MS, raise_interrupt=False):
            names = sorted({Path(path).name for _, path in changes})
            click.echo(f"healthlint: changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}; linting again", err=True)
            _run_once(ctx, command, params)
            click.echo("healthlint: watching for changes (Ctrl-C to stop)", err=True)
    except KeyboardInterrupt:
        pass
    sys.exit(0)
