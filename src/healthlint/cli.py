"""The ``healthlint`` command: check, rules, explain.

Exit codes: 0 when nothing is at or above ``--fail-on`` (and every file scores at least
``--min-score``); 1 when something is (or a file scores lower); 2 for a
usage or configuration error, or when any input could not be read (the other inputs
are still linted and reported).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from . import __version__
from .config import AUDIENCES, DIALECTS, FAIL_ON, Config, ConfigError, ConfigFinder
from .discovery import display_name
from .document.loader import MIB, too_large
from .engine.registry import RuleError, all_rules, find_rule
from .engine.runner import FileResult
from .engine.selection import is_known
from .formatters import FORMATTERS
from .linting import Report, lint_bytes, lint_file
from .sanitize import escaped, path_text


def _split(values: tuple[str, ...]) -> tuple[str, ...] | None:
    if not values:
        return None
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _check_selectors(option: str, selectors: tuple[str, ...] | None) -> None:
    rules = all_rules()
    for selector in selectors or ():
        if not is_known(selector, rules):
            from .config import rule_names, did_you_mean

            raise click.UsageError(f"{option}: unknown rule or category '{selector}'{did_you_mean(selector, rule_names())} (see 'healthlint rules')")


class _Command(click.Group):
    """Report configuration and rule-pack errors as messages with exit 2, never tracebacks."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ConfigError, RuleError) as exc:
            click.echo(f"healthlint: error: {_visible(str(exc))}", err=True)
            ctx.exit(2)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug: one line and exit 2 (1 means findings), never a traceback
            if os.environ.get("HEALTHLINT_DEBUG"):
                raise
            click.echo(f"healthlint: internal error: {type(exc).__name__}: {_visible(str(exc))} (set HEALTHLINT_DEBUG=1 for a traceback)", err=True)
            ctx.exit(2)


@click.group(cls=_Command, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="healthlint")
def main() -> None:
    """healthlint: a linter for health articles in text, Markdown, HTML, Word and WordPress exports."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "--output-format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text", show_default=True, help="Report format (--output-format is ruff's name for it).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to this file instead of standard output.")
@click.option("--select", multiple=True, help="Only these rules: codes, code prefixes, names or categories (comma-separated).")
@click.option("--extend-select", multiple=True, help="Add these rules to the selection.")
@click.option("--ignore", multiple=True, help="Leave these rules out.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None, help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Use this settings file instead of searching for one.")
@click.option("--isolated", is_flag=True, help="Ignore all settings files.")
@click.option("--stdin-filename", help="Name (and so format) of the text read from '-'.")
@click.option("--force-exclude", is_flag=True, help="Apply excludes to files named on the command line too.")
@click.option("--color/--no-color", default=None, help="Colour the text report, also in a pipe [default: on a terminal, unless NO_COLOR is set; FORCE_COLOR forces it].")
@click.option("--audience", type=click.Choice(sorted(AUDIENCES)), default=None, help="Readers and target grade: patient (8), patient-strict (6), professional (no readability rules) [default: patient, or front matter 'audience:'].")
@click.option("--keyphrase", default=None, help="Focus keyphrase for the SEO checks [default: front matter 'keyphrase:'].")
@click.option("--dialect", type=click.Choice(DIALECTS, case_sensitive=False), default=None, help="The English whose spellings count as words, for Harper and the spelling rule [default: 'dialect' in settings, else american].")
@click.option("--fix", is_flag=True, help="Apply safe fixes (unit spacing and symbols, decimal zeros, doubled words) to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, also apply fixes that may change meaning (affect -> effect).")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False, path_type=Path), help="Report only findings not recorded in this baseline (see 'healthlint baseline create').")
@click.option("--statistics", is_flag=True, help="End the text report with the number of findings per rule.")
@click.option("--show-keywords", is_flag=True, help="Show each file's top terms with counts and density in the text report.")
@click.option("--languagetool-url", default=None, envvar="HEALTHLINT_LANGUAGETOOL_URL", help="Also check grammar with the LanguageTool server at this URL (needs the 'languagetool' extra). A config file in the linted tree cannot set this.")
@click.option("--diff", "show_diff", is_flag=True, help="Show the changes --fix would make as a unified diff, without writing them; exit 1 if there are any.")
@click.option("--min-score", type=click.IntRange(0, 100), default=None, help="Exit 1 when any file's article score (0-100) is below this [default: 'min-score' in settings, else off].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Lint files in this many processes [default: the number of cores].")
@click.option("--no-cache", is_flag=True, help="Lint every file and parse the rule packs anew: no result cache, no parsed-pack cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Keep the parsed-pack and result caches here [default: $HEALTHLINT_CACHE_DIR, else ~/.cache/healthlint].")
@click.option("--max-file-size", type=click.FloatRange(0, 1024, min_open=True), default=None, help="Largest file to lint, in MiB; a larger one is an error for that file [default: 'max-file-size' in settings, else 10].")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above --fail-on or a score is low (2 still means an error).")
@click.option("--quiet", "-q", is_flag=True, help="Print the findings only: no metrics, summary or notes.")
@click.option("--show-fixes", is_flag=True, help="With --fix or --diff, list every fix applied (or that would be).")
@click.option("--watch", is_flag=True, help="Lint again whenever a linted file or settings file changes (needs the 'watch' extra: watchfiles).")
@click.option("--scheduler", default=None, metavar="tcp://HOST:PORT", help="Lint the files as tasks on this Dask scheduler's workers, which read them from a shared filesystem (needs the 'dask' extra).")
@click.option("--scheduler-timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True, help="Seconds to wait for the Dask scheduler before giving up (exit 2).")
@click.pass_context
def check(ctx, paths, output_format, output, select, extend_select, ignore, fail_on, config_path, isolated, stdin_filename, force_exclude, color, audience, keyphrase, fix, unsafe_fixes, baseline_path, statistics, show_keywords, languagetool_url, show_diff, min_score, jobs, no_cache, cache_dir, max_file_size, exit_zero, quiet, show_fixes, watch, scheduler, scheduler_timeout, dialect):
    """Lint PATHS: files, folders (searched for .txt, .md, .markdown, .html, .htm, .docx and WordPress exports), globs, or '-' for standard input. With no PATHS, the current folder (as ruff)."""
    paths = paths or (".",)
    if watch:
        if "-" in paths:
            raise click.UsageError("--watch needs file or folder names, not standard input")
        from .watching import watch_and_rerun

        watch_and_rerun(ctx, check, paths, output)
        return
    if statistics and output_format not in STATISTICS_FORMATS:
        raise click.UsageError(f"--statistics works with --format {', '.join(STATISTICS_FORMATS)}, not {output_format}")
    _cache_settings(no_cache, cache_dir)
    select, extend_select, ignore = _split(select), _split(extend_select), _split(ignore)
    if languagetool_url and not languagetool_url.startswith(("http://", "https://")):
        raise click.UsageError("--languagetool-url must be an http:// or https:// URL")
    for option, value in (("--select", select), ("--extend-select", extend_select), ("--ignore", ignore)):
        _check_selectors(option, value)
    known = _read_baseline(baseline_path)  # before linting: a bad baseline fails fast
    finder = ConfigFinder(config_path, isolated)
    from .discovery import discover

    file_paths = [p for p in paths if p != "-"]
    skipped: list[str] = []
    targets, missing = discover(file_paths, finder, force_exclude, skipped)
    for note in skipped:
        click.echo(f"healthlint: warning: {_visible(note)}", err=True)
    report = Report()
    gate_of: dict[int, Config] = {}  # each file's own settings decide its fail-on and min-score

    def configure(path: Path):
        config = finder.for_path(path)
        overrides = {"select": select, "fail_on": fail_on, "audience": audience, "keyphrase": keyphrase, "languagetool_url": languagetool_url, "max_file_size": max_file_size, "dialect": dialect}
        given = {name for name in ("audience", "keyphrase", "dialect") if overrides[name]}
        if given:
            overrides["from_cli"] = frozenset(given)
        if extend_select:
            overrides["extend_select"] = (*config.extend_select, *extend_select)
        if ignore:
            overrides["ignore"] = (*config.ignore, *ignore)
        return config.with_overrides(**overrides)

    with_view = output_format == "html"
    if (fix or show_diff) and "-" in paths:
        raise click.UsageError("--fix and --diff need file names; they cannot rewrite standard input")
    if "-" in paths:
        name = stdin_filename or "-"
        stdin_config = configure(Path(name).absolute())
        limit = int(stdin_config.max_file_size * MIB)
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            report.files.append(FileResult(path=path_text(name), format=None, errors=[{"kind": "input", "message": too_large(limit)}]))
            gate_of[id(report.files[-1])] = stdin_config
        else:
            for shown in lint_bytes(data, name, stdin_config, with_view=with_view).reported():
                report.files.append(shown)
                gate_of[id(shown)] = stdin_config
    from .parallel import Job, default_workers, lint_many, run_job, tune_gc, worker_count

    tune_gc()  # before workers fork: they start with the rules already frozen

    from .result_cache import ResultCache, max_cache_bytes

    cache = None if no_cache or not max_cache_bytes() else ResultCache.under(cache_dir.absolute() if cache_dir else None)
    job_list = [Job(t.path, configure(t.path), t.display, with_view, cache) for t in targets]
    applied = _applied_configs([job.config for job in job_list])
    report.configs = [display_name(config.path) for config in applied]
    for warning in [*dict.fromkeys(finder.warnings), *_gate_warnings(applied, config_path, fail_on)]:
        click.echo(f"healthlint: warning: {_visible(warning)}", err=True)
    workers = jobs or default_workers()
    if scheduler:
        from .distributed import SchedulerUnavailable, connect, lint_on_cluster

        try:
            client = connect(scheduler, scheduler_timeout)
        except SchedulerUnavailable as exc:
            click.echo(f"healthlint: error: {_visible(str(exc))}", err=True)
            sys.exit(2)
        results = lambda advance: lint_on_cluster(client, job_list, advance)  # noqa: E731
    else:
        from .parallel import cached_results

        served, to_lint = cached_results(job_list)  # before any worker or engine starts
        misses = [job for index, job in enumerate(job_list) if index not in served]
        if misses and worker_count(len(misses), workers) <= 1:
            _warm_up_grammar(misses[0].config)
        results = lambda advance: lint_many(to_lint, workers, advance, served)  # noqa: E731
    diffs: list[str] = []
    # A JSON report whose results nothing changes after linting (no baseline, no fixes)
    # is encoded file by file as results arrive.
    encode_as_we_go = output_format == "json" and baseline_path is None and not fix and not show_diff
    if encode_as_we_go:
        from .formatters.json_format import file_json
    with _progress(len(job_list)) as advance:
        for job, result in zip(job_list, results(advance)):
            unwritable = None
            if (fix or show_diff) and not result.errors:
                from .fixes import read_only

                unwritable = read_only(result, unsafe_fixes)
            if unwritable:
                click.echo(f"healthlint: {_visible(job.display)}: {unwritable}", err=True)
            elif show_diff and not result.errors:
                from .fixes import diff_fixes

                diff, outcome, problem = diff_fixes(job.path, result, job.config, unsafe_fixes)
                if problem:
                    result.errors.append({"kind": "input", "message": problem})
                diffs.append(diff)
                _report_fixes(job.display, outcome, show_fixes, "would apply", quiet)
            elif fix and not result.errors:
                from .fixes import apply_fixes

                outcome, problem = apply_fixes(job.path, result, job.config, unsafe_fixes)
                if problem:
                    result.errors.append({"kind": "input", "message": problem})
                elif outcome and outcome.applied:
                    _report_fixes(job.display, outcome, show_fixes, "applied", quiet)
                    result = run_job(job)  # report what is left (and cache it)
            for shown in result.reported():  # a WordPress export: one result per post
                report.files.append(shown)
                gate_of[id(shown)] = job.config
                if encode_as_we_go:
                    report.encoded[id(shown)] = file_json(shown)  # while the workers lint the rest
    if cache is not None and not scheduler and len(served) < len(job_list):
        cache.prune()  # after a run that wrote entries: least recently used go
    for raw, message in missing:
        report.files.append(FileResult(path=path_text(raw), format=None, errors=[{"kind": "input", "message": message}]))

    if known is not None:
        from .baseline import filter_new

        hidden = sum(filter_new(result, known) for result in report.files)
        if not quiet:
            click.echo(f"healthlint: {hidden} finding(s) already in the baseline were not reported", err=True)

    for result in report.files:
        for error in result.errors:
            click.echo(f"healthlint: {_visible(result.path)}: {_visible(error['message'])}", err=True)

    if show_diff:
        click.echo("".join(diffs), nl=False)
        changed = sum(1 for d in diffs if d)
        click.echo(f"healthlint: {changed} file(s) would be changed by --fix" + (" --unsafe-fixes" if unsafe_fixes else ""), err=True)
        sys.exit(2 if any(r.errors for r in report.files) else 1 if changed and not exit_zero else 0)

    fallback = configure(Path.cwd())  # files with no settings of their own (missing paths)
    for result in report.files:
        report.fail_on[id(result)] = fail_on or gate_of.get(id(result), fallback).fail_on
    to_terminal = output is None and sys.stdout.isatty()
    use_color = _wants_color(color, to_terminal)
    if statistics and output_format == "json":  # a documented, optional field: never silently ignored
        from .formatters.text_format import statistics_json

        report.statistics = statistics_json(report)
    if output_format == "text":
        text = FORMATTERS["text"](report, color=use_color, show_keywords=show_keywords, quiet=quiet)
    else:
        text = FORMATTERS[output_format](report, color=False)
    if statistics and output_format != "json":
        from .formatters.text_format import statistics_table

        text += statistics_table(report)
    # A stray lone surrogate (an undecodable name the formatter missed) must not cost the report.
    text = text.encode("utf-8", "replace").decode("utf-8")
    if output:
        from .fixes import write_atomic

        try:
            write_atomic(Path(output), text)  # never a half-written report for the next CI step
        except OSError as exc:
            click.echo(f"healthlint: error: cannot write {_visible(str(output))}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    else:
        # click strips colour codes from output that is not a terminal unless told otherwise:
        # --color must colour a pipe (a pager, CI logs that render ANSI).
        click.echo(text, nl=False, color=use_color)
    code = report.exit_code()
    for result in report.files:
        gate = gate_of.get(id(result), fallback)
        threshold = min_score if min_score is not None else gate.min_score
        if threshold is not None and result.score is not None and result.score["total"] < threshold:
            click.echo(f"healthlint: {_visible(result.path)}: score {result.score['total']} is below the minimum of {threshold}", err=True)
            code = code or 1
    if exit_zero and code == 1:
        code = 0
    sys.exit(code)


STATISTICS_FORMATS = ("text", "concise", "json")


def _report_fixes(display: str, outcome, listed: bool, verb: str, quiet: bool) -> None:
    """One line per file on standard error; with --show-fixes, one per fix (as ruff)."""
    if outcome is None or not outcome.applied:
        return
    from .fixes import MAX_PASSES, describe

    passes = outcome.applied[-1][0]
    if not quiet or listed:
        click.echo(f"healthlint: {_visible(display)}: {verb} {len(outcome.applied)} fix(es)" + (f" in {passes} passes" if passes > 1 else ""), err=True)
    if listed:
        for line in describe(display, outcome):
            click.echo(_visible(line), err=True)
    if not outcome.converged:
        click.echo(f"healthlint: warning: {_visible(display)}: fixes still apply after {MAX_PASSES} passes; stopped", err=True)


def _applied_configs(configs: list[Config]) -> list[Config]:
    """The settings files that applied to some linted file, once each, in the order met."""
    return list({config.path: config for config in configs if config.path is not None}.values())


def _gate_warnings(configs: list[Config], explicit: Path | None, cli_fail_on: str | None) -> list[str]:
    """A settings file in the linted tree (maybe from a pull request) that turns the gate off
    for its files is allowed, but never silent."""
    from .engine.runner import rules_for

    out = []
    for config in configs:
        if explicit is not None:
            break
        if not rules_for(config):
            out.append(f"{display_name(config.path)}: selects no rules: its files cannot fail the run")
        elif config.fail_on == "never" and cli_fail_on is None:
            out.append(f"{display_name(config.path)}: sets fail-on = \"never\": its files cannot fail the run")
    return out


def _read_baseline(path: Path | None) -> set[str] | None:
    if path is None:
        return None
    from .baseline import BaselineError, load

    try:
        return load(path)
    except BaselineError as exc:
        raise click.UsageError(_visible(str(exc))) from None


def _cache_settings(no_cache: bool, cache_dir: Path | None) -> None:
    """Passed on through the environment, so that worker processes follow them too."""
    from . import packs

    if no_cache:
        os.environ[packs.NO_CACHE_ENV] = "1"
    if cache_dir is not None:
        os.environ[packs.CACHE_ENV] = str(cache_dir)


def _warm_up_grammar(config) -> None:
    """Start building Harper's linter now, so that it is ready when the first file is.

    Only for runs in this process: worker processes build their own.
    """
    from .engine.runner import rules_for

    if any(rule.code in ("HL150", "HL151") for rule in rules_for(config)):
        from .grammar.harper_engine import warm_up

        settings = config.rules.get("HL150")
        warm_up(str(settings.options.get("dialect", config.dialect)) if settings else config.dialect)


def _wants_color(flag: bool | None, to_terminal: bool) -> bool:
    """--color/--no-color win; then NO_COLOR and FORCE_COLOR (no-color.org, force-color.org)."""
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return to_terminal


def _visible(text: str) -> str:
    """Control characters (a file name's terminal escapes) shown as escapes, never sent raw."""
    return escaped(path_text(text))


@contextmanager
def _progress(total: int):
    """A progress bar on standard error for more than a few files, only on a terminal."""
    if total <= 5 or not sys.stderr.isatty():
        yield lambda: None
        return
    with click.progressbar(length=total, label="Linting", file=sys.stderr, show_pos=True) as bar:
        yield lambda: bar.update(1)


@main.group()
def baseline():
    """Record current findings so that later runs report only new ones."""


@baseline.command("create")
@click.argument("baseline_file", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("paths", nargs=-1, required=True)
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True)
def baseline_create(baseline_file, paths, config_path, isolated):
    """Lint PATHS and write their findings' fingerprints to BASELINE_FILE."""
    from .baseline import create
    from .discovery import discover

    finder = ConfigFinder(config_path, isolated)
    targets, missing = discover(list(paths), finder, False)
    results = [shown for t in targets for shown in lint_file(t.path, finder.for_path(t.path), t.display).reported()]
    for raw, message in missing:
        click.echo(f"healthlint: {_visible(raw)}: {message}", err=True)
    count = create(results, baseline_file)
    click.echo(f"Recorded {count} finding(s) from {len(results)} file(s) in {baseline_file}.")
    sys.exit(2 if missing or any(r.errors for r in results) else 0)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; another than 127.0.0.1 lets other machines use the page.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=5 * 1024 * 1024, show_default=True, help="Largest request body accepted; larger ones get 413.")
@click.option("--config", "config_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Check with this settings file [default: healthlint's defaults; no file is searched for].")
def serve(host, port, max_bytes, config_path):
    """Open a local check page (and POST /api/check) for drafts pasted or uploaded in a browser."""
    from .server import serve as run_server

    run_server(host, port, max_bytes, config_path)


def _needs(rule) -> str:
    """What a rule needs that may be missing: the parser extra, a LanguageTool server."""
    if rule.requires == "parser":
        from .analysis import parse

        return " (needs the parser: pip install 'healthlint[parser]')" if not parse.available() else " (uses the parser)"
    return ""


@main.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_rules(output_format):
    """List every rule: code, name, category, severity and summary."""
    rules = all_rules()
    if output_format == "json":
        import json

        payload = [
            {"code": r.code, "name": r.name, "category": r.category, "severity": r.severity,
             "summary": r.summary, "enabled_by_default": r.enabled_by_default, "requires": r.requires or None}
            for r in rules
        ]
        click.echo(json.dumps(payload, indent=2))
        return
    width = max(len(r.name) for r in rules)
    for rule in rules:
        flag = "" if rule.enabled_by_default else " (off by default)"
        flag += _needs(rule)
        click.echo(f"{rule.code}  {rule.name:<{width}}  {rule.category:<18} {rule.severity:<8} {rule.summary}{flag}")


@main.command()
@click.argument("rule")
def explain(rule):
    """Show a rule's rationale, options and examples. RULE is a code or a name."""
    found = find_rule(rule)
    if found is None:
        raise click.UsageError(f"unknown rule '{rule}' (see 'healthlint rules')")
    click.echo(f"{found.code} {found.name}")
    click.echo(f"Category: {found.category}    Default severity: {found.severity}" + ("" if found.enabled_by_default else "    Off by default"))
    click.echo("")
    click.echo(found.summary)
    click.echo("")
    click.echo("Why")
    click.echo(f"  {found.rationale}")
    if found.source:
        click.echo("")
        click.echo(f"Source: {found.source}")
    if found.options:
        click.echo("")
        click.echo("Options")
        for key, option in found.options.items():
            click.echo(f"  {key} (default {option.default!r}): {option.description}")
    examples = found.examples()
    for label, kind in (("Flagged", "fail"), ("Not flagged", "pass")):
        click.echo("")
        click.echo(label)
        for example in examples[kind]:
            click.echo(f"  {example.text.strip()}")


@main.command()
def lsp():
    """Run the language server (LSP over standard input and output) for editors."""
    from .lsp import serve

    serve()
