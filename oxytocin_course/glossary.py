"""The course glossary, from ``seeds/glossary.yaml``.

Each entry: ``term``, ``definition``, ``notebooks`` (two-digit numbers),
``source`` (``seed000`` for seed 000's key terms, else ``course``), optional
``cite`` (bibliography keys), ``see_also`` (other terms), ``match`` (the forms the
glossary linker matches, replacing the automatic ones; ``[]`` never links the term) and
``not_in`` (notebooks where the term is never linked).

The YAML is the one source of truth: notebook 13's *All terms* section is Markdown
generated from it (:func:`glossary_markdown`), one cell per initial letter, each entry
opening with its anchor ``<a id="term-…"></a>`` (:attr:`Term.anchor`).  Command line::

    python -m oxytocin_course.glossary --write              # regenerate notebook 13's entries
    python -m oxytocin_course.glossary --link [notebooks]   # link each term's first use
    python -m oxytocin_course.glossary --write-map          # regenerate notebook 00's course map
"""
from __future__ import annotations

import functools
import html
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from IPython.display import HTML

from .notebook_files import (
    GLOSSARY_NOTEBOOK,
    GLOSSARY_PATH,
    cell_source,
    notebook_path,
    notebooks,
)
from .references import cite_html


@dataclass(frozen=True)
class Term:
    term: str
    definition: str
    notebooks: tuple[str, ...]
    source: str
    cite: tuple[str, ...] = ()
    see_also: tuple[str, ...] = ()
    #: The forms the linker matches (None: derived from the term).
    match: tuple[str, ...] | None = None
    #: Notebooks (two-digit numbers) where the term is never linked.
    not_in: tuple[str, ...] = ()

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
                          tuple(record.get("see_also") or ()),
                          None if record.get("match") is None else tuple(record["match"]),
                          tuple(str(number).zfill(2) for number in record.get("not_in", []))))
    return tuple(sorted(found, key=lambda entry: entry.term.lower()))


def lookup(term: str) -> Term:
    """The entry for ``term`` (ignoring case); ``ValueError`` if there is none."""
    for entry in terms():
        if entry.term.lower() == term.lower():
            return entry
    raise ValueError(f"term {term!r} is not in seeds/glossary.yaml")


def glossary_html(notebook: str | None = None, link_base: str = "") -> str:
    """A ``<dl>`` of all terms, or of those a notebook introduces, each term linked to its
    entry (``link_base + "#term-…"``; the entries in notebook 13 hold the anchors, so this
    list repeats no ``id``)."""
    items = []
    for entry in terms():
        if notebook is not None and notebook not in entry.notebooks:
            continue
        cite = f" ({cite_html(entry.cite)})" if entry.cite else ""
        see = ""
        if entry.see_also:
            see = " See also: " + ", ".join(html.escape(other) for other in entry.see_also) + "."
        items.append(f'<dt><a href="{html.escape(link_base)}#{entry.anchor}">'
                     f"{html.escape(entry.term)}</a></dt>"
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
    items = "".join(f'<li><a href="#{entry.anchor}"><strong>{html.escape(entry.term)}</strong></a>: '
                    f"{html.escape(entry.definition)}</li>" for entry in hits)
    noun = "term mentions" if len(hits) == 1 else "terms mention"
    return HTML(f"<p>{len(hits)} {noun} “{html.escape(query.strip())}”.</p><ul>{items}</ul>")


# --------------------------------------------------------------------------- notebook 13
#: The heading of the generated section, and of the section after it.
ALL_TERMS = "## All terms"
AFTER_ALL_TERMS = "## By notebook"


def _initial(entry: Term) -> str:
    return entry.term[:1].upper()


def _notebook_files() -> dict[str, str]:
    return {path.name[:2]: path.name for path in notebooks()}


def entry_markdown(entry: Term, files: dict[str, str] | None = None) -> str:
    """One entry: its anchor, the term in bold, the definition, citations, see also and
    the notebooks that use it."""
    files = _notebook_files() if files is None else files
    by_name = {other.term.lower(): other for other in terms()}
    text = f'<a id="{entry.anchor}"></a>**{entry.term}**: {entry.definition.strip()}'
    if entry.cite:
        text += " [" + "; ".join(f"@{key}" for key in entry.cite) + "]"
    if entry.source == "seed000":
        text += " *A key term of source document 000.*"
    if entry.see_also:
        links = [f"[{other}](#{by_name[other.lower()].anchor})" if other.lower() in by_name
                 else other for other in entry.see_also]
        text += " *See also:* " + ", ".join(links) + "."
    if entry.notebooks:
        used = [f"[{number}]({files[number]})" if number in files else number
                for number in entry.notebooks]
        text += " *Notebooks:* " + ", ".join(used) + "."
    return text


def glossary_markdown() -> list[str]:
    """Notebook 13's *All terms* section: the heading cell, then one cell per initial
    letter (``### A`` and its entries)."""
    files = _notebook_files()
    letters: dict[str, list[Term]] = {}
    for entry in terms():
        letters.setdefault(_initial(entry), []).append(entry)
    jump = " · ".join(f"[{letter}](#glossary-{letter.lower()})" for letter in letters)
    cells = [f"{ALL_TERMS}\n\nEvery term, alphabetically; the notebooks that use a term link "
             "to its entry at its first use. Jump to: " + jump]
    for letter, entries in letters.items():
        body = "\n\n".join(entry_markdown(entry, files) for entry in entries)
        cells.append(f'<a id="glossary-{letter.lower()}"></a>\n\n### {letter}\n\n{body}')
    return cells


def _generated_span(cells: Sequence[object]) -> tuple[int, int]:
    sources = [cell_source(cell) for cell in cells]  # type: ignore[arg-type]
    start = next((k for k, text in enumerate(sources) if text.startswith(ALL_TERMS)), None)
    stop = next((k for k, text in enumerate(sources) if text.startswith(AFTER_ALL_TERMS)), None)
    if start is None or stop is None or stop <= start:
        raise ValueError(f"{GLOSSARY_NOTEBOOK} needs '{ALL_TERMS}' before '{AFTER_ALL_TERMS}'")
    return start, stop


def notebook_markdown() -> list[str]:
    """The cells of notebook 13's *All terms* section as stored."""
    import nbformat

    nb = nbformat.read(notebook_path(GLOSSARY_NOTEBOOK), as_version=4)
    start, stop = _generated_span(nb.cells)
    return [cell_source(cell) for cell in nb.cells[start:stop]]


def write_notebook() -> bool:
    """Rewrite notebook 13's *All terms* section from the YAML; True when it changed."""
    import nbformat

    path = notebook_path(GLOSSARY_NOTEBOOK)
    nb = nbformat.read(path, as_version=4)
    start, stop = _generated_span(nb.cells)
    wanted = glossary_markdown()
    if [cell_source(cell) for cell in nb.cells[start:stop]] == wanted:
        return False
    heading = nb.cells[start]
    heading.source = wanted[0]
    new = [heading]
    for text in wanted[1:]:
        letter = text.split("### ", 1)[1][:1].lower()
        new.append(nbformat.v4.new_markdown_cell(text, id=f"glossary-{letter}"))
    nb.cells[start:stop] = new
    nbformat.write(nb, path)
    return True


def main(argv: list[str]) -> int:
    """The command line (see the module docstring)."""
    from . import notebook_links

    if argv[:1] == ["--write"]:
        print(f"{GLOSSARY_NOTEBOOK}: " + ("rewritten" if write_notebook() else "already current"))
        return 0
    if argv[:1] == ["--link"]:
        print("\n".join(notebook_links.link_notebooks(terms(), argv[1:])))
        return 0
    if argv[:1] == ["--write-map"]:
        changed = notebook_links.write_course_map()
        print(f"{notebook_links.START_NOTEBOOK}: course map "
              + ("rewritten" if changed else "already current"))
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
