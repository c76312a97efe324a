"""Settings from ``.healthlint.toml`` or ``[tool.healthlint]`` in ``pyproject.toml``.

The nearest file above each linted file applies (``.healthlint.toml`` wins over a
``pyproject.toml`` in the same folder); command-line options override it. Keys may be
written with hyphens or underscores. Unknown keys and bad values are errors that name
the key, so a typo never silently changes what is checked.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .engine.finding import SEVERITIES
from .engine.registry import all_rules, find_rule
from .engine.scoring import ScoreSettings
from .engine.selection import is_known

if TYPE_CHECKING:
    import pathspec

CONFIG_NAMES = (".healthlint.toml", "pyproject.toml")
# Settings that make healthlint send article text over the network. A config found in the
# linted tree may come from a stranger's pull request, so these are taken only from the
# command line, the environment or a file the user names with --config.
NETWORK_SETTINGS = ("languagetool_url",)
FAIL_ON = ("error", "warning", "info", "never")
MAX_FILE_SIZE_LIMIT = 1024  # MiB: the largest max-file-size a setting may ask for
AUDIENCES = {"patient": 8.0, "patient-strict": 6.0, "professional": None}  # target reading grade
# The English whose spellings count as words: the names of Harper's Dialect enum.
DIALECTS = ("american", "british", "canadian", "australian", "indian")
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".venv", "venv", ".tox", ".nox", "node_modules", "__pycache__",
    ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages",
)


class ConfigError(Exception):
    """A configuration problem, with the file and key it concerns."""


@dataclass(frozen=True)
class RuleSettings:
    severity: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Config:
    path: Path | None = None  # the file the settings came from; None for defaults
    root: Path = field(default_factory=Path.cwd)  # excludes are relative to this folder
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str = "warning"
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    rules: dict[str, RuleSettings] = field(default_factory=dict)  # by rule code
    words: tuple[str, ...] = ()
    audience: str = "patient"
    dialect: str = "american"  # HL150/HL151 read it unless their own `dialect` option is set
    from_cli: frozenset[str] = frozenset()  # settings given on the command line: they win over front matter
    keyphrase: str | None = None
    languagetool_url: str | None = None
    score: ScoreSettings = field(default_factory=ScoreSettings)
    min_score: int | None = None  # files scoring below this fail the run
    max_file_size: float = 10.0  # MiB; a larger file is an input error, not minutes of linting
    ignored_settings: tuple[str, ...] = ()  # network settings an untrusted file tried to set

    # Compiled once per Config: discovery asks for every file and folder it walks.
    @cached_property
    def exclude_spec(self) -> pathspec.PathSpec:
        return gitignore_spec([*self.exclude, *self.extend_exclude])

    @cached_property
    def _per_file_specs(self) -> list[tuple[pathspec.PathSpec, tuple[str, ...]]]:
        return [(gitignore_spec([p]), s) for p, s in self.per_file_ignores.items()]

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        """Per-file ignores whose pattern matches ``path``."""
        if not self.per_file_ignores:
            return ()
        relative = _relative(path, self.root)
        return tuple(sel for spec, selectors in self._per_file_specs if spec.match_file(relative) for sel in selectors)

    def with_overrides(self, **overrides: Any) -> Config:
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


def gitignore_spec(lines: list[str]) -> pathspec.GitIgnoreSpec:
    """Gitignore-style patterns, matched by pathspec's own regular expressions.

    pathspec picks re2 or hyperscan when either happens to be installed (proselint brings
    re2), and those cannot take a file name that is not UTF-8: the whole run failed on
    one such name. The plain backend also matches the same way on every machine.
    """
    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(lines, backend="simple")


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


SETTING_NAMES = (
    "select", "extend-select", "ignore", "fail-on", "exclude", "extend-exclude", "words", "per-file-ignores",
    "rules", "audience", "keyphrase", "languagetool-url", "min-score", "score", "dialect", "max-file-size",
)


def did_you_mean(word: str, candidates) -> str:
    """' (did you mean 'fail-on'?)' for a near miss, as ruff and cargo say; '' otherwise."""
    import difflib

    folded = {c.lower().replace("_", "-"): c for c in candidates}
    close = difflib.get_close_matches(word.lower().replace("_", "-"), list(folded), n=1, cutoff=0.7)
    return f" (did you mean '{folded[close[0]]}'?)" if close else ""


def rule_names() -> list[str]:
    return [name for rule in all_rules() for name in (rule.code, rule.name)] + sorted({rule.category for rule in all_rules()})


def _strings(value: Any, key: str, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _selectors(value: Any, key: str, where: str) -> tuple[str, ...]:
    selectors = _strings(value, key, where)
    rules = all_rules()
    for selector in selectors:
        if not is_known(selector, rules):
            raise ConfigError(f"{where}: '{key}' names unknown rule or category '{selector}'{did_you_mean(selector, rule_names())}")
    return selectors


def _rule_settings(value: Any, where: str) -> dict[str, RuleSettings]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'rules' must be a table of rule codes or names")
    out: dict[str, RuleSettings] = {}
    for key, table in value.items():
        rule = find_rule(key)
        if rule is None:
            raise ConfigError(f"{where}: 'rules.{key}' is not a known rule code or name{did_you_mean(key, rule_names())}")
        if not isinstance(table, dict):
            raise ConfigError(f"{where}: 'rules.{key}' must be a table")
        severity = None
        options: dict[str, Any] = {}
        for option, setting in table.items():
            name = option.replace("-", "_")
            if name == "severity":
                if setting not in SEVERITIES:
                    raise ConfigError(f"{where}: 'rules.{key}.severity' must be one of {', '.join(SEVERITIES)}")
                severity = setting
            elif name in rule.options:
                default = rule.options[name].default
                if default is not None and not isinstance(setting, type(default)) and not (isinstance(default, float) and isinstance(setting, int)):
                    raise ConfigError(f"{where}: 'rules.{key}.{option}' must be a {type(default).__name__}")
                choices = rule.options[name].choices
                if choices is not None and isinstance(setting, str) and all(isinstance(c, str) and c == c.lower() for c in choices):
                    setting = setting.strip().lower()  # "British" names the same dialect as "british"
                if choices is not None and setting not in choices:
                    raise ConfigError(f"{where}: 'rules.{key}.{option}' must be one of {', '.join(map(str, choices))}")
                if isinstance(setting, float) and not math.isfinite(setting):  # nan compares false: a rule silently off
                    raise ConfigError(f"{where}: 'rules.{key}.{option}' must be a finite number")
                options[name] = setting
            else:
                known = ", ".join(["severity", *rule.options]) or "severity"
                raise ConfigError(f"{where}: 'rules.{key}.{option}' is not an option of {rule.code}{did_you_mean(option, ['severity', *rule.options])} (known: {known})")
        out[rule.code] = RuleSettings(severity, options)
    return out


# Score settings above this are not tuning but a switched-off gate (TOML allows inf).
MAX_SCORE_SETTING = 1_000_000.0


def _number(value: Any, key: str, where: str, positive: bool = False) -> float:
    # TOML has nan and inf: nan crashed the score, inf half-points made every file score 100.
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or value < 0 or (positive and value == 0) or value > MAX_SCORE_SETTING):
        raise ConfigError(f"{where}: '{key}' must be a {'positive' if positive else 'non-negative'} number no larger than {MAX_SCORE_SETTING:,.0f}")
    return float(value)


def _number_table(value: Any, key: str, where: str, known: set[str] | tuple[str, ...], what: str) -> dict[str, float]:
    """A TOML table of name = number whose names must be in ``known``."""
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table of {what} = number")
    out = {}
    for name, number in value.items():
        if name not in known:
            raise ConfigError(f"{where}: '{key}.{name}' is not a {what} (known: {', '.join(sorted(known))})")
        out[name] = _number(number, f"{key}.{name}", where)
    return out


def _score_settings(value: Any, key: str, where: str) -> ScoreSettings:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table (weights, severity-points, half-points)")
    settings = ScoreSettings()
    weights, points, half = dict(settings.weights), dict(settings.severity_points), settings.half_points
    for raw, setting in value.items():
        name = raw.replace("-", "_")
        if name == "weights":
            weights.update(_number_table(setting, f"{key}.{raw}", where, {rule.category for rule in all_rules()}, "rule category"))
        elif name == "severity_points":
            points.update(_number_table(setting, f"{key}.{raw}", where, SEVERITIES, "severity"))
        elif name == "half_points":
            half = _number(setting, f"{key}.{raw}", where, positive=True)
        else:
            raise ConfigError(f"{where}: unknown setting '{key}.{raw}' (known: weights, severity-points, half-points)")
    return ScoreSettings(severity_points=points, weights=weights, half_points=half)


def from_mapping(data: dict[str, Any], path: Path | None, root: Path, trusted: bool = True) -> Config:
    """Settings from a parsed table; an untrusted one (found in the linted tree) may not name a server."""
    where = str(path) if path else "settings"
    config = Config(path=path, root=root)
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for raw_key, value in data.items():
        key = raw_key.replace("-", "_")
        if key in NETWORK_SETTINGS and not trusted:
            ignored.append(raw_key)
        elif key == "select":
            values["select"] = _selectors(value, raw_key, where)
        elif key == "extend_select":
            values["extend_select"] = _selectors(value, raw_key, where)
        elif key == "ignore":
            values["ignore"] = _selectors(value, raw_key, where)
        elif key == "fail_on":
            if not isinstance(value, str) or value not in FAIL_ON:
                raise ConfigError(f"{where}: '{raw_key}' must be one of {', '.join(FAIL_ON)}")
            values["fail_on"] = value
        elif key in ("exclude", "extend_exclude"):
            values[key] = _strings(value, raw_key, where)
        elif key == "words":
            values["words"] = _strings(value, raw_key, where)
        elif key == "per_file_ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: '{raw_key}' must be a table of glob = [rules]")
            values["per_file_ignores"] = {g: _selectors(v, f"{raw_key}.{g}", where) for g, v in value.items()}
        elif key == "rules":
            values["rules"] = _rule_settings(value, where)
        elif key == "audience":
            if not isinstance(value, str) or value not in AUDIENCES:
                raise ConfigError(f"{where}: '{raw_key}' must be one of {', '.join(AUDIENCES)}")
            values["audience"] = value
        elif key == "dialect":
            if not isinstance(value, str) or value.strip().lower() not in DIALECTS:
                hint = did_you_mean(value, DIALECTS) if isinstance(value, str) else ""
                raise ConfigError(f"{where}: '{raw_key}' must be one of {', '.join(DIALECTS)}{hint}")
            values["dialect"] = value.strip().lower()
        elif key in ("keyphrase", "languagetool_url"):
            if not isinstance(value, str) or not value.strip():
                raise ConfigError(f"{where}: '{raw_key}' must be a non-empty string")
            if key == "languagetool_url" and not value.startswith(("http://", "https://")):
                raise ConfigError(f"{where}: '{raw_key}' must be an http:// or https:// URL")
            values[key] = value.strip()
        elif key == "min_score":
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
                raise ConfigError(f"{where}: '{raw_key}' must be a whole number from 0 to 100")
            values["min_score"] = value
        elif key == "max_file_size":
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= MAX_FILE_SIZE_LIMIT:
                raise ConfigError(f"{where}: '{raw_key}' must be a number of MiB above 0 and at most {MAX_FILE_SIZE_LIMIT}")
            values["max_file_size"] = float(value)
        elif key == "score":
            values["score"] = _score_settings(value, raw_key, where)
        else:
            raise ConfigError(f"{where}: unknown setting '{raw_key}'{did_you_mean(raw_key, SETTING_NAMES)}")
    if ignored:
        values["ignored_settings"] = tuple(ignored)
    return replace(config, **values)


def read_config_file(path: Path, trusted: bool = True) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    if path.name == "pyproject.toml":
        section = data.get("tool", {}).get("healthlint")
        if section is None:
            raise ConfigError(f"{path}: has no [tool.healthlint] section")
    else:
        section = data
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: settings must be a table")
    config = from_mapping(section, path, path.parent, trusted)
    return _with_words_file(config, path.parent)


def _with_words_file(config: Config, folder: Path) -> Config:
    """Add the words of ``.healthlint-words.txt`` beside the settings (or in the folder linted)."""
    from .grammar.vocabulary import read_words_file

    extra = read_words_file(folder)
    return replace(config, words=(*config.words, *extra)) if extra else config


def _has_settings(path: Path) -> bool:
    if path.name != "pyproject.toml":
        return True
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, OSError, UnicodeDecodeError):
        return False
    return "healthlint" in data.get("tool", {})


def _holds(test, path: Path) -> bool:
    """``path.is_file()`` and the like, False where the folder cannot be searched: on
    Python 3.11 they raise PermissionError, and a pull request can add such a folder."""
    try:
        return test(path)
    except OSError:
        return False


class ConfigFinder:
    """Finds and caches the nearest configuration for each folder."""

    def __init__(self, explicit: Path | None = None, isolated: bool = False) -> None:
        self._explicit = read_config_file(explicit) if explicit else None
        # One default configuration for every file: its compiled excludes are built once.
        self._isolated = Config() if isolated else None
        self._cache: dict[Path, Config] = {}
        self.warnings: list[str] = []  # one line per config file whose network settings were ignored

    def for_path(self, path: Path) -> Config:
        if self._explicit is not None:
            return self._explicit
        if self._isolated is not None:
            return self._isolated
        folder = (path if _holds(Path.is_dir, path) else path.parent).resolve()
        return self._for_folder(folder)

    def _for_folder(self, folder: Path) -> Config:
        if folder in self._cache:
            return self._cache[folder]
        config = None
        for name in CONFIG_NAMES:
            candidate = folder / name
            if _holds(Path.is_file, candidate) and _has_settings(candidate):
                config = read_config_file(candidate, trusted=False)
                if config.ignored_settings:
                    names = ", ".join(f"'{k}'" for k in config.ignored_settings)
                    self.warnings.append(
                        f"{candidate}: {names} ignored: a config found in the linted tree may not "
                        "send text over the network; pass it on the command line, in the "
                        "environment, or with --config"
                    )
                break
        if config is None:
            if folder.parent == folder:
                config = _with_words_file(Config(), Path.cwd())
            else:
                config = self._for_folder(folder.parent)
        self._cache[folder] = config
        return config
