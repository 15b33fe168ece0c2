"""Numbers the course's models compute, quoted in prose, solutions and quiz text,
are recomputed here (see tests/quoted_numbers/README.md)."""
from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path

import numpy as np
import pytest
import yaml

import oxytocin_course as oc
import oxytocin_course.models as models
from oxytocin_course.quiz import QUIZ_DIR
from oxytocin_course.notebook_files import NOTEBOOK_DIR, cell_source

HERE = Path(__file__).resolve().parent / "quoted_numbers"
FILES = sorted(HERE.glob("*.yaml"))
NAMES = {"np": np, "oc": oc}
NAMES.update({m.name: importlib.import_module(f"oxytocin_course.models.{m.name}")
              for m in pkgutil.iter_modules(models.__path__)})


def _squash(text: str) -> str:
    return " ".join(text.split())


def _notebook_text(number: str) -> str:
    (path,) = NOTEBOOK_DIR.glob(f"{number}_*.ipynb")
    nb = json.loads(path.read_text(encoding="utf-8"))
    return _squash("\n".join(cell_source(c) for c in nb["cells"]))


def _quiz_text(number: str) -> str:
    raw = yaml.safe_load((QUIZ_DIR / f"{number}.yaml").read_text(encoding="utf-8"))
    return _squash(json.dumps(raw, ensure_ascii=False).replace("\\n", " "))


def _entries():
    for f in FILES:
        for i, e in enumerate(yaml.safe_load(f.read_text(encoding="utf-8")) or []):
            yield pytest.param(f.stem, e, id=f"{f.stem}-{i}")


def test_entries_exist():
    assert FILES, "no quoted-number files"


@pytest.mark.parametrize("number,entry", list(_entries()))
def test_quoted_number_matches_the_model(number, entry):
    assert set(entry) <= {"where", "text", "value", "format"}, entry
    where = entry.get("where", "notebook")
    source = _notebook_text(number) if where == "notebook" else _quiz_text(number)
    text = _squash(entry["text"])
    assert text in source, f"{number} {where}: snippet not found (text changed?): {text!r}"
    value = eval(entry["value"], dict(NAMES))  # noqa: S307 - course-authored expressions
    shown = entry.get("format", "{}").format(value)
    assert re.search(rf"(?<![\d.]){re.escape(shown)}(?![\d])", text), (
        f"{number} {where}: the model now gives {shown} ({entry['value']}), the text says: {text!r}")
