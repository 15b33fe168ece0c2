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

from .references import ROOT, cite_html

GLOSSARY_PATH = ROOT / "seeds" / "glossary.yaml"


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
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or []
    out = []
    for r in raw:
        if not r.get("term") or not r.get("definition"):
            raise ValueError(f"glossary entry needs 'term' and 'definition': {r!r}")
        out.append(Term(str(r["term"]), str(r["definition"]),
                        tuple(str(n).zfill(2) for n in r.get("notebooks", [])),
                        str(r.get("source", "course")), tuple(r.get("cite") or ()),
                        tuple(r.get("see_also") or ())))
    return tuple(sorted(out, key=lambda t: t.term.lower()))


def lookup(term: str) -> Term:
    for t in terms():
        if t.term.lower() == term.lower():
            return t
    raise ValueError(f"term {term!r} is not in seeds/glossary.yaml")


def glossary_html(notebook: str | None = None, link_base: str = "") -> str:
    """A ``<dl>`` of all terms, or of those a notebook introduces."""
    items = []
    for t in terms():
        if notebook is not None and notebook not in t.notebooks:
            continue
        cite = f" ({cite_html(t.cite)})" if t.cite else ""
        see = ""
        if t.see_also:
            see = " See also: " + ", ".join(html.escape(s) for s in t.see_also) + "."
        items.append(f'<dt id="{t.anchor}"><dfn>{html.escape(t.term)}</dfn></dt>'
                     f"<dd>{html.escape(t.definition)}{cite}{see}</dd>")
    return '<dl class="oxy-glossary">' + "".join(items) + "</dl>"


def show(notebook: str | None = None) -> HTML:
    """Display the glossary (or the terms a notebook introduces)."""
    return HTML(glossary_html(notebook))


def search(query: str) -> HTML:
    """The terms whose name or definition mentions ``query`` (case-insensitive)."""
    if not isinstance(query, str) or not query.strip():
        raise ValueError(f"query must be a non-empty piece of text; got {query!r}")
    q = query.strip().lower()
    hits = [t for t in terms() if q in f"{t.term} {t.definition}".lower()]
    items = "".join(f"<li><strong>{html.escape(t.term)}</strong>: {html.escape(t.definition)}</li>"
                    for t in hits)
    noun = "term mentions" if len(hits) == 1 else "terms mention"
    return HTML(f"<p>{len(hits)} {noun} “{html.escape(query.strip())}”.</p><ul>{items}</ul>")
