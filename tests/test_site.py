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

import nbformat
import pytest
from site_helpers import built_site, course_notebooks, figures_of, site_summary

from oxytocin_course.notebook_files import citation_keys, markdown_sources
from oxytocin_course.references import bibliography
from oxytocin_course.site.build import FIGURE_DIR, MODEL_REF, page_name, read_info

NOTEBOOKS = course_notebooks()
# The first test to ask for the site pays for its build (all notebooks executed).
pytestmark = pytest.mark.timeout(1800)
EXTRA = ["index.html", "glossary.html", "references.html", "evidence.html", "changelog.html"]
PAGES = [page_name(p) for p in NOTEBOOKS] + EXTRA


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


@pytest.mark.parametrize("page", PAGES)
def test_links_are_rewritten_and_resolve(site, page):
    text = read(site, page)
    hrefs = re.findall(r'<a\b[^>]*\bhref="([^"]*)"', text)
    assert not [h for h in hrefs if h.endswith(".ipynb") or ".ipynb#" in h], \
        f"{page} links to a notebook file instead of its page"
    assert "README.md" not in " ".join(hrefs)
    ids = {p: set(re.findall(r'\bid="([^"]+)"', read(site, p))) for p in ("references.html",)}
    for h in hrefs:
        if re.match(r"^[a-z]+:", h) or h.startswith("#"):
            continue
        target, _, frag = h.partition("#")
        assert (site / target).is_file(), f"{page}: broken link {h}"
        if target == "references.html" and frag:
            assert frag in ids["references.html"], f"{page}: no reference {frag}"


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
    assert 'class="oxy-pager"' in text and 'href="index.html"' in text
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

    text = read(site, "glossary.html")
    if glossary.GLOSSARY_PATH.exists():
        for t in glossary.terms():
            assert f'id="{t.anchor}"' in text


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
