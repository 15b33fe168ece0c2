"""The course glossary, from ``seeds/glossary.yaml``.

Each entry: ``term``, ``definition``, ``notebooks`` (two-digit numbers),
``source`` (``seed000`` for seed 000's key terms, else ``course``), optional
``cite`` (bibliography keys) and ``see_also`` (other terms).
"""
from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from IPython.display import HTML

from .notebook_files import GLOSSARY_PATH
from .references import cite_html


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    notebooks: tuple[str, ...]
    source: str
    cite: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()

    @property
    def anchor(self) -> str:
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")


@functools.lru_cache(maxsize=1)
def terms(path: str | Path = GLOSSARY_PATH) -> tuple[Term, ...]:
    """Every glossary entry, sorted by term (cached)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    found = []
    for record in raw:
        if not record.get("term") or not record.get("definition"):
            raise ValueError(f"glossary entry needs 'term' and 'definition': {record!r}")
        found.append(Term(str(record["term"]), str(record["definition"]),
                          tuple(str(number).zfill(2) for number in record.get("notebooks", [])),
                          str(record.get("source", "course")), tuple(record.get("cite") or ()),
                          tuple(record.get("see_also") or ())))
    return tuple(sorted(found, key=lambda entry: entry.term.lower()))


def lookup(term: str) -> Term:
    """The entry for ``term`` (ignoring case); ``ValueError`` if there is none."""
    for entry in terms():
        if entry.term.lower() == term.lower():
            return entry
    raise ValueError(f"term {term!r} is not in seeds/glossary.yaml")


def glossary_html(notebook: str | None = None, link_base: str = "") -> str:
    """A ``<dl>`` of all terms, or of those a notebook introduces."""
    items = []
    for entry in terms():
        if notebook is not None and notebook not in entry.notebooks:
            continue
        cite = f" ({cite_html(entry.cite)})" if entry.cite else ""
        see = ""
        if entry.see_also:
            see = " See also: " + ", ".join(html.escape(other) for other in entry.see_also) + "."
        items.append(f'<dt id="{entry.anchor}"><dfn>{html.escape(entry.term)}</dfn></dt>'
                     f"<dd>{html.escape(entry.definition)}{cite}{see}</dd>")
    return '<dl class="oxy-glossary">' + "".join(items) + "</dl>"


def show(notebook: str | None = None) -> HTML:
    """Display the glossary (or the terms a notebook introduces)."""
    return HTML(glossary_html(notebook))


def search(query: str) -> HTML:
    """The terms whose name or definition mentions ``query`` (case-insensitive)."""
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"query must be a non-empty piece of text; got {query!r}")
    wanted = query.strip().lower()
    hits = [entry for entry in terms() if wanted in f"{entry.term} {entry.definition}".lower()]
    items = "".join(f"<li><strong>{html.escape(entry.term)}</strong>: "
                    f"{html.escape(entry.definition)}</li>" for entry in hits)
    noun = "term mentions" if len(hits) == 1 else "terms mention"
    return HTML(f"<p>{len(hits)} {noun} “{html.escape(query.strip())}”.</p><ul>{items}</ul>")
