"""`nlbrief parse`, `nlbrief env`, `nlbrief --version` through the click runner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nlbrief import __version__
from nlbrief.cli import cli

LETTER = (
    "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal\n\nDen Haag, 16 mei 2024\n\n"
    "Hierbij informeer ik u over de voortgang van het beleid.1 Het kabinet zet de aanpak voort.\n\n"
    "1 Kamerstukken 2023/2024, 32 317, nr. 872\n\n"
    "Vervolg\n\nIn juni volgt een nieuwe brief over de motie van het lid Jansen.\n\n"
    "De Staatssecretaris van Justitie en Veiligheid,\nE. de Vries\n"
)
REQUIRED_KEYS = {
    "source", "addressee", "place", "date", "sender_role", "signatory", "subject", "reference",
    "sections", "footnotes", "citations", "motions", "furniture", "unassigned",
}


def test_version_and_help() -> None:
    runner = CliRunner()
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0 and "parse" in result.output and "env" in result.output


def test_parse_json_has_the_documented_keys(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert REQUIRED_KEYS <= set(data)
    assert data["source"]["path"] == str(path) and data["source"]["format"] == "text"
    assert len(data["source"]["sha256"]) == 64
    assert data["date"] == "2024-05-16" and data["nothing_lost"] is True
    sec = data["sections"][0]
    assert {"index", "heading", "paragraphs"} <= set(sec)
    sent = sec["paragraphs"][0]["sentences"][0]
    assert set(sent) == {"id", "text", "footnote_refs"} and sent["id"] == "s1.1"
    assert sent["footnote_refs"] == [1]
    assert data["footnotes"] == [{"number": 1, "text": "Kamerstukken 2023/2024, 32 317, nr. 872"}]
    assert {"text", "session", "dossier", "number"} <= set(data["citations"][0])
    assert {"member", "dossier", "number", "date"} <= set(data["motions"][0])


def test_parse_markdown_and_output_file(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    out = tmp_path / "out" / "brief.md"
    result = CliRunner().invoke(cli, ["parse", str(path), "--format", "md", "-o", str(out)])
    assert result.exit_code == 0, result.output
    md = out.read_text(encoding="utf-8")
    assert "## Vervolg" in md and "[^1]: Kamerstukken 2023/2024, 32 317, nr. 872" in md
    assert "**Date:** 2024-05-16" in md


def test_parse_reads_standard_input() -> None:
    result = CliRunner().invoke(cli, ["parse", "-"], input=LETTER.encode("cp1252"))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["source"]["path"] == "-"


def test_bad_inputs_exit_2_with_one_paragraph(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    english = tmp_path / "english.txt"
    english.write_text("The government has decided that the policy of the state is to be changed. " * 8)
    runner = CliRunner()
    for path, needle in [
        (tmp_path / "missing.txt", "no such file"),
        (empty, "empty"),
        (binary, "binary"),
        (english, "does not look like Dutch"),
    ]:
        result = runner.invoke(cli, ["parse", str(path)])
        assert result.exit_code == 2, (path, result.output)
        assert needle in " ".join(result.output.split())
        assert "Traceback" not in result.output
    result = runner.invoke(cli, ["parse", str(english), "--no-language-check"])
    assert result.exit_code == 0


def test_env_reports_versions_and_paths() -> None:
    result = CliRunner().invoke(cli, ["env", "--json"])
    assert result.exit_code == 0, result.output
    info = json.loads(result.output)
    assert info["nlbrief"] == __version__
    assert info["packages"]["torch"] and info["packages"]["transformers"]
    assert info["device"] in ("cpu", "cuda")
    assert info["paths"]["nlbrief_cache"].endswith("cache")  # NLBRIEF_CACHE from the test fixture
