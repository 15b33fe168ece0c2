"""Published numbers the course quotes, kept as data rather than code.

Each file ``oxytocin_course/data/published/<name>.yaml`` is a mapping with a
``description`` (what the numbers are and where they come from) and
``records``: a list of mappings, each with a ``cite`` key that resolves in
``seeds/references.bib`` (``tests/test_published.py`` checks).  Models read
them with :func:`load`; the numbers are never typed into a model module.
"""
from __future__ import annotations

import functools
from typing import Any

import yaml

from .notebook_files import PACKAGE_DIR

DIRECTORY = PACKAGE_DIR / "data" / "published"


def names() -> list[str]:
    """The published datasets that exist."""
    return sorted(p.stem for p in DIRECTORY.glob("*.yaml"))


@functools.lru_cache(maxsize=None)
def _read(name: str) -> dict[str, Any]:
    path = DIRECTORY / f"{name}.yaml"
    if not path.is_file():
        raise ValueError(f"no published dataset {name!r}; the datasets are: {', '.join(names())}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise ValueError(f"{path.name}: expected a mapping with a 'records' list")
    for i, record in enumerate(data["records"]):
        if not isinstance(record, dict) or not record.get("cite"):
            raise ValueError(f"{path.name}: record {i} has no 'cite' key")
    return data


def load(name: str) -> list[dict[str, Any]]:
    """The records of dataset ``name`` (a fresh list of fresh dicts each call)."""
    return [dict(r) for r in _read(name)["records"]]


def describe(name: str) -> str:
    """What dataset ``name`` holds and where it comes from."""
    return str(_read(name).get("description", ""))
