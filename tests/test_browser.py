"""The course pages in a real browser (headless Chromium driven by Playwright).

Every page, served over HTTP on 127.0.0.1: loads with no console error, no
failed request and no request to another host; its widgets render; each
live explorer (the control kept live on the page) changes its figure when its
slider moves by keyboard; axe-core finds no serious or critical accessibility
violation (search results included); every image has alt text.  The index and a
notebook page also load from ``file://``; from disk, a reader searches, follows the first
result to its section, follows a glossary link and comes back.  Every slide deck opens from
disk and over HTTP with no console error and no request to another host, and steps through
to its last slide by keyboard.  A notebook page prints to PDF as a handout (no navigation,
search or sections list, explorers left out, solutions folded).

Uses the system Chromium (``/usr/bin/chromium``), never a downloaded browser.
Without it these tests skip, unless ``OXYTOCIN_REQUIRE_BROWSER=1``.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from site_helpers import (
    CHROMIUM_FLAGS,
    built_site,
    course_notebooks,
    require_browser_or_skip,
    serve,
    site_summary,
)

from oxytocin_course import runsheets
from oxytocin_course.site.assets import axe_core_path
from oxytocin_course.site.build import page_name

LESSONS = runsheets.lessons()
DECKS = [runsheets.slides_name(p) for p in LESSONS]
PAGES = [page_name(p) for p in course_notebooks()] + [
    "index.html", "references.html", "evidence.html", "changelog.html",
    "search.html", "search.html?q=Kosfeld", "search.html?q=half-life"] + [
    page_name(runsheets.run_sheet_name(p.name[:2])) for p in LESSONS]
# The first test to ask for the site pays for its build (all notebooks executed).
pytestmark = pytest.mark.timeout(1800)

RENDERED_JS = """() => {
  const views = document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]');
  let rendered = 0;
  views.forEach(v => { const area = v.parentElement;
    if (area.querySelector('.widget-subarea > .lm-Widget')) rendered += 1; });
  const mj = window.MathJax && window.MathJax.Hub;
  const mathDone = !mj || (mj.queue && mj.queue.pending === 0 && !mj.queue.running);
  return {views: views.length, rendered: rendered, mathDone: !!mathDone};
}"""

SLIDERS_JS = """() => Array.from(document.querySelectorAll('.jp-OutputArea-output .widget-slider .noUi-handle')).length"""


@pytest.fixture(scope="module")
def browser():
    exe = require_browser_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require_browser_or_skip()
    return built_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site) as url:
        yield url


class Watch:
    """Console errors, failed requests and every requested URL of one page."""

    def __init__(self, page, allowed_prefix: str):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.requests: list[str] = []
        self.allowed = allowed_prefix
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: self.requests.append(r.url))

    def external(self) -> list[str]:
        return [u for u in self.requests
                if not u.startswith((self.allowed, "data:", "blob:"))]


def open_page(browser, url: str, allowed: str):
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page, allowed)
    page.goto(url, wait_until="load")
    page.wait_for_function(
        f"() => {{ const s = ({RENDERED_JS})(); return s.rendered === s.views && s.mathDone; }}",
        timeout=30_000)
    try:
        # Settle: no request for half a second.  Every request is local, and the checks
        # that matter (console errors, failed or outside requests) are asserted by the
        # caller; a busy machine sometimes keeps a local connection open past the wait.
        page.wait_for_load_state("networkidle", timeout=15_000)
    except Exception as err:  # noqa: BLE001 - playwright's TimeoutError only
        if type(err).__name__ != "TimeoutError":
            raise
    return page, watch


def frame_src(page, handle) -> str:
    """The src of the first image in the widget output area holding ``handle``."""
    return handle.evaluate("""h => { const area = h.closest('.jp-OutputArea-output');
        const img = area && area.querySelector('img'); return img ? img.getAttribute('src') : ''; }""")


def figure_changed(page, handle, before: str) -> bool:
    """Does the figure beside slider ``handle`` change from ``before`` within 2 s?"""
    try:
        page.wait_for_function(
            """([h, before]) => { const area = h.closest('.jp-OutputArea-output');
                const img = area && area.querySelector('img');
                return img && img.getAttribute('src') !== before; }""",
            arg=[handle, before], timeout=2_000)
    except Exception:  # noqa: BLE001 - a live-only slider does not change the figure
        return False
    return True


def move_sliders(page) -> int:
    """Press an arrow key on each slider handle; count figures that changed."""
    changed = 0
    for handle in page.query_selector_all(".jp-OutputArea-output .widget-slider .noUi-handle"):
        before = frame_src(page, handle)
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if now is not None and now == top else "ArrowRight"
        handle.focus()
        page.keyboard.press(key)
        changed += figure_changed(page, handle, before)
    return changed


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(axe_core_path()))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                           " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))")
    return [f"{v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in result
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("page_name_", PAGES)
def test_page_in_browser(browser, site, base_url, page_name_):
    page, watch = open_page(browser, base_url + page_name_, base_url)
    try:
        assert not watch.errors, f"console errors: {watch.errors[:5]}"
        assert not watch.failed, f"failed requests: {watch.failed[:5]}"
        assert not watch.external(), f"requests to another host: {watch.external()[:5]}"
        stats = page.evaluate(RENDERED_JS)
        assert stats["rendered"] == stats["views"]
        # Every image (widgets included) has alt text.
        bad = page.evaluate("""() => Array.from(document.images)
            .filter(i => !(i.getAttribute('alt') || '').trim()
                         || i.alt.includes('No description has been provided'))
            .map(i => i.outerHTML.slice(0, 100))""")
        assert not bad, f"images without alt text: {bad[:3]}"
        # Slider handles have accessible names.
        unnamed = page.evaluate("""() => Array.from(document.querySelectorAll('.noUi-handle'))
            .filter(h => !(h.getAttribute('aria-label') || '').trim()).length""")
        assert unnamed == 0, f"{unnamed} slider handle(s) without an accessible name"
        violations = axe_violations(page)
        assert not violations, "axe-core:\n" + "\n".join(violations)
        info = {p["page"]: p for p in site_summary(site)["pages"]}.get(page_name_)
        if info and info["live_explorers"]:
            moved = move_sliders(page)
            assert moved >= info["live_explorers"], (
                f"{moved} of {info['live_explorers']} live explorer(s) changed "
                "their figure when the slider moved")
        assert not watch.errors, f"console errors after interaction: {watch.errors[:5]}"
    finally:
        page.close()


def _busiest_notebook_page(site: Path) -> str:
    pages = site_summary(site)["pages"]
    best = max(pages, key=lambda p: (p["live_explorers"], p["page"] == pages[0]["page"]))
    return best["page"]


@pytest.mark.parametrize("which", ["index", "notebook"])
def test_page_from_file_url(browser, site, which):
    name = "index.html" if which == "index" else _busiest_notebook_page(site)
    url = (site / name).resolve().as_uri()
    page, watch = open_page(browser, url, "file://")
    try:
        assert not watch.errors, f"console errors: {watch.errors[:5]}"
        assert not watch.failed, f"failed requests: {watch.failed[:5]}"
        assert not watch.external(), f"requests to another host: {watch.external()[:5]}"
        info = {p["page"]: p for p in site_summary(site)["pages"]}.get(name)
        if info and info["live_explorers"]:
            assert move_sliders(page) >= 1
    finally:
        page.close()


def test_keyboard_skip_link_and_solutions(browser, site, base_url):
    """Tab reaches the skip link first; a folded solution opens with the keyboard."""
    pages = site_summary(site)["pages"]
    name = next((p["page"] for p in pages
                 if "Worked solution" in (site / p["page"]).read_text(encoding="utf-8")),
                pages[0]["page"])
    page, watch = open_page(browser, base_url + name, base_url)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.className") == "oxy-skip"
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") == "#content"
        summary = page.query_selector("details.oxy-solution > summary")
        if summary is not None:
            summary.focus()
            page.keyboard.press("Enter")
            assert summary.evaluate("s => s.parentElement.open")
            # Opening a worked solution opens its folded output too (course.js).
            assert summary.evaluate("""s => Array.from(s.parentElement.querySelectorAll(
                'details.oxy-solution-output')).every(d => d.open)""")
        assert not watch.errors
    finally:
        page.close()


def section_text(site: Path, url: str) -> str:
    """The text of the search index's section at ``url`` (page#anchor)."""
    text = (site / "search-index.js").read_text(encoding="utf-8")
    docs = json.loads(re.search(r"window\.OXY_SEARCH_DOCS = (.*);\s*$", text, re.DOTALL).group(1))
    return next(doc["text"] for doc in docs if doc["url"] == url)


def in_view(page, anchor: str) -> bool:
    """Is the element with id ``anchor`` on screen (scrolled to)?"""
    return page.evaluate("""a => { const el = document.getElementById(a);
        if (!el) return false; const r = el.getBoundingClientRect();
        return r.top >= -2 && r.top < window.innerHeight; }""", anchor)


@pytest.mark.parametrize("query, expected", [("Kosfeld", "06_trust_game.html"),
                                             ("half-life", "01_molecule_and_body.html")])
def test_search_from_disk_follows_first_result(browser, site, query, expected):
    """From disk: type in the masthead's search box, press Enter, follow the first result."""
    if not (site / expected).exists():
        pytest.skip(f"{expected} was not built")
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page, "file://")
    try:
        page.goto((site / "index.html").resolve().as_uri(), wait_until="load")
        box = page.get_by_role("search").get_by_role("searchbox")
        box.fill(query)
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*")
        first = page.locator("#oxy-results ol.oxy-results a.oxy-result-title").first
        first.wait_for(timeout=10_000)
        status = page.locator("#oxy-search-status").inner_text()
        assert query in status and "sections mention" in status, status
        assert page.locator(".oxy-snippet mark").count() > 0, "no highlighted snippet"
        href = first.get_attribute("href")
        first.click()
        page.wait_for_load_state("load")
        landed = unquote(page.url.rsplit("/", 1)[-1])
        name, _, anchor = landed.partition("#")
        assert name == expected, f"the first result for {query!r} is {href}, not in {expected}"
        assert anchor, f"the first result {href} does not land on a section"
        page.wait_for_function("a => document.getElementById(a) !== null", arg=anchor)
        assert in_view(page, anchor), f"{landed}: the section is not scrolled into view"
        assert query.lower() in section_text(site, f"{name}#{anchor}").lower()
        assert not watch.errors, f"console errors: {watch.errors[:5]}"
        assert not watch.external(), f"requests to another host: {watch.external()[:5]}"
    finally:
        page.close()


def test_glossary_link_and_back_from_disk(browser, site):
    """From disk: a lesson's first glossary link lands on the entry; Back returns."""
    lesson = next(p["page"] for p in site_summary(site)["pages"]
                  if p["kind"] == "lesson" and '13_glossary.html#term-' in
                  (site / p["page"]).read_text(encoding="utf-8"))
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    watch = Watch(page, "file://")
    try:
        start = (site / lesson).resolve().as_uri()
        page.goto(start, wait_until="load")
        link = page.locator('main a[href^="13_glossary.html#term-"]').first
        anchor = link.get_attribute("href").partition("#")[2]
        link.click()
        page.wait_for_url("**/13_glossary.html#*")
        page.wait_for_function("a => document.getElementById(a) !== null", arg=anchor)
        assert in_view(page, anchor), f"glossary entry {anchor} is not in view"
        page.go_back(wait_until="load")
        assert page.url.split("#")[0] == start
        assert not watch.errors, f"console errors: {watch.errors[:5]}"
    finally:
        page.close()


# --------------------------------------------------------------------------- slides
DECK_JS = """() => { const s = Array.from(document.querySelectorAll('.reveal .slides > section'));
  return {count: s.length, present: s.findIndex(x => x.classList.contains('present')),
          ready: document.querySelector('.reveal.ready') !== null}; }"""


@pytest.mark.parametrize("how", ["disk", "http"])
def test_every_deck_steps_through_by_keyboard(browser, site, base_url, how):
    """Each deck: reveal.js starts, nothing is fetched from another host, no console
    error, and the right-arrow key walks from the first slide to the last."""
    for deck in DECKS:
        url = ((site / "slides" / deck).resolve().as_uri() if how == "disk"
               else f"{base_url}slides/{deck}")
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        watch = Watch(page, "file://" if how == "disk" else base_url)
        try:
            page.goto(url, wait_until="load")
            page.wait_for_function(f"() => ({DECK_JS})().ready", timeout=20_000)
            state = page.evaluate(DECK_JS)
            assert state["present"] == 0 and state["count"] >= 5, f"{deck}: {state}"
            for step in range(1, state["count"]):
                page.keyboard.press("ArrowRight")
                page.wait_for_function(f"n => ({DECK_JS})().present === n", arg=step,
                                       timeout=5_000)
            page.keyboard.press("ArrowRight")  # past the end: stays on the last slide
            assert page.evaluate(DECK_JS)["present"] == state["count"] - 1
            page.keyboard.press("Home")
            page.wait_for_function(f"() => ({DECK_JS})().present === 0", timeout=5_000)
            assert not watch.errors, f"{deck}: console errors {watch.errors[:5]}"
            assert not watch.failed, f"{deck}: failed requests {watch.failed[:5]}"
            assert not watch.external(), f"{deck}: requests to another host {watch.external()[:5]}"
        finally:
            page.close()


# --------------------------------------------------------------------------- handouts
PRINT_JS = """() => { const hidden = sel => Array.from(document.querySelectorAll(sel))
    .every(e => getComputedStyle(e).display === 'none');
  const shown = sel => Array.from(document.querySelectorAll(sel))
    .filter(e => getComputedStyle(e).display !== 'none').length;
  const folded = Array.from(document.querySelectorAll('details.oxy-solution'));
  return {chrome: ['.oxy-masthead', '.oxy-search', '.oxy-toc', '.oxy-pager', '.oxy-run',
                   '.jupyter-widgets'].every(hidden),
          figures: shown('figure.oxy-figure'),
          solutions: folded.length,
          solutionsFolded: folded.every(d => !d.open &&
              Array.from(d.children).filter(c => c.tagName !== 'SUMMARY')
                .every(c => !c.checkVisibility()))}; }"""


def test_a_page_prints_as_a_handout(browser, site, tmp_path):
    """Printing notebook 07's page: the print stylesheet hides the navigation, the search
    box, the sections list and the explorers, keeps every default figure and leaves the
    worked solutions folded; Chromium writes a PDF of a sensible length."""
    name = page_name(next(p for p in LESSONS if p.name.startswith("07")))
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto((site / name).resolve().as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        page.emulate_media(media="print")
        state = page.evaluate(PRINT_JS)
        assert state["chrome"], "navigation, search, sections list or explorers still print"
        assert state["figures"] >= 3 and state["solutions"] >= 2 and state["solutionsFolded"], state
        pdf = tmp_path / "handout.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True)
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF")
        pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
        assert 4 <= pages <= 40, f"{pages} pages"
    finally:
        page.close()
