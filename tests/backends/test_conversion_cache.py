"""The CTranslate2 conversion cache: one conversion when several workers ask at once, none reused
for a model changed in place, and never a half-written conversion where a finished one belongs."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from nlbrief import modelhub
from nlbrief.backends import ctranslate2 as ct2_backend

pytest.importorskip("ctranslate2")


def _count_conversions(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    calls: list[Path] = []
    real = ct2_backend.convert_model

    def counting(name: str, out: Path, **kwargs: object) -> Path:
        calls.append(Path(out))
        return real(name, out, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ct2_backend, "convert_model", counting)
    return calls


def test_workers_asking_at_once_share_one_conversion(tiny_models: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "marian"
    shutil.copytree(tiny_models / "marian", source)
    calls = _count_conversions(monkeypatch)
    found: list[Path] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            found.append(ct2_backend.resolve_ct2_model(str(source)).path)
        except BaseException as err:  # noqa: BLE001 - the test reports it below
            errors.append(err)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(found)) == 1 and len(calls) == 1
    target = found[0]
    assert (target / "model.bin").is_file()
    assert not any(p.name.startswith(f".{target.name}.partial") for p in target.parent.iterdir())


def test_a_model_changed_in_place_is_converted_again(tiny_models: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "model"
    shutil.copytree(tiny_models / "marian", source)
    calls = _count_conversions(monkeypatch)
    first = ct2_backend.resolve_ct2_model(str(source))
    assert ct2_backend.resolve_ct2_model(str(source)).path == first.path and len(calls) == 1  # reused
    shutil.rmtree(source)
    shutil.copytree(tiny_models / "seq2seq", source)  # another model under the same folder name
    again = ct2_backend.resolve_ct2_model(str(source), purpose="summary")
    assert len(calls) == 2 and again.revision == modelhub.resolve_model(str(source)).revision != first.revision


def test_a_failed_conversion_leaves_no_folder_behind(tiny_models: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "broken"
    shutil.copytree(tiny_models / "marian", source)

    def failing(name: str, out: Path, **kwargs: object) -> Path:
        Path(out).mkdir(parents=True)
        (Path(out) / "model.bin").write_bytes(b"half")  # cut short after the weights
        raise modelhub.ModelLoadError("disk full")

    monkeypatch.setattr(ct2_backend, "convert_model", failing)
    with pytest.raises(modelhub.ModelLoadError, match="disk full"):
        ct2_backend.resolve_ct2_model(str(source))
    target = modelhub.default_conversion_dir("broken", "int8")
    assert not target.exists()
    assert not any(p.name.startswith(".broken-int8.partial") for p in target.parent.iterdir())


def test_a_hub_model_at_a_new_revision_is_converted_again(tiny_models: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from hub_helpers import COMMIT, fake_hub_cache

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    snapshot = fake_hub_cache(tmp_path / "hf", tiny_models / "marian", "org/tiny-mt")
    calls = _count_conversions(monkeypatch)
    first = ct2_backend.resolve_ct2_model("org/tiny-mt")
    assert first.revision == COMMIT and len(calls) == 1
    assert ct2_backend.resolve_ct2_model("org/tiny-mt").path == first.path and len(calls) == 1  # reused
    newer = "f" * 40  # the Hub cache moves on: refs/main names another snapshot
    shutil.copytree(snapshot, snapshot.parent / newer)
    (snapshot.parent.parent / "refs" / "main").write_text(newer)
    again = ct2_backend.resolve_ct2_model("org/tiny-mt")
    assert again.revision == newer and len(calls) == 2
    shutil.rmtree(tmp_path / "hf")  # the Hub cache gone: the conversion still serves, offline
    assert ct2_backend.resolve_ct2_model("org/tiny-mt").revision == newer and len(calls) == 2


def test_without_ctranslate2_the_advice_fits_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import ctranslate2 -> ImportError
    with pytest.raises(modelhub.ModelLoadError, match="--summary-backend transformers"):
        ct2_backend.import_ctranslate2("summary")
    with pytest.raises(modelhub.ModelLoadError, match="--translator marian"):
        ct2_backend.import_ctranslate2()
