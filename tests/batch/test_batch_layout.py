"""The batch package's layout and options: engines behind a registry without import cycles, a run
that cannot start leaves nothing, files that are not letters, ``--strict``, the README's naming
example."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest
from batch_helpers import EVAL_LETTERS, ROOT, SUMMARISE_NL, make_archive, manifest_rows
from click.testing import CliRunner

from nlbrief.batch import (
    MANIFEST,
    BatchOptions,
    discover,
    get_engine,
    register_engine,
    run_batch,
    safe_name,
)
from nlbrief.batch.engines import EngineSettings
from nlbrief.cli import cli
from nlbrief.errors import ConfigError
from nlbrief.summarise import SummariseOptions

NL_NONE = BatchOptions(task="summarise", summarise=SummariseOptions(lang="nl", summariser="none"))
PACKAGE = ROOT / "src" / "nlbrief" / "batch"


def batch(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["batch", *args])
    return result.exit_code, result.stderr


# --- layout --------------------------------------------------------------------------------------

def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT / "src").with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The nlbrief.batch modules ``path`` imports, anywhere in it (also inside functions)."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rsplit(".", 1)[0]
            target = (f"{base}.{node.module}" if node.module else base) if node.level else (node.module or "")
            names = [f"{target}.{a.name}" for a in node.names]
            found.update(n for n in [target, *names] if n.startswith("nlbrief.batch"))
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("nlbrief.batch"))
    return found


def test_the_batch_package_has_no_import_cycle() -> None:
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}
    for name in graph:  # importing a submodule imports its package's __init__ first, which is fine
        graph[name] = {m for m in graph[name] if not name.startswith(m + ".")}

    def visit(node: str, stack: list[str]) -> None:
        assert node not in stack, f"import cycle: {' -> '.join(stack[stack.index(node):] + [node])}"
        for nxt in sorted(graph[node]):
            visit(nxt, [*stack, node])

    for name in sorted(graph):
        visit(name, [])
    assert "nlbrief.batch.engines.ray" not in graph["nlbrief.batch.run"]
    assert not any(m.endswith(".run") for m in graph["nlbrief.batch.engines.ray"])


def test_no_batch_module_is_long_and_ray_is_not_imported() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 600, path
    code = "import nlbrief.batch, sys; print('ray' in sys.modules, 'nlbrief.batch.engines.ray' in sys.modules)"
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_engines_come_from_the_registry(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="Unknown engine 'nope'"):
        get_engine("nope")
    seen: list[str] = []

    class Recording:
        """An engine of our own: runs the real worker here and records the ids."""

        name = "recording"

        def run(self, todo, options, on_result, settings):  # type: ignore[no-untyped-def]
            local = get_engine("local")
            local.run(todo, options, lambda task, result: (seen.append(task.id), on_result(task, result)),
                      EngineSettings())

    register_engine("recording", Recording)
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    assert run_batch(archive, tmp_path / "out", NL_NONE, engine="recording").done == 2
    assert sorted(seen) == sorted(r["id"] for r in manifest_rows(tmp_path / "out"))


# --- a run that cannot start ----------------------------------------------------------------------

def test_a_run_that_cannot_start_leaves_no_manifest_in_an_existing_folder(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    out = tmp_path / "out"
    out.mkdir()
    code, err = batch(str(archive), "--out", str(out), "--translation-model", str(tmp_path / "no-model"))
    assert code == 4 and "no-model" in err  # a model that is not there: its own exit code
    assert not (out / MANIFEST).exists()


# --- files that are not letters -------------------------------------------------------------------

WEB_PAGE = """Welkom op de website van de Vereniging Vrienden van het Stadspark

Het stadspark is het hele jaar open voor wandelaars, fietsers en iedereen die van de natuur houdt.
In de zomer organiseren wij elke zondag een rondleiding langs de oude bomen en de vijver. De
rondleiding begint om tien uur bij de ingang aan de noordkant en duurt ongeveer anderhalf uur.

Word lid van onze vereniging en steun het onderhoud van de paden en de bloemperken. Leden krijgen
vier keer per jaar ons blad met nieuws over het park, de dieren en de planten die er groeien.

Privacyverklaring | Cookies | Contact | Nieuwsbrief | Volg ons op sociale media
"""


def test_files_that_are_not_letters_are_skipped_unless_asked_for(tmp_path: Path) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    (archive / "opgeslagen-pagina.txt").write_text(WEB_PAGE, encoding="utf-8")
    out = tmp_path / "out"
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL)
    assert code == 0, err
    rows = {r["id"]: r for r in manifest_rows(out)}
    page = rows["opgeslagen-pagina.txt"]
    assert page["status"] == "skipped" and "does not look like a letter" in page["reason"]
    assert "--include-non-letters" in page["reason"] and page["outputs"] == {}
    assert sum(r["status"] == "done" for r in rows.values()) == 2
    code, err = batch(str(archive), "--out", str(out), *SUMMARISE_NL, "--include-non-letters")
    assert code == 0, err
    assert {r["status"] for r in manifest_rows(out)} == {"done"}


def test_our_letters_and_the_real_tune_letters_look_like_letters(letters_dir: Path) -> None:
    import tomllib

    from nlbrief.batch.worker import not_a_letter
    from nlbrief.pipeline import load_letter
    from nlbrief.read import read_path

    split = tomllib.loads((ROOT / "eval" / "real" / "split.toml").read_text(encoding="utf-8"))["letters"]
    paths = list(EVAL_LETTERS) + [letters_dir / name for name, part in split.items()
                                  if part == "tune" and name.endswith(".txt")]
    assert len(paths) > 20
    for path in paths:
        assert not_a_letter(load_letter(path).letter, read_path(path).text) is None, path.name


# --- --strict ---------------------------------------------------------------------------------------

def test_strict_makes_a_failed_nothing_lost_check_a_failed_row(tmp_path: Path, lossy_parser: None) -> None:
    archive = tmp_path / "a"
    make_archive(archive, 2, nested=False)
    code, err = batch(str(archive), "--out", str(tmp_path / "report"), *SUMMARISE_NL)
    assert code == 0, err
    assert {(r["status"], r["nothing_lost"]) for r in manifest_rows(tmp_path / "report")} == {("done", False)}
    code, err = batch(str(archive), "--out", str(tmp_path / "strict"), *SUMMARISE_NL, "--strict")
    assert code == 1
    rows = manifest_rows(tmp_path / "strict")
    assert all(r["status"] == "failed" and "nothing-lost check failed" in r["reason"] for r in rows)
    strict = BatchOptions(task="translate", summarise=SummariseOptions(strict=True))
    assert strict.strict and strict.key() != BatchOptions(task="translate").key()


# --- the README's naming example --------------------------------------------------------------------

def _readme_section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("### What goes where")
    return " ".join(text[start:text.index("`out/manifest.jsonl`", start)].split())


def test_the_readmes_naming_examples_are_true(tmp_path: Path) -> None:
    section = _readme_section()
    examples = re.findall(r"`([^`]+)` becomes `([^`]+)`", section)
    assert len(examples) >= 3
    for letter_id, shown in examples:
        stem = re.sub(r"\.(txt|pdf)$", "", letter_id)
        assert re.fullmatch(re.escape(shown).replace("<hash>", "[0-9a-f]{8}"), safe_name(stem)), letter_id
    first = re.search(r"with id `([^`]+)` and `--format md,json` the outputs are `out/([^`]+)` and `out/([^`]+)`",
                      section)
    assert first is not None
    pair = re.search(r"`(a\.\w+)` gives `out/([^`]+)`, `(a\.\w+)` gives `out/([^`]+)`", section)
    assert pair is not None
    archive = tmp_path / "archive"
    (archive / Path(first.group(1)).parent).mkdir(parents=True)
    for letter in (first.group(1), pair.group(1), pair.group(3)):
        (archive / letter).write_text(EVAL_LETTERS[0].read_text(encoding="utf-8"), encoding="utf-8")
    names = {t.id: t.name for t in discover(archive)}
    assert {f"{names[first.group(1)]}.md", f"{names[first.group(1)]}.json"} == {first.group(2), first.group(3)}
    assert f"{names[pair.group(1)]}.md" == pair.group(2) and f"{names[pair.group(3)]}.md" == pair.group(4)


def test_batch_output_json_is_the_manifest_row_type(tmp_path: Path) -> None:
    from nlbrief.model.manifest import ManifestRow

    archive = tmp_path / "a"
    make_archive(archive, 1, nested=False)
    run_batch(archive, tmp_path / "out", NL_NONE)
    line = (tmp_path / "out" / MANIFEST).read_text(encoding="utf-8").splitlines()[0]
    row = ManifestRow.from_dict(json.loads(line))
    assert row.to_line().decode("utf-8") == line + "\n"
    with pytest.raises(ValueError, match="outputs"):
        ManifestRow.from_dict({**json.loads(line), "outputs": ["x"]})
