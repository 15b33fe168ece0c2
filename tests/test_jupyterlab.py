"""Every notebook in JupyterLab, driven like a learner would (headless Chromium).

One JupyterLab server (127.0.0.1, a token, a free port, temporary runtime,
settings and workspace directories) for the whole module; each notebook is
opened in turn, run with *Run All*, checked for error outputs (cells tagged
``raises-exception`` excepted), and its first explorer slider is moved with
the keyboard until the explorer's figure changes.  The server is shut down
through its REST API, then by signal.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from site_helpers import CHROMIUM_FLAGS, course_notebooks, require_browser_or_skip

from oxytocin_course.notebook_files import NOTEBOOK_DIR

NOTEBOOKS = course_notebooks()
RUN_TIMEOUT_MS = 240_000

SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    # Never write outputs back (the server runs on a copy anyway).
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    # Keep every cell in the DOM, so output i belongs to cell i.
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=timeout) as r:  # localhost only
        return r.status, r.read()


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A running JupyterLab server: yields (base_url, token)."""
    require_browser_or_skip("Chromium (for the JupyterLab tests)")
    tmp = tmp_path_factory.mktemp("jupyterlab")
    for rel, value in SETTINGS.items():
        f = tmp / "settings" / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(json.dumps(value))
    # Serve a copy of the notebooks: a test must never write into notebooks/.
    root = tmp / "root"
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    token, port = secrets.token_hex(16), _free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("OXYTOCIN_STATIC", "OXYTOCIN_FIGURE_DIR")}
    env.update(JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("MPLBACKEND", None)  # as for a learner: the inline backend
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
           "--ip=127.0.0.1", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0",
           f"--LabApp.user_settings_dir={tmp / 'settings'}",
           f"--LabApp.workspaces_dir={tmp / 'workspaces'}"]
    log = open(tmp / "server.log", "w")  # noqa: SIM115 - the server's log, closed at the end
    proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if _get(f"{base}api/status?token={token}")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail("JupyterLab did not start:\n" + (tmp / "server.log").read_text()[-3000:])
            time.sleep(0.5)
        yield base, token
    finally:
        try:
            req = urllib.request.Request(f"{base}api/shutdown?token={token}", method="POST")
            urllib.request.urlopen(req, timeout=10)
        except OSError:
            pass
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


@pytest.fixture(scope="module")
def lab_page(lab):
    from playwright.sync_api import sync_playwright

    exe = require_browser_or_skip()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def _shutdown_sessions(base: str, token: str) -> None:
    """Stop the kernels of notebooks already tested (one kernel at a time)."""
    try:
        sessions = json.loads(_get(f"{base}api/sessions?token={token}")[1])
    except OSError:
        return
    for s in sessions:
        req = urllib.request.Request(f"{base}api/sessions/{s['id']}?token={token}", method="DELETE")
        try:
            urllib.request.urlopen(req, timeout=10)
        except OSError:
            pass


@pytest.mark.parametrize("nb_path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_in_jupyterlab(lab, lab_page, nb_path):
    base, token = lab
    page = lab_page
    _shutdown_sessions(base, token)
    nb = nbformat.read(nb_path, as_version=4)
    rel = f"notebooks/{nb_path.name}"
    t0 = time.perf_counter()
    page.goto(f"{base}lab/tree/{rel}?reset&token={token}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    # The kernel is connected and idle (the indicator alone says "idle" before that).
    page.wait_for_function(
        """() => { const bar = document.querySelector('#jp-main-statusbar');
                   const t = bar ? bar.textContent : '';
                   return /\\| Idle/.test(t) && !/No Kernel/.test(t); }""", timeout=90_000)
    page.wait_for_selector('.jp-Notebook-ExecutionIndicator[data-status="idle"]', timeout=60_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()
    # Done when every shown prompt has an execution count and the kernel is idle
    # again (hidden solution inputs show an empty prompt).
    page.wait_for_function(
        """() => { const prompts = Array.from(document.querySelectorAll(
                    '.jp-Notebook .jp-CodeCell .jp-InputPrompt')).map(p => p.textContent.trim());
                  const ind = document.querySelector('.jp-Notebook-ExecutionIndicator');
                  return prompts.some(t => /\\[\\d+\\]/.test(t))
                      && prompts.every(t => t === '' || /\\[\\d+\\]/.test(t))
                      && ind && ind.getAttribute('data-status') === 'idle'; }""",
        timeout=RUN_TIMEOUT_MS, polling=500)
    run_s = time.perf_counter() - t0

    # Error outputs: only in cells tagged raises-exception.
    errors = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
        .map((c, i) => [i, Array.from(c.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
            .map(o => o.textContent).filter(t => /Traceback|\\w+Error:/.test(t)).join('\\n').slice(0, 800)])
        .filter(([i, t]) => t)""")
    cells = nb.cells
    unexpected = []
    seen = set()
    for i, text in errors:
        if i in seen:
            continue
        seen.add(i)
        tags = cells[i].metadata.get("tags", []) if i < len(cells) else []
        if "raises-exception" not in tags:
            unexpected.append(f"cell {i}: {text}")
    assert not unexpected, f"{nb_path.name}: error output in JupyterLab:\n" + "\n".join(unexpected)

    # Worked solutions stay folded after Run All: nothing of a solution cell's output
    # (or a Markdown solution's answer) shows outside a closed <details>.
    solutions = [i for i, c in enumerate(cells) if "solution" in c.metadata.get("tags", [])]
    leaks = page.evaluate(VISIBLE_SOLUTION_JS, solutions)
    assert not [x for x in leaks if x[1] or x[2]], (
        f"{nb_path.name}: worked-solution output visible after Run All (cell, text, images): "
        f"{[x for x in leaks if x[1] or x[2]]}")
    hidden_src = [i for i, c in enumerate(cells)
                  if c.metadata.get("jupyter", {}).get("source_hidden")]
    shown_src = page.evaluate(VISIBLE_SOURCE_JS, hidden_src)
    assert not shown_src, f"{nb_path.name}: collapsed cells show their source after Run All: {shown_src}"

    # Move an explorer control (a slider by keyboard; else a dropdown); its figure,
    # an <img> inside the widget, must change.
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    if "_explorer(" in code:
        assert _move_a_control(page), (
            f"{nb_path.name}: moving an explorer control did not change its figure")
    shots = os.environ.get("OXYTOCIN_SCREENSHOTS")
    if shots:  # for a person to look at: the notebook after Run All and a moved control
        Path(shots).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(shots) / f"lab-{nb_path.stem}.png"))
    print(f"\n{nb_path.name}: opened and ran in {run_s:.1f} s")


VISIBLE_SOLUTION_JS = """indices => { const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
    return indices.map(i => {
        const cell = cells[i];
        const area = cell && (cell.querySelector('.jp-OutputArea') || cell.querySelector('.jp-RenderedMarkdown'));
        if (!area) { return [i, '', 0]; }
        const clone = area.cloneNode(true);
        clone.querySelectorAll('.jp-OutputPrompt, .jp-OutputArea-promptOverlay').forEach(n => n.remove());
        clone.querySelectorAll('details:not([open])').forEach(d =>
            Array.from(d.childNodes).forEach(n => { if (n.nodeName !== 'SUMMARY') { n.remove(); } }));
        clone.querySelectorAll('summary').forEach(n => n.remove());
        return [i, clone.textContent.trim().slice(0, 200),
                clone.querySelectorAll('img, svg, canvas').length];
    }); }"""
VISIBLE_SOURCE_JS = """indices => { const cells = document.querySelectorAll('.jp-Notebook .jp-Cell');
    return indices.filter(i => { const ed = cells[i] && cells[i].querySelector('.jp-InputArea-editor');
        return ed && ed.offsetParent !== null; }); }"""
IMG_SRC_JS = """el => { const a = el.closest('.jp-OutputArea-output');
    const img = a && a.querySelector('img'); return img ? img.src : null; }"""
CHANGED_JS = """([el, before]) => { const a = el.closest('.jp-OutputArea-output');
    const img = a && a.querySelector('img'); return img && img.src !== before; }"""


def _changed(page, element, before) -> bool:
    try:
        page.wait_for_function(CHANGED_JS, arg=[element, before], timeout=15_000)
        return True
    except Exception:  # noqa: BLE001 - try the next control
        return False


def _move_a_control(page) -> bool:
    """Move explorer controls until one changes its explorer's figure."""
    for handle in page.query_selector_all(".jp-OutputArea .widget-slider .noUi-handle")[:4]:
        before = handle.evaluate(IMG_SRC_JS)
        if before is None:
            continue
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        handle.scroll_into_view_if_needed()
        handle.focus()
        page.keyboard.press("ArrowLeft" if now is not None and now == top else "ArrowRight")
        if _changed(page, handle, before):
            return True
    for select in page.query_selector_all(".jp-OutputArea .widget-dropdown select")[:4]:
        before = select.evaluate(IMG_SRC_JS)
        if before is None:
            continue
        n = select.evaluate("s => s.options.length")
        if n < 2:
            continue
        current = select.evaluate("s => s.selectedIndex")
        select.scroll_into_view_if_needed()
        select.select_option(index=(current + 1) % n)
        if _changed(page, select, before):
            return True
    return False



IN_VIEW_JS = """sel => { const el = document.querySelector(sel);
    if (!el || el.offsetParent === null) { return false; }
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight - 40; }"""
CURRENT_TAB = ".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current"
VISIBLE_MARKDOWN = ".lm-DockPanel-widget:not(.lm-mod-hidden) .jp-RenderedMarkdown"


def _follow(page, link_selector: str, target: str, notebook: str, shot: Path | None) -> None:
    """Click the first link matching ``link_selector`` in the visible notebook; the tab of
    ``notebook`` must become current with ``target`` scrolled into view."""
    page.locator(f"{VISIBLE_MARKDOWN} {link_selector}").first.click()
    page.wait_for_selector(target, state="attached", timeout=60_000)
    try:  # the target may already be in the DOM (a background tab): wait for the switch
        page.wait_for_function("([tab, name]) => (document.querySelector(tab) || {})"
                               ".innerText.includes(name)", arg=[CURRENT_TAB, notebook],
                               timeout=15_000)
    except Exception:  # noqa: BLE001 - reported by the assertion below
        pass
    title = page.locator(CURRENT_TAB).first.inner_text()
    assert notebook in title, f"the link opened {title!r}, not {notebook}"
    page.wait_for_function(IN_VIEW_JS, arg=target, timeout=30_000)
    if shot is not None:
        page.screenshot(path=str(shot))


def _back_to(page, notebook: str) -> None:
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text=notebook).first.click()
    page.wait_for_function(f"() => document.querySelector('{CURRENT_TAB}').innerText"
                           f".includes('{notebook}')", timeout=10_000)


def _open_fresh(lab, page, notebook: str, tmp_path: Path) -> Path:
    """No kernels left running; ``notebook`` opened in a fresh workspace; returns the folder
    for screenshots (``OXYTOCIN_SCREENSHOTS``, else a temporary one)."""
    base, token = lab
    _shutdown_sessions(base, token)
    shots = Path(os.environ.get("OXYTOCIN_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    page.goto(f"{base}lab/tree/notebooks/{notebook}?reset&token={token}",
              wait_until="domcontentloaded")
    return shots


def test_glossary_and_contents_links_land_in_jupyterlab(lab, lab_page, tmp_path):
    """A term's first use links to its glossary entry, and *Contents* to the course map:
    JupyterLab opens the target notebook and scrolls the anchor (``<a id>``, rendered as
    ``data-jupyter-id``) into view, without running anything.

    JupyterLab 4.6 looks the anchor up as soon as a newly opened notebook's model is
    ready, before its Markdown has rendered, so the first link into a notebook that is
    not open yet opens it at the top (notebook 13 then offers its A-Z index); once the
    notebook is open, every link lands on its anchor.  The test follows each link into
    the closed notebook first, then again."""
    base, token = lab
    page = lab_page
    shots = _open_fresh(lab, page, "03_stress_axis.ipynb", tmp_path)
    first = page.locator('.jp-Notebook .jp-RenderedMarkdown a[href*="13_glossary.ipynb"]'
                         '[href*="#term-"]').first
    first.wait_for(timeout=60_000)
    anchor = first.get_attribute("href").split("#", 1)[1]
    glossary_link = f'a[href*="13_glossary.ipynb"][href$="#{anchor}"]'
    first.click()  # opens notebook 13
    page.wait_for_selector(f'[data-jupyter-id="{anchor}"]', state="attached", timeout=60_000)
    assert "13_glossary" in page.locator(CURRENT_TAB).first.inner_text()
    _back_to(page, "03_stress_axis")
    _follow(page, glossary_link, f'[data-jupyter-id="{anchor}"]', "13_glossary",
            shots / "lab-glossary-link.png")

    contents = 'a[href*="00_start_here.ipynb"][href$="#course-map"]'
    course_map = '[data-jupyter-id="course-map"]'
    page.locator(f"{VISIBLE_MARKDOWN} {contents}").first.click()  # opens notebook 00
    page.wait_for_selector(course_map, state="attached", timeout=60_000)
    _back_to(page, "13_glossary")
    _follow(page, contents, course_map, "00_start_here", shots / "lab-contents-link.png")
    # In notebook 00 itself, Contents is a link within the page.
    page.locator(VISIBLE_MARKDOWN).first.scroll_into_view_if_needed()
    assert not page.evaluate(IN_VIEW_JS, course_map)
    _follow(page, 'a[href="#course-map"]', course_map, "00_start_here", None)
    _shutdown_sessions(base, token)


def test_run_sheet_opens_from_the_header_in_jupyterlab(lab, lab_page, tmp_path):
    """*Run sheet* in a lesson's header opens its run sheet in JupyterLab, rendered: the
    minute plan as a table, each prompt quoted, the assessed task's rubric as a table."""
    base, token = lab
    page = lab_page
    shots = _open_fresh(lab, page, "07_small_studies.ipynb", tmp_path)
    link = page.locator('.jp-Notebook .jp-RenderedMarkdown a[href*="run_sheet_07.ipynb"]').first
    link.wait_for(timeout=60_000)
    link.click()
    page.wait_for_function(f"() => (document.querySelector('{CURRENT_TAB}') || {{}}).innerText"
                           ".includes('run_sheet_07')", timeout=60_000)
    sheet = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")
    sheet.locator(".jp-RenderedMarkdown h1").first.wait_for(timeout=60_000)
    assert "Run sheet 07" in sheet.locator(".jp-RenderedMarkdown h1").first.inner_text()
    assert sheet.locator(".jp-RenderedMarkdown table").count() >= 1  # the minute plan
    page.screenshot(path=str(shots / "lab-run-sheet.png"))
    text = sheet.inner_text()
    for heading in ("Minute plan", "Predict, then check: expected answers", "Assessed task"):
        assert heading in text
    _shutdown_sessions(base, token)
