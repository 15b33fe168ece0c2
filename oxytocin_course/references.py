"""Citations and reference lists, from ``seeds/references.bib``.

**Citation syntax** (Markdown cells): ``[@key]`` or ``[@key1; @key2]``, keys as
in ``seeds/references.bib``.  The tests fail on an unknown key and on an entry
with neither DOI nor URL.  Each notebook ends with::

    from oxytocin_course.references import show_for
    show_for("01_molecule_and_body.ipynb")

which lists every source the notebook cites, formatted by pybtex.
"""
from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path
from typing import Iterable

from IPython.display import HTML

ROOT = Path(__file__).resolve().parent.parent
BIB_PATH = ROOT / "seeds" / "references.bib"
NOTEBOOK_DIR = ROOT / "notebooks"

#: ``[@key]`` or ``[@a; @b]``; keys are letters, digits, ``_``, ``-`` and ``:``.
CITE_RE = re.compile(r"\[(@[\w:-]+(?:\s*;\s*@[\w:-]+)*)\]")


def keys_in_text(text: str) -> list[str]:
    """Citation keys in ``text``, in order of first appearance."""
    seen: dict[str, None] = {}
    for group in CITE_RE.findall(text):
        for part in group.split(";"):
            seen.setdefault(part.strip().lstrip("@"), None)
    return list(seen)


def markdown_sources(notebook: str | Path) -> list[str]:
    """The sources of a notebook's Markdown cells."""
    path = Path(notebook)
    if not path.is_absolute() and not path.exists():
        path = NOTEBOOK_DIR / path
    nb = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            src = cell["source"]
            out.append("".join(src) if isinstance(src, list) else src)
    return out


QUOTED_RE = re.compile(r"""["']([A-Za-z][\w:-]*\d{4}[\w:-]*)["']""")


def keys_in_notebook(notebook: str | Path) -> list[str]:
    """Every source a notebook cites: ``[@key]`` in Markdown cells, keys named
    in code cells (e.g. in ``claims([...])`` tables) and in its quiz file."""
    path = Path(notebook)
    if not path.is_absolute() and not path.exists():
        path = NOTEBOOK_DIR / path
    keys = dict.fromkeys(keys_in_text("\n".join(markdown_sources(path))))
    nb = json.loads(path.read_text(encoding="utf-8"))
    known = bibliography().entries
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = cell["source"]
            src = "".join(src) if isinstance(src, list) else src
            for key in QUOTED_RE.findall(src):
                if key in known:
                    keys.setdefault(key, None)
    from .quiz import QUIZ_DIR, load

    number = path.name[:2]
    if (QUIZ_DIR / f"{number}.yaml").exists():
        for q in load(number):
            for key in q.cite:
                keys.setdefault(key, None)
    return list(keys)


@functools.lru_cache(maxsize=1)
def bibliography():
    """The parsed bibliography (a pybtex ``BibliographyData``), cached."""
    from pybtex.database import parse_file

    return parse_file(str(BIB_PATH), bib_format="bibtex")


def entry(key: str):
    """The pybtex entry for ``key``; ``ValueError`` naming an unknown key."""
    entries = bibliography().entries
    if key not in entries:
        raise ValueError(f"unknown citation key {key!r}: not in seeds/references.bib")
    return entries[key]


def _surname(person) -> str:
    """Surname with its particle: "van Zuiden", "de Timary", "Uvnäs-Moberg"."""
    names = list(person.prelast_names) + list(person.last_names)
    return " ".join(names).replace("{", "").replace("}", "")


def _is_others(person) -> bool:
    return str(person).strip().lower() == "others"


def label(key: str) -> str:
    """Short author–year label, e.g. ``Kosfeld et al. 2005``."""
    e = entry(key)
    people = list(e.persons.get("author") or e.persons.get("editor") or [])
    year = e.fields.get("year", "n.d.")
    truncated = bool(people) and _is_others(people[-1])
    people = [p for p in people if not _is_others(p)]
    if truncated and people:
        return f"{_surname(people[0])} et al. {year}"
    if not people:
        who = e.fields.get("organization") or e.fields.get("publisher") or key
    elif len(people) == 1:
        who = _surname(people[0])
    elif len(people) == 2:
        who = f"{_surname(people[0])} & {_surname(people[1])}"
    else:
        who = f"{_surname(people[0])} et al."
    return f"{who} {year}"


#: Bibliography fields that record a work's status, with the label shown beside it.
STATUS_FIELDS: dict[str, str] = {
    "retracted": "Retracted",
    "concern": "Expression of concern",
    "corrected": "Corrected",
}


def status(key: str) -> dict[str, str]:
    """The status notices of an entry: ``{field: DOI or URL of the notice}``."""
    fields = entry(key).fields
    return {f: fields[f] for f in STATUS_FIELDS if fields.get(f)}


def is_retracted(key: str) -> bool:
    return "retracted" in status(key)


def retracted_keys() -> list[str]:
    """Every bibliography key whose work has been retracted."""
    return sorted(k for k, e in bibliography().entries.items() if e.fields.get("retracted"))


def _notice_href(value: str) -> str:
    value = value.strip()
    return value if re.match(r"^https?://", value) else f"https://doi.org/{value}"


def status_html(key: str) -> str:
    """Labels such as "Retracted" for an entry, each linked to its notice ('' if none)."""
    out = []
    for f, text in STATUS_FIELDS.items():
        notice = status(key).get(f)
        if notice:
            out.append(f'<a class="oxy-status oxy-status-{f}" href="{html.escape(_notice_href(notice))}">'
                       f"<strong>{text}</strong></a>")
    return " ".join(out)


def link(key: str) -> str | None:
    """The DOI link of an entry, or its URL."""
    e = entry(key)
    doi = e.fields.get("doi")
    if doi:
        return f"https://doi.org/{doi}"
    return _from_notebooks(e.fields.get("url"))


def _from_notebooks(url: str | None) -> str | None:
    """A repository-relative URL (``seeds/x.md``) as seen from ``notebooks/``."""
    if url and not re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\.\./", url, re.I):
        return "../" + url
    return url


def cite_html(keys: Iterable[str]) -> str:
    """Inline citation labels, each linked to its DOI or URL."""
    parts = []
    for key in keys:
        href = link(key)
        text = html.escape(label(key))
        part = f'<a href="{html.escape(href)}">{text}</a>' if href else text
        if is_retracted(key):
            part += " (retracted)"
        parts.append(part)
    return "; ".join(parts)


@functools.lru_cache(maxsize=None)
def _formatted(key: str) -> str:
    from pybtex.backends.html import Backend
    from pybtex.database import BibliographyData
    from pybtex.style.formatting.unsrt import Style

    data = BibliographyData(entries={key: entry(key)})
    formatted = list(Style().format_entries(data.entries.values()))[0]
    rendered = formatted.text.render(Backend())
    url = entry(key).fields.get("url")
    fixed = _from_notebooks(url)
    if url and fixed != url:
        rendered = rendered.replace(f'href="{url}"', f'href="{fixed}"')
    return rendered


def format_html(key: str) -> str:
    """One reference formatted in HTML by pybtex (DOI or URL linked), followed by its
    status (Retracted, Expression of concern, Corrected) linked to the notice."""
    notes = status_html(key)
    return _formatted(key) + (f" {notes}" if notes else "")


def references_html(keys: Iterable[str]) -> str:
    """An HTML list of references, sorted by author-year label."""
    keys = sorted(set(keys), key=lambda k: (label(k).lower(), k))
    items = "".join(
        f'<li id="ref-{html.escape(k)}"><span class="oxy-ref-key">[{html.escape(k)}]</span> '
        f"{format_html(k)}</li>"
        for k in keys
    )
    return f'<ul class="oxy-references">{items}</ul>'


def show_for(notebook: str | Path) -> HTML:
    """Display the reference list for every key a notebook cites."""
    return HTML(references_html(keys_in_notebook(notebook)))


# -- retracted works --------------------------------------------------------------------------

RETRACT_WORD = re.compile(r"retract", re.I)


def _code_names(text: str, key: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text) is not None


def retracted_citation_problems(keys: Iterable[str] | None = None) -> list[str]:
    """Places where a retracted work is cited as evidence.

    A retracted work may be cited only inside a passage about its retraction: a
    Markdown cell (or quiz question, or glossary definition) whose text mentions the
    retraction ("retract…").  It may never be cited by the evidence register, named
    in a notebook code cell or in the package's code and data (where it would be
    used as data or as evidence).
    """
    from . import glossary, quiz, register

    keys = retracted_keys() if keys is None else list(keys)
    problems: list[str] = []
    if not keys:
        return problems
    for nb_path in sorted(NOTEBOOK_DIR.glob("*.ipynb")):
        nb = json.loads(nb_path.read_text(encoding="utf-8"))
        for i, cell in enumerate(nb["cells"]):
            src = cell["source"]
            src = "".join(src) if isinstance(src, list) else src
            for key in keys:
                if cell["cell_type"] == "markdown":
                    if key in keys_in_text(src) and not RETRACT_WORD.search(src):
                        problems.append(f"{nb_path.name} cell {i}: cites retracted {key} "
                                        "outside a passage about its retraction")
                elif _code_names(src, key):
                    problems.append(f"{nb_path.name} cell {i}: code names retracted {key}")
    for row in register.read_rows():
        cited = {k.strip() for k in (row.get("cite") or "").split(";")}
        for key in set(keys) & cited:
            problems.append(f"evidence register {row.get('id')}: cites retracted {key}")
    for number in quiz.all_quiz_files():
        for q in quiz.load(number):
            about_retraction = RETRACT_WORD.search(q.question + " " + q.explanation)
            text = " ".join([q.question, q.explanation]
                            + [o.text + " " + o.feedback for o in q.options])
            for key in keys:
                if key in q.cite and not about_retraction:
                    problems.append(f"quiz {q.id}: cites retracted {key} as evidence")
                elif key not in q.cite and _code_names(text, key):
                    problems.append(f"quiz {q.id}: names retracted {key}")
    for t in glossary.terms():
        for key in set(keys) & set(t.cite):
            if not RETRACT_WORD.search(t.definition):
                problems.append(f"glossary {t.term!r}: cites retracted {key} as evidence")
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if (path.suffix not in (".py", ".yaml", ".yml", ".csv") or "quizzes" in path.parts
                or "node_modules" in path.parts or "static" in path.parts):
            continue
        if path == Path(__file__).resolve():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for key in keys:
            if _code_names(text, key):
                problems.append(f"{path.relative_to(ROOT)}: names retracted {key}")
    return problems
