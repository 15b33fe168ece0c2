"""The site's full-text search: sections of every page, searched offline in the browser.

``make site`` cuts every page into sections (a heading with an ``id``, a
glossary entry, a reference, a register claim: anything a link can land on)
and writes them to ``search-index.js`` as ``window.OXY_SEARCH_DOCS``.  The
search page (``search.html``) loads that file with a ``<script>`` tag, which
works from disk (``file://``) as well as over HTTP (``fetch`` of a JSON file
would not), indexes it with MiniSearch (a pinned, vendored npm package) and
shows each hit as a link to its section with a snippet.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

#: Elements whose text is never searched: scripts, styles, the code of code
#: cells, navigation, the "run this notebook" box and the masthead search box.
SKIP = ("script", "style", "nav", "header", "footer", "form", "noscript",
        ".jp-CodeCell .jp-InputArea", ".oxy-run", ".oxy-toc", ".oxy-pager", "a.anchor-link")
#: Ids that start a section besides headings: a glossary term (on any page: only the
#: glossary has them), a reference (on the references page; a notebook's own reference
#: list is part of its "References" section), a claim (on the evidence-register page).
ENTRY_IDS = {"references.html": re.compile(r"^(?:term-|ref-)"),
             "evidence.html": re.compile(r"^(?:term-|claim-)")}
TERM_IDS = re.compile(r"^term-")
#: Headings that start a section: a notebook's numbered sections (exercises and other
#: sub-headings belong to their section, so that a hit lands on the section that teaches).
HEADINGS = ("h1", "h2")
#: Characters of one section's text kept in the index (enough for any snippet).
MAX_TEXT = 6000
INDEX_FILE = "search-index.js"


@dataclass
class Section:
    """One search hit: where it lands and what it says."""

    id: str
    url: str
    page: str
    title: str
    text: str
    kind: str
    #: For a glossary entry: the pages of the notebooks that use the term (the search
    #: page ranks their sections first when the query names the term).
    notebooks: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    """One line of text: runs of space as one, no space before closing punctuation (the
    pieces of text between tags are joined with spaces)."""
    return re.sub(r"\s+([,.;:!?)\]])", r"\1", re.sub(r"\s+", " ", text)).strip()


def _title_of(tag) -> str:
    """A section's title: the heading's text, or an entry's first bold words."""
    if tag.name in HEADINGS:
        return _clean(tag.get_text(" ")).rstrip("¶").strip()
    container = tag if tag.name not in ("a", "span") else tag.parent
    bold = container.find(["strong", "b", "dfn", "cite"]) if container else None
    if bold is not None:
        return _clean(bold.get_text(" "))
    return _clean(container.get_text(" "))[:80] if container else tag.get("id", "")


def page_sections(html_text: str, page: str, page_title: str, kind: str) -> list[Section]:
    """Sections of one rendered page, in reading order (text before the first
    heading belongs to a section that lands on the page's top)."""
    entries = ENTRY_IDS.get(page, TERM_IDS)
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html_text, "html.parser")
    root = soup.find("main") or soup.body or soup
    for selector in SKIP:
        for tag in root.select(selector):
            tag.decompose()
    sections: list[Section] = [Section(f"{page}#", page, page_title, page_title, "", kind)]
    parts: list[list[str]] = [[]]
    for node in root.descendants:
        if isinstance(node, Tag):
            anchor = node.get("id", "")
            if anchor and (node.name in HEADINGS or entries.match(anchor)):
                sections.append(Section(f"{page}#{anchor}", f"{page}#{anchor}", page_title,
                                        _title_of(node) or page_title, "", kind))
                parts.append([])
        elif isinstance(node, NavigableString) and type(node) is NavigableString:
            parts[-1].append(str(node))
    found = []
    for section, words in zip(sections, parts):
        section.text = _clean(" ".join(words))[:MAX_TEXT]
        if section.text or section.url != page:
            found.append(section)
    return found


def write_index(out: Path, pages: list[tuple[str, str, str]]) -> int:
    """Index ``pages`` of the site in ``out``; the number of sections.

    Each page is (file name, title, kind); the kind (``lesson``, ``guide``, ``page``,
    ``changelog``) weights its sections in the ranking (``assets/search.js``)."""
    from oxytocin_course import glossary

    sections: list[Section] = []
    for page, title, kind in pages:
        html_text = (out / page).read_text(encoding="utf-8")
        sections += page_sections(html_text, page, title, kind)
    by_number = {page[:2]: page for page, _, _ in pages if page[:2].isdigit()}
    used_in = {entry.anchor: [by_number[number] for number in entry.notebooks
                              if number in by_number] for entry in glossary.terms()}
    for section in sections:
        anchor = section.url.partition("#")[2]
        if anchor.startswith("term-"):
            section.notebooks = used_in.get(anchor, [])
    seen: dict[str, int] = {}
    for section in sections:  # a page may repeat a heading (the changelog's "Corrections")
        seen[section.id] = seen.get(section.id, 0) + 1
        if seen[section.id] > 1:
            section.id = f"{section.id}~{seen[section.id]}"
    docs = json.dumps([asdict(section) for section in sections], ensure_ascii=False,
                      separators=(",", ":"))
    # ``</`` never ends a script block early, whatever a section says.
    docs = docs.replace("</", "<\\/")
    (out / INDEX_FILE).write_text(
        "// The course's search index, built by `make site` (oxytocin_course/site/search.py).\n"
        f"window.OXY_SEARCH_DOCS = {docs};\n", encoding="utf-8")
    return len(sections)
