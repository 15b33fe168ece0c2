"""The rendered HTML course pages, checked without a browser.

The site is built once per session (``site_helpers.built_site``, in tests/):
every notebook executed fresh, rendered through the course template.  These
tests read the HTML: pages, navigation, citations, links, alt text, folded
solutions, offline assets, and that ``figures/`` is current.
"""
from __future__ import annotations

import html
import itertools
import json
import re
from pathlib import Path
from urllib.parse import unquote

import nbformat
import pytest
from site_helpers import built_site, course_notebooks, figures_of, site_summary

from oxytocin_course import runsheets
from oxytocin_course.notebook_files import (
    PARTS,
    cell_source,
    citation_keys,
    markdown_sources,
    read_notebook,
)
from oxytocin_course.references import bibliography
from oxytocin_course.site.build import FIGURE_DIR, MODEL_REF, page_name, read_info

NOTEBOOKS = course_notebooks()
# The first test to ask for the site pays for its build (all notebooks executed).
pytestmark = pytest.mark.timeout(1800)
EXTRA = ["index.html", "references.html", "evidence.html", "changelog.html", "search.html"]
LESSONS = runsheets.lessons()
RUN_SHEETS = [page_name(runsheets.run_sheet_name(p.name[:2])) for p in LESSONS]
DECKS = [runsheets.slides_name(p) for p in LESSONS]
PAGES = [page_name(p) for p in NOTEBOOKS] + EXTRA + RUN_SHEETS


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    return built_site(tmp_path_factory)


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


def widget_state(text: str) -> dict:
    m = re.search(r'<script type="application/vnd\.jupyter\.widget-state\+json">\s*(.*?)\s*</script>',
                  text, re.DOTALL)
    return json.loads(html.unescape(m.group(1))) if m else {}


def visible_html(text: str) -> str:
    """The page's HTML plus the HTML held in its widgets' state."""
    state = widget_state(text).get("state", {})
    inner = [v["state"].get("value", "") for v in state.values()
             if v.get("model_name") in ("HTMLModel", "HTMLMathModel")]
    page = re.sub(r'<script type="application/vnd\.jupyter\.widget-state\+json">.*?</script>', "",
                  text, flags=re.DOTALL)
    return page + "\n".join(inner)


def test_every_page_is_built(site):
    assert NOTEBOOKS, "no notebooks found"
    for page in PAGES:
        assert (site / page).is_file(), f"{page} was not built"
    summary = site_summary(site)
    assert [p["page"] for p in summary["pages"]] == [page_name(p) for p in NOTEBOOKS]
    print(f"\nsite build: {summary['build_seconds']} s; HTML {summary['html_bytes'] / 1e6:.1f} MB; "
          f"with assets {summary['total_bytes'] / 1e6:.1f} MB")


@pytest.mark.parametrize("page", PAGES)
def test_no_request_to_another_host(site, page):
    text = read(site, page)
    # Anything the browser fetches by itself: scripts, styles, images, frames, fonts.
    fetched = re.findall(r'<(?:script|img|iframe|source|video|audio|embed)\b[^>]*\bsrc="([^"]*)"', text)
    fetched += re.findall(r'<link\b[^>]*\bhref="([^"]*)"', text)
    fetched += re.findall(r'url\(\s*["\']?(https?:[^)"\']*)', text)
    external = [u for u in fetched if re.match(r"^(?:https?:)?//", u)]
    assert not external, f"{page} loads from another host: {external[:5]}"
    for url in re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', text):
        local = site / url.split("?")[0]
        assert local.is_file(), f"{page}: script {url} is missing from the site"
    assert "cdn.jsdelivr" not in text and "unpkg.com" not in text and "cdnjs" not in text


def test_offline_assets(site):
    assert (site / "favicon.ico").stat().st_size > 0
    assert (site / "assets/require.js").is_file()
    assert (site / "assets/html-manager/embed-amd.js").is_file()
    mathjax = site / "assets/mathjax"
    assert (mathjax / "MathJax.js").is_file()
    assert (mathjax / "config/TeX-AMS_CHTML-full.js").is_file()
    assert (mathjax / "extensions/Safe.js").is_file()
    text = read(site, page_name(NOTEBOOKS[0]))
    assert 'src="assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"' in text
    assert 'src="assets/require.js"' in text
    assert "latest.js" not in text


@pytest.mark.parametrize("page", PAGES)
def test_one_h1_and_heading_order(site, page):
    text = visible_html(read(site, page))
    levels = [int(x) for x in re.findall(r"<h([1-6])\b", text)]
    assert levels.count(1) == 1, f"{page} has {levels.count(1)} H1 headings"
    assert levels[0] == 1, f"{page}: the first heading is not the H1"
    for upper, lower in itertools.pairwise(levels):
        assert lower <= upper + 1, f"{page}: heading jumps from h{upper} to h{lower}"


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text(site, page):
    text = visible_html(read(site, page))
    imgs = re.findall(r"<img\b[^>]*>", text)
    for tag in imgs:
        m = re.search(r'\balt="([^"]*)"', tag)
        assert m and m.group(1).strip(), f"{page}: image without alt text: {tag[:120]}"
        assert "No description has been provided" not in m.group(1)


def ids_on(site: Path, page: str) -> set[str]:
    """Every ``id`` on a page, those in its widgets' HTML included."""
    return {html.unescape(found)
            for found in re.findall(r'\bid="([^"]+)"', visible_html(read(site, page)))}


@pytest.mark.parametrize("page", PAGES)
def test_links_are_rewritten_and_resolve(site, page):
    """Every link lands: on a file of the site and, with a fragment, on an id there
    (glossary entries, references, claims, section headings, the page's own sections)."""
    text = read(site, page)
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', visible_html(text))
    assert not [h for h in hrefs if h.endswith(".ipynb") or ".ipynb#" in h], \
        f"{page} links to a notebook file instead of its page"
    assert "README.md" not in " ".join(hrefs)
    ids: dict[str, set[str]] = {}
    for h in hrefs:
        if re.match(r"^[a-z]+:", h):
            continue
        target, _, frag = html.unescape(h).partition("#")
        target = target or page
        assert (site / target).is_file(), f"{page}: broken link {h}"
        if frag and target.endswith(".html"):
            if target not in ids:
                ids[target] = ids_on(site, target)
            # As a browser does: the fragment as written, else percent-decoded.
            assert frag in ids[target] or unquote(frag) in ids[target], \
                f"{page}: link {h} lands on no id of {target}"


def test_contents_goes_to_the_course_index(site):
    """*Contents* (the pager's, and the notebook header's, which opens notebook 00's course
    map in JupyterLab) is the course index on the pages."""
    for nb_path in NOTEBOOKS:
        text = visible_html(read(site, page_name(nb_path)))
        targets = re.findall(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>\s*Contents\s*</a>', text)
        assert len(targets) >= 3, f"{nb_path.name}: masthead, pager and header Contents links"
        assert set(targets) == {"index.html"}, f"{nb_path.name}: Contents goes to {set(targets)}"


def test_page_weight(site):
    """Pages load quickly: none over 1.5 MB, all of them under 12 MB (shared assets apart)."""
    sizes = {page.name: page.stat().st_size for page in site.glob("*.html")}
    heavy = {name: round(size / 1e6, 2) for name, size in sizes.items() if size > 1.5e6}
    assert not heavy, f"pages over 1.5 MB: {heavy}"
    assert sum(sizes.values()) < 12e6, f"{sum(sizes.values()) / 1e6:.1f} MB of HTML in all"
    maps = [str(path.relative_to(site)) for path in (site / "assets").rglob("*.map")]
    assert not maps, f"source maps copied into the site: {maps[:3]}"


def test_search_index_covers_every_page(site):
    """search-index.js holds the sections of every page; each lands on an id of its page."""
    text = read(site, "search-index.js")
    docs = json.loads(re.search(r"window\.OXY_SEARCH_DOCS = (.*);\s*$", text, re.DOTALL).group(1))
    pages = {doc["page"] for doc in docs}
    urls = {doc["url"].partition("#")[0] for doc in docs}
    for page in [page_name(p) for p in NOTEBOOKS] + ["references.html", "evidence.html"] + RUN_SHEETS:
        assert page in urls, f"{page} is not in the search index"
    assert len(pages) >= len(NOTEBOOKS)
    assert len({doc["id"] for doc in docs}) == len(docs), "duplicate ids in the search index"
    ids: dict[str, set[str]] = {}
    for doc in docs:
        target, _, frag = doc["url"].partition("#")
        if frag:
            ids.setdefault(target, ids_on(site, target))
            assert frag in ids[target], f"search result {doc['url']} lands on no id"
        assert doc["text"] or frag, f"empty section {doc['url']}"
    lessons = [doc for doc in docs if doc["kind"] == "lesson"]
    assert any("Kosfeld" in doc["title"] for doc in lessons)
    assert any("half-life" in doc["text"] for doc in lessons)
    site_text = read(site, "search.html")
    for script in ("assets/minisearch/index.js", "search-index.js", "assets/search.js"):
        assert f'src="{script}"' in site_text


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_citations_become_author_year_links(site, nb_path):
    text = read(site, page_name(nb_path))
    body = re.sub(r"<script.*?</script>", "", text, flags=re.DOTALL)
    assert not re.search(r"\[@[\w:-]+", body), "a [@key] citation was left raw"
    for key in citation_keys("\n".join(markdown_sources(nb_path))):
        assert f'href="references.html#ref-{key}"' in text, f"citation {key} is not linked"


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_navigation_and_solutions(site, nb_path):
    text = read(site, page_name(nb_path))
    assert 'class="oxy-pager oxy-pager-top"' in text and 'class="oxy-pager oxy-pager-bottom"' in text
    # The list of the page's sections, each a link to its heading.
    toc = re.search(r'<nav class="oxy-toc"[^>]*>(.*?)</nav>', text, re.DOTALL)
    assert toc, f"{page_name(nb_path)} has no list of sections"
    sections = re.findall(r'href="#([^"]+)"', toc.group(1))
    headings = re.findall(r'<h2 id="([^"]+)"', text.split("</main>")[0])
    assert sections and sections == [h for h in headings if h != "oxy-run-title"]
    assert 'role="search"' in text and 'type="search"' in text
    assert "make lab" in text and "Binder" in text
    nb = nbformat.read(nb_path, as_version=4)
    n_solutions = sum(1 for c in nb.cells if "solution" in c.metadata.get("tags", []))
    assert len(re.findall(r"<summary>Worked solution to (?:Exercise \d+\.\d+|this exercise)"
                          r"(?:: code and output)?</summary>", text)) == n_solutions
    # No plumbing on the page: the %%solution line, display-only calls and folded
    # outputs stay out of sight (every worked solution's output is itself folded).
    code = "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block))
                     for block in re.findall(r'<div class="highlight[^"]*"><pre>(.*?)</pre>', text, re.DOTALL))
    assert "%%solution" not in code
    for call in ("evidence_table(", "quiz.show(", "show_for("):
        assert call not in code, f"{page_name(nb_path)} shows the code {call!r}"
    for block in re.findall(r'<details class="oxy-solution-output"[^>]*>', text):
        assert " open" not in block


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_error_output_and_widgets_stored(site, nb_path):
    text = read(site, page_name(nb_path))
    assert "Traceback (most recent call last)" not in text or "raises-exception" in text
    views = re.findall(r'"model_id": "([0-9a-f]{32})"', text)
    state = widget_state(text).get("state", {})
    missing = [v for v in views if v not in state]
    assert not missing, f"widget views without stored state: {missing[:3]}"
    for k, v in state.items():  # every reference between models resolves
        for ref in MODEL_REF.findall(json.dumps(v["state"])):
            assert ref in state, f"model {k} refers to a model not stored: {ref}"


def test_live_explorers(site):
    """A notebook that shows explorers keeps at least one control live on its page."""
    for page in site_summary(site)["pages"]:
        if page["explorers"]:
            assert page["live_explorers"] >= 1, (
                f"{page['notebook']} shows {page['explorers']} explorer(s) but none has a "
                "page_control: its page has no interactive figure")


def test_index_course_map(site):
    text = read(site, "index.html")
    for p in NOTEBOOKS:
        info = read_info(p)
        assert f'href="{info.page}"' in text, f"index does not link {info.page}"
        assert html.escape(info.title, quote=False) in text or info.title in text
        if info.time:
            assert html.escape(info.time, quote=False) in text
        assert html.escape(info.part, quote=False) in text
    for grade in ("Established", "Supported", "Mixed", "Not supported", "Hypothesis",
                  "Illustrative model"):
        assert grade in text


def test_references_page_lists_every_entry_with_doi_or_url(site):
    text = read(site, "references.html")
    entries = bibliography().entries
    for key, e in entries.items():
        m = re.search(rf'<li id="ref-{re.escape(key)}">(.*?)</li>', text, re.DOTALL)
        assert m, f"reference {key} missing from references.html"
        if e.fields.get("doi"):
            assert f'href="https://doi.org/{e.fields["doi"]}"' in m.group(1), f"{key}: no DOI link"
        else:
            assert "href=" in m.group(1), f"{key}: no link"


def test_glossary_page(site):
    from oxytocin_course import glossary

    from oxytocin_course.site.build import GLOSSARY_NOTEBOOK

    assert not (site / "glossary.html").exists(), "one glossary page, not two"
    page = page_name(GLOSSARY_NOTEBOOK)
    text = read(site, page)
    ids = re.findall(r'\bid="(term-[^"]+)"', visible_html(text))
    assert len(ids) == len(set(ids)), "a glossary anchor appears twice"
    for t in glossary.terms():
        assert t.anchor in ids, f"{page} has no entry {t.anchor}"
    assert 'href="13_glossary.html"' in read(site, "index.html")


def _manifest_rows(path: Path) -> list[tuple]:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return sorted((r["id"], r["notebook"], r["caption"], r["alt"]) for r in rows)


def test_committed_figures_are_current(site):
    """figures/ (committed) holds what a fresh build exports: same ids, captions, alt."""
    fresh = figures_of(site) / "manifest.json"
    if not fresh.exists() or fresh.resolve() == (FIGURE_DIR / "manifest.json").resolve():
        pytest.skip("this session did not export its own figures (OXYTOCIN_SITE_DIR)")
    committed = FIGURE_DIR / "manifest.json"
    assert committed.exists(), "figures/manifest.json is missing: run `make site` and commit figures/"
    new, old = _manifest_rows(fresh), _manifest_rows(committed)
    assert new == old, ("figures/ is out of date with the notebooks: run `make site` and commit "
                        f"figures/ (added {sorted(set(new) - set(old))[:3]}, "
                        f"removed {sorted(set(old) - set(new))[:3]})")
    for row in json.loads(committed.read_text(encoding="utf-8")):
        assert (FIGURE_DIR / row["png"]).is_file() and (FIGURE_DIR / row["svg"]).is_file()
        assert row["id"].startswith(row["notebook"][:2] + "-")
        assert row["alt"].strip() and row["caption"].strip()


def test_evidence_register_page_lists_every_claim(site):
    from oxytocin_course import register

    text = read(site, "evidence.html")
    for c in register.load():
        assert f'id="claim-{c.id}"' in text, f"{c.id} missing from evidence.html"
    assert "stop at the first" in text.lower() or "first <em>yes</em>" in text


def test_changelog_page_is_linked_from_the_index(site):
    from oxytocin_course import __version__

    assert 'href="changelog.html"' in read(site, "index.html")
    text = read(site, "changelog.html")
    assert __version__ in text and "Errata" in text


def test_build_runs_kernels_quietly_and_names_a_failing_cell(tmp_path, capfd):
    """The site build and the benchmarks run kernels without transport warnings, and a
    failing notebook is reported by name, cell and error."""
    from oxytocin_course.site.build import BuildError, execute_notebook

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("y = x + 1\nraise ValueError('the model refused')")]
    path = tmp_path / "98_broken.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(BuildError) as failure:
        execute_notebook(nbformat.read(path, as_version=4), path)
    message = str(failure.value)
    assert message.startswith("98_broken.ipynb: cell 3 of 3")
    assert "ValueError: the model refused" in message and "y = x + 1" in message
    assert "\x1b[" not in message, "colour codes in the message"
    good = nbformat.read(path, as_version=4)
    good.cells = good.cells[:2]
    execute_notebook(good, path)
    assert good.cells[1].execution_count == 1
    out, err = capfd.readouterr()
    assert "without encryption" not in out + err and "WARNING" not in out + err, out + err


# --------------------------------------------------------------------------- teaching kit
def test_index_lists_parts_run_sheets_and_slides(site):
    """The index groups the notebooks under the parts of notebook_files.PARTS, in order,
    and lists every session's run sheet and slide deck (session NN = notebook NN)."""
    text = read(site, "index.html")
    shown = [html.unescape(part) for part in re.findall(r'<h3 id="part-\d+">(.*?)</h3>', text)]
    assert shown == list(PARTS)
    rows = re.findall(r"<tr><td>(\d\d)</td><td>.*?</td><td><a href=\"([^\"]+)\">.*?"
                      r"<td><a href=\"([^\"]+)\">", text)
    assert [(number, sheet, deck) for number, sheet, deck in rows] == [
        (p.name[:2], sheet, f"slides/{deck}") for p, sheet, deck in zip(LESSONS, RUN_SHEETS, DECKS)]


def test_each_lesson_page_links_its_run_sheet(site):
    for lesson, sheet in zip(LESSONS, RUN_SHEETS):
        assert f'href="{sheet}"' in read(site, page_name(lesson))
        assert f'href="{page_name(lesson)}"' in read(site, sheet)


def _tagged(lesson) -> list[dict]:
    return [cell for cell in read_notebook(lesson)["cells"]
            if "slide" in cell.get("metadata", {}).get("tags", [])]


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.name[:2] for p in LESSONS])
def test_slide_deck(site, lesson):
    """One deck per session: one slide per tagged cell (title, objectives, prompts, key
    figures with captions, seminar questions, key points), speaker notes for each prompt,
    everything loaded from the site itself, every link landing on a file."""
    deck_path = site / "slides" / runsheets.slides_name(lesson)
    text = deck_path.read_text(encoding="utf-8")
    assert deck_path.stat().st_size < 1.5e6
    tagged = _tagged(lesson)
    slides = re.findall(r"<section>\s*<section>", text)  # nbconvert nests each slide's section
    # One slide per tagged cell; a Markdown cell holding several sections, one per section
    # (references left out).
    expected = sum(1 if cell["cell_type"] == "code" else
                   len([part for part in re.split(r"(?m)^(?=## )", cell_source(cell))
                        if part.strip() and not part.lstrip().startswith("## References")])
                   for cell in tagged)
    assert len(slides) == expected
    prompts = sum("**Predict, then check" in cell_source(cell) for cell in tagged)
    assert text.count('<aside class="notes">') == prompts
    figures = sum(cell["cell_type"] == "code" for cell in tagged)
    assert text.count("<figcaption>") == figures >= 1
    fetched = re.findall(r'<(?:script|img|link)\b[^>]*\b(?:src|href)="([^"]*)"', text)
    assert not [u for u in fetched if re.match(r"^(?:https?:)?//", u)]
    for url in fetched:
        if not url.startswith("data:"):
            assert (deck_path.parent / url.split("?")[0]).is_file(), f"{deck_path.name}: {url}"
    assert "unpkg.com" not in text and "cdnjs" not in text and "jsdelivr" not in text
    for href in re.findall(r'<a\b[^>]*\bhref="([^"#]+)', text):
        if not re.match(r"^[a-z]+:", href):
            assert (deck_path.parent / href).is_file(), f"{deck_path.name}: broken link {href}"
