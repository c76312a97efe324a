"""Run the selected rules over one document and produce its findings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..config import AUDIENCES, Config
from ..document import Document
from ..grammar.harper_engine import EngineUnavailable
from .finding import Finding, Hit
from .registry import all_rules
from .rule import Rule
from .scoring import score
from .selection import select_rules
from .suppression import Suppressor

_WORD = re.compile(r"\w+(?:['’-]\w+)*")


@dataclass
class FileResult:
    path: str
    format: str | None
    metrics: dict[str, Any] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)
    lines: dict[int, str] = field(default_factory=dict, repr=False)  # source lines with findings, for display
    sections: dict[str, Any] = field(default_factory=dict)  # "citations", "keywords": per-document tables
    score: dict[str, Any] | None = None  # {"total": 0-100, "categories": {...}}; None when the file was not linted
    digest: str | None = field(default=None, repr=False)  # SHA-256 of the bytes linted: --fix refuses a file changed since
    view: dict[str, Any] | None = field(default=None, repr=False)  # the prose laid out for the HTML report, when asked for
    # A source that holds several documents (a WordPress export: one per post) is linted into
    # one result per document; this result then stands for the file and reports only its own
    # errors (see reported()).
    parts: list[FileResult] = field(default_factory=list, repr=False)
    # Served from the result cache: its findings are a stored copy, which --fix does not
    # write into the file without linting the bytes again (see fixes.fix_until_stable).
    cached: bool = field(default=False, repr=False)

    def reported(self) -> list[FileResult]:
        """The results that go into a report for this file: itself, or its documents'."""
        if not self.parts:
            return [self]
        return [*self.parts, self] if self.errors else list(self.parts)

    def to_json(self) -> dict[str, Any]:
        out = {
            "path": self.path,
            "format": self.format,
            "metrics": self.metrics,
            "findings": [f.to_json() for f in self.findings],
            "errors": self.errors,
            "score": self.score,
        }
        out.update(self.sections)
        return out


def rules_for(config: Config, ignore_extra: Sequence[str] = ()) -> list[Rule]:
    return select_rules(all_rules(), config.select, config.extend_select, (*config.ignore, *ignore_extra))


def _forced_severity(config: Config, rule: Rule) -> str | None:
    """The severity the settings give a rule; it wins over the hit's own and the rule's."""
    settings = config.rules.get(rule.code)
    return settings.severity if settings and settings.severity else None


def _finding(doc: Document, rule: Rule, hit: Hit, severity: str) -> Finding:
    length = len(doc.source.text)
    start = max(0, min(hit.start, length))
    end = max(start, min(hit.end, length))
    begin, finish = doc.position(start), doc.position(end)
    return Finding(
        line=begin.line, column=begin.column, end_line=finish.line, end_column=finish.column,
        rule=rule.code, name=rule.name, category=rule.category, severity=severity,
        message=hit.message, suggestions=hit.suggestions, start=start, end=end,
    )


def basic_metrics(doc: Document) -> dict[str, Any]:
    """Counts that cannot fail, used when the readability analysis does."""
    return {"words": sum(len(_WORD.findall(b.text)) for b in doc.blocks), "blocks": len(doc.blocks)}


def document_metrics(doc: Document) -> dict[str, Any]:
    """Word and block counts and the readability scores of the body prose."""
    from ..analysis.readability import document_counts, metrics

    scores = metrics(doc)
    return {"words": document_counts(doc).words, "blocks": len(doc.blocks), **scores}


def document_settings(doc: Document, config: Config) -> dict[str, Any]:
    """What rules need beyond their options: the audience and its target grade, the keyphrase."""
    audience = config.audience
    declared = doc.metadata.get("audience")
    if "audience" not in config.from_cli and isinstance(declared, str) and declared.strip().lower() in AUDIENCES:
        audience = declared.strip().lower()
    keyphrase = config.keyphrase
    declared = doc.metadata.get("keyphrase")
    if "keyphrase" not in config.from_cli and isinstance(declared, str) and declared.strip():
        keyphrase = declared.strip()
    return {
        "audience": audience,
        "target_grade": AUDIENCES[audience],
        "keyphrase": keyphrase,
        "words": config.words,
        "languagetool_url": config.languagetool_url,
    }


_ENGINE_CATEGORIES = ("grammar", "spelling")


def _dedupe(findings: set[Finding]) -> list[Finding]:
    """One finding per problem when several grammar rules or engines report the same text.

    A grammar or spelling finding whose span holds, or lies inside, the span of another
    one of the same category is the same problem seen twice ("Exercise give" and "give").
    The lowest rule code wins: healthlint's own packs (HL1xx) come before the engines
    (HL150 Harper, HL160 LanguageTool), and carry the health-specific message.
    """
    out = [f for f in findings if f.category not in _ENGINE_CATEGORIES]
    checked = sorted((f for f in findings if f.category in _ENGINE_CATEGORIES), key=lambda f: (f.category, f.start, -f.end))
    # Only findings that overlap can be nested: compare within each run of overlapping spans,
    # so a file with 100,000 findings costs no more than its runs.
    cluster: list[Finding] = []
    reach = -1
    for finding in [*checked, None]:
        if finding is not None and cluster and finding.category == cluster[0].category and finding.start < reach:
            cluster.append(finding)
            reach = max(reach, finding.end)
            continue
        kept: list[Finding] = []
        for candidate in sorted(cluster, key=lambda f: (f.rule, f.start, f.end)):
            if not any(_nested(candidate, other) for other in kept):
                kept.append(candidate)
        out += kept
        cluster = [finding] if finding is not None else []
        reach = finding.end if finding is not None else -1
    return out


def _nested(a: Finding, b: Finding) -> bool:
    if a.start == a.end or b.start == b.end:
        return (a.start, a.end) == (b.start, b.end)
    return (a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end)


def _options(rule: Rule, config: Config) -> dict[str, Any]:
    settings = config.rules.get(rule.code)
    # The top-level `dialect` setting is the default of every rule's `dialect` option.
    shared = {"dialect": config.dialect} if "dialect" in rule.options else {}
    options = {**rule.default_options(), **shared, **(settings.options if settings else {})}
    if shared and "dialect" in config.from_cli:
        options["dialect"] = config.dialect  # --dialect wins over a rule's own option, as the command line does elsewhere
    if isinstance(options.get("dialect"), str):
        options["dialect"] = options["dialect"].strip().lower()  # "British" as the top-level setting takes it
    return options


def _check(doc: Document, rules: Sequence[Rule], config: Config, options_of: dict[str, dict[str, Any]], findings: set[Finding], result: FileResult) -> None:
    for rule in rules:
        forced = _forced_severity(config, rule)  # once per rule: hits are many
        try:
            for hit in rule.check(doc, options_of[rule.code]):
                findings.add(_finding(doc, rule, hit, forced or hit.severity or rule.severity))
        except EngineUnavailable as exc:  # a grammar engine that cannot run: say so, keep the rest
            message = f"{rule.code} {rule.name}: {exc}"
            if not any(e["message"].endswith(str(exc)) for e in result.errors):
                result.errors.append({"kind": "engine", "message": message})
        except Exception as exc:  # a broken rule must not hide the other rules' findings
            result.errors.append({"kind": "internal", "message": f"rule {rule.code} {rule.name} failed: {type(exc).__name__}: {exc}"})


def lint_document(doc: Document, config: Config, rules: Sequence[Rule] | None = None) -> FileResult:
    doc.settings = document_settings(doc, config)
    result = FileResult(path=doc.path, format=doc.format)
    rules = rules_for(config) if rules is None else rules
    if doc.settings["target_grade"] is None:  # the professional audience: readability rules off
        rules = [r for r in rules if r.category != "readability"]
    options_of = {rule.code: _options(rule, config) for rule in rules}
    background = [r for r in rules if type(r).prepare is not Rule.prepare]
    for rule in background:
        try:
            rule.prepare(doc, options_of[rule.code])
        except Exception:  # check() meets the same problem and reports it
            pass
    # Rules whose engines were started in the background are checked last, after the
    # summaries, when their results are most likely ready; findings are sorted by position
    # afterwards anyway.
    foreground = [r for r in rules if r not in background]
    try:
        result.metrics = document_metrics(doc)
        result.metrics["audience"] = doc.settings["audience"]
        result.metrics["target_grade"] = doc.settings["target_grade"]
    except Exception as exc:  # metrics must never cost the findings
        result.metrics = basic_metrics(doc)
        result.errors.append({"kind": "internal", "message": f"metrics failed: {type(exc).__name__}: {exc}"})
    findings: set[Finding] = set()
    _check(doc, foreground, config, options_of, findings, result)
    try:
        from ..analysis.citations import citations

        result.sections["citations"] = citations(doc).summary()
        from ..analysis.keywords import term_stats

        stats = term_stats(doc)
        result.sections["keywords"] = stats.table(10)
    except Exception as exc:
        result.errors.append({"kind": "internal", "message": f"citation summary failed: {type(exc).__name__}: {exc}"})
    _check(doc, background, config, options_of, findings, result)
    suppressor = Suppressor(doc)
    kept = [f for f in _dedupe(findings) if not suppressor.suppressed(f)]
    unused_rule = next((r for r in rules if r.code == "HL904"), None)
    if unused_rule is not None and doc.directives:
        severity = _forced_severity(config, unused_rule) or unused_rule.severity
        kept += [_finding(doc, unused_rule, hit, severity) for hit in unused_rule.unused(doc.directives, suppressor.used, rules)]
    result.findings = sorted(kept)
    result.lines = {f.line: doc.source.line_text(f.line) for f in result.findings}
    result.score = score(result.findings, result.metrics.get("words", 0), {r.category for r in rules}, config.score)
    return result
