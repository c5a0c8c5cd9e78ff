"""Archives for the batch tests, made from our own evaluation letters (eval/letters) and variations
of them, plus the comparisons that say whether two output folders hold the same results."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from nlbrief.batch import MANIFEST, comparable
from nlbrief.fileio import TMP_SUFFIX
from nlbrief.model.manifest import RUN_FIELDS
from nlbrief.text.dutch import MONTHS_NL

ROOT = Path(__file__).resolve().parents[2]
EVAL_LETTERS = sorted((ROOT / "eval" / "letters").glob("*.txt"))

#: Run it as `nlbrief batch ... <SUMMARISE_NL>`: the fastest real task (no model at all).
SUMMARISE_NL = ["--task", "summarise", "--lang", "nl", "--summariser", "none"]

_DATE_RE = re.compile(r"^(Den Haag, |Datum |)(\d{1,2}) (" + "|".join(MONTHS_NL) + r") (\d{4})$", re.MULTILINE)


def vary(text: str, k: int) -> str:
    """Variation ``k`` of a letter: another date and other numbers in its tables; the prose stays,
    so that most sentences repeat across variations and some do not."""
    if k == 0:
        return text

    def date(m: re.Match[str]) -> str:
        day = (int(m.group(2)) + k - 1) % 28 + 1
        return f"{m.group(1)}{day} {m.group(3)} {int(m.group(4)) + k % 3}"

    text = _DATE_RE.sub(date, text, count=1)
    # Numbers of four or more digits (table cells, amounts) change; short ones (dossier numbers
    # in citations, list items) stay.
    return re.sub(r"\b(\d)\.(\d{3})\b", lambda m: f"{(int(m.group(1)) + k) % 9 + 1}.{m.group(2)}", text)


def make_archive(folder: Path, n: int, *, nested: bool = True) -> list[Path]:
    """``n`` letters under ``folder`` (variations of the evaluation letters), some in a subfolder."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = EVAL_LETTERS[i % len(EVAL_LETTERS)]
        k = i // len(EVAL_LETTERS)
        sub = folder / ("2025" if nested and i % 3 == 2 else "")
        sub.mkdir(parents=True, exist_ok=True)
        path = sub / (src.stem + (f"-v{k}" if k else "") + ".txt")
        path.write_text(vary(src.read_text(encoding="utf-8"), k), encoding="utf-8")
        paths.append(path)
    return paths


def add_bad_letters(folder: Path) -> dict[str, str]:
    """An empty file, a binary file, a scanned PDF (no text layer) and an English text; returns
    file name -> a phrase its failure reason must hold."""
    import pypdfium2 as pdfium

    (folder / "leeg.txt").write_bytes(b"  \n\n")
    (folder / "binair.txt").write_bytes(bytes(range(256)) * 8)
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(str(folder / "scan.pdf"))
    (folder / "english.txt").write_text(
        "Dear Chair,\n\nThis letter is written in English, which is not the language of a Dutch "
        "parliamentary letter, and the parser will refuse it for that reason. It goes on for a while "
        "about the weather, the price of coffee and the state of the roads, so that there are enough "
        "words in it for the language check to judge.\n\nYours sincerely,\n\n"
        "The Minister\n", encoding="utf-8")
    return {"leeg.txt": "empty", "binair.txt": "binary", "scan.pdf": "text layer", "english.txt": "Dutch"}


def manifest_rows(out: Path) -> list[dict]:  # type: ignore[type-arg]
    lines = (out / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def snapshot(out: Path) -> dict[str, object]:
    """Everything an output folder holds, with the manifest's run-dependent fields left out."""
    files: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        if path.is_dir():
            continue
        rel = path.relative_to(out).as_posix()
        if rel == MANIFEST:
            files[rel] = [comparable(row) for row in manifest_rows(out)]
        elif rel == "results.parquet":  # the table, less the run-dependent columns (as the manifest)
            import pyarrow.parquet as pq

            table = pq.read_table(path)
            files[rel] = table.drop_columns([c for c in RUN_FIELDS if c in table.column_names]).to_pylist()
        else:
            files[rel] = path.read_bytes()
    return files


def temp_files(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if p.name.endswith(TMP_SUFFIX)]


def copy_eval_letters(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for src in EVAL_LETTERS[:count]:
        dst = folder / src.name
        shutil.copy(src, dst)
        out.append(dst)
    return out
