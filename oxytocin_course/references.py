"""Citations and reference lists, from ``seeds/references.bib``.

**Citation syntax** (Markdown cells): ``[@key]`` or ``[@key1; @key2]``, keys as
in ``seeds/references.bib`` (defined once, in
:data:`oxytocin_course.notebook_files.CITATION`).  The tests fail on an unknown
key and on an entry with neither DOI nor URL.  Each notebook ends with::

    from oxytocin_course.references import show_for
    show_for("01_molecule_and_body.ipynb")

which lists every source the notebook cites, formatted by pybtex.
"""
from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from pathlib import Path

import yaml
from IPython.display import HTML

from .notebook_files import (
    BIB_PATH,
    QUIZ_DIR,
    cell_source,
    citation_keys,
    notebook_path,
    read_notebook,
)

#: A bibliography key quoted in code, e.g. ``claims(["author2005"])``: it holds a year.
QUOTED_KEY = re.compile(r"""["']([A-Za-z][\w:-]*\d{4}[\w:-]*)["']""")


def quiz_keys(number: str) -> list[str]:
    """The keys that notebook ``number``'s self-check questions cite (their ``cite``
    lists in ``data/quizzes/NN.yaml``); none without a quiz file.

    Read from the file rather than through :func:`oxytocin_course.quiz.load`: the quiz
    imports this module to show its sources, so this module must not import the quiz.
    """
    path = QUIZ_DIR / f"{number}.yaml"
    if not path.exists():
        return []
    questions = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [key for question in questions for key in question.get("cite", ())]


def keys_in_notebook(notebook: str | Path) -> list[str]:
    """Every source a notebook cites: ``[@key]`` in Markdown cells, keys named
    in code cells (e.g. in ``claims([...])`` tables) and in its quiz file."""
    path = notebook_path(notebook)
    cells = read_notebook(path)["cells"]
    markdown = "\n".join(cell_source(cell) for cell in cells if cell["cell_type"] == "markdown")
    keys = dict.fromkeys(citation_keys(markdown))
    known = bibliography().entries
    for cell in cells:
        if cell["cell_type"] == "code":
            for key in QUOTED_KEY.findall(cell_source(cell)):
                if key in known:
                    keys.setdefault(key, None)
    for key in quiz_keys(path.name[:2]):
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
    work = entry(key)
    people = list(work.persons.get("author") or work.persons.get("editor") or [])
    year = work.fields.get("year", "n.d.")
    truncated = bool(people) and _is_others(people[-1])
    people = [person for person in people if not _is_others(person)]
    if truncated and people:
        return f"{_surname(people[0])} et al. {year}"
    if not people:
        who = work.fields.get("organization") or work.fields.get("publisher") or key
    elif len(people) == 1:
        who = _surname(people[0])
    elif len(people) == 2:
        who = f"{_surname(people[0])} & {_surname(people[1])}"
    else:
        who = f"{_surname(people[0])} et al."
    return f"{who} {year}"


def by_label(key: str) -> tuple[str, str]:
    """Sort key of a reference list: author-year label, then the key."""
    return label(key).lower(), key


#: Bibliography fields that record a work's status, with the label shown beside it.
STATUS_FIELDS: dict[str, str] = {
    "retracted": "Retracted",
    "concern": "Expression of concern",
    "corrected": "Corrected",
}


def status(key: str) -> dict[str, str]:
    """The status notices of an entry: ``{field: DOI or URL of the notice}``."""
    fields = entry(key).fields
    return {name: fields[name] for name in STATUS_FIELDS if fields.get(name)}


def is_retracted(key: str) -> bool:
    return "retracted" in status(key)


def retracted_keys() -> list[str]:
    """Every bibliography key whose work has been retracted."""
    return sorted(key for key, work in bibliography().entries.items()
                  if work.fields.get("retracted"))


def _notice_href(value: str) -> str:
    value = value.strip()
    return value if re.match(r"^https?://", value) else f"https://doi.org/{value}"


def status_html(key: str) -> str:
    """Labels such as "Retracted" for an entry, each linked to its notice ('' if none)."""
    notices = status(key)
    links = []
    for name, text in STATUS_FIELDS.items():
        notice = notices.get(name)
        if notice:
            links.append(f'<a class="oxy-status oxy-status-{name}" '
                         f'href="{html.escape(_notice_href(notice))}"><strong>{text}</strong></a>')
    return " ".join(links)


def link(key: str) -> str | None:
    """The DOI link of an entry, or its URL."""
    fields = entry(key).fields
    doi = fields.get("doi")
    if doi:
        return f"https://doi.org/{doi}"
    return _from_notebooks(fields.get("url"))


def _from_notebooks(url: str | None) -> str | None:
    """A repository-relative URL (``seeds/x.md``) as seen from ``notebooks/``."""
    if url and not re.match(r"^[a-z][a-z0-9+.-]*:|^/|^\.\./", url, re.IGNORECASE):
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


@functools.cache
def _formatted(key: str) -> str:
    from pybtex.backends.html import Backend
    from pybtex.database import BibliographyData
    from pybtex.style.formatting.unsrt import Style

    data = BibliographyData(entries={key: entry(key)})
    formatted = next(iter(Style().format_entries(data.entries.values())))
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
    items = "".join(
        f'<li id="ref-{html.escape(key)}"><span class="oxy-ref-key">[{html.escape(key)}]</span> '
        f"{format_html(key)}</li>"
        for key in sorted(set(keys), key=by_label)
    )
    return f'<ul class="oxy-references">{items}</ul>'


def show_for(notebook: str | Path) -> HTML:
    """Display the reference list for every key a notebook cites."""
    return HTML(references_html(keys_in_notebook(notebook)))
