"""Build the offline HTML course pages (``make site``).

Every notebook in ``notebooks/`` (``NN_*.ipynb``) is executed fresh with
nbclient (two in parallel) with ``OXYTOCIN_STATIC=1`` (an explorer precomputes
the frames of its ``page_control``, the one control kept live on the page) and
``OXYTOCIN_FIGURE_DIR`` set (figures exported for slides), its widget state
stored, and rendered with nbconvert's
``HTMLExporter`` through the course template (``templates/oxytocin``, which
extends nbconvert's ``lab`` template).  The build adds an index with the
course map, a glossary page and a references page, copies the pinned browser
assets into ``assets/`` and writes every course figure to ``figures/``
(PNG + SVG + ``manifest.json``).
"""
from __future__ import annotations

import base64
import concurrent.futures as cf
import html
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import notebook_files
from ..notebook_files import (
    GLOSSARY_NOTEBOOK,
    GUIDE_NOTEBOOK,
    NOTEBOOK_DIR,
    ROOT,
    cell_source,
    last_list_span,
    read_notebook,
    replace_citations,
    section_markdown,
)
from .assets import MATHJAX, REQUIRE_JS, TEMPLATES, WIDGET_RENDERER, copy_assets
from .slides import SLIDES_DIR, deck_notebook, expected_answers, slides_exporter

SITE_DIR = ROOT / "_site"
FIGURE_DIR = ROOT / "figures"
CHANGELOG_PATH = ROOT / "CHANGELOG.md"
COURSE_TITLE = "Oxytocin, Stress and Trust"
RESOURCES = "For instructors and for reference"
#: The part under which the index lists every session's run sheet and slides.
INSTRUCTORS_PART = "For instructors"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")
#: The widget model of an explorer's page control: a Stack of precomputed frames.
PAGE_CONTROL_MODEL = "StackModel"
#: Widget models that join two others (``jslink``) and that no view references.
LINK_MODELS = ("LinkModel", "DirectionalLinkModel")
#: Seconds a notebook may spend in one cell while the site is built.
CELL_TIMEOUT = 600
#: Seconds to wait for ``git config`` when looking for the repository's URL.
GIT_TIMEOUT = 10
#: Notebooks executed at once by default.
WORKERS = 2
#: Headings of a notebook's objectives on the index start at this level (the index's
#: own headings come first).
OBJECTIVES_HEADING = 5


class BuildError(RuntimeError):
    """A notebook failed to execute or render."""


# --------------------------------------------------------------------------- notebooks
def page_name(notebook: Path | str) -> str:
    """The page of a notebook: ``NN_name.ipynb`` → ``NN_name.html``."""
    return Path(notebook).stem + ".html"


@dataclass
class NotebookInfo:
    """What the index and the build know of one notebook."""

    path: Path
    number: str
    title: str
    part: str
    time: str
    kind: str
    objectives_md: str
    page: str
    explorers: int = 0
    #: Explorers whose page control stays live on the static page (a slider over
    #: precomputed frames): counted from the rendered page's widget state.
    live_explorers: int = 0
    figures: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def public(self) -> dict[str, Any]:
        """The notebook's entry in ``site.json``."""
        return {"notebook": self.path.name, "page": self.page, "number": self.number,
                "title": self.title, "part": self.part, "time": self.time, "kind": self.kind,
                "explorers": self.explorers, "live_explorers": self.live_explorers,
                "figures": [figure["id"] for figure in self.figures],
                "execute_seconds": round(self.seconds, 2)}


def read_info(path: Path) -> NotebookInfo:
    """Title, part, timing and objectives from a notebook's first cells."""
    notebook = read_notebook(path)
    cells = notebook.get("cells", [])
    first = cell_source(cells[0]) if cells else ""
    heading = re.search(r"^#\s+(.+?)\s*$", first, re.MULTILINE)
    title = heading.group(1) if heading else path.stem
    title = re.sub(r"^\d\d\s*[·.:–—-]\s*", "", title)  # the number is shown beside it
    bold = re.search(r"\*\*(.+?)\*\*", first)
    kind = notebook.get("metadata", {}).get("oxytocin", {}).get("kind", "lesson")
    part = bold.group(1).strip() if bold else RESOURCES  # notebook_files.PARTS's label
    time_given = re.search(r"Time:\s*([^·\n]+)", first)
    code = "\n".join(cell_source(cell) for cell in cells if cell.get("cell_type") == "code")
    return NotebookInfo(
        path=path, number=path.name[:2], title=title, part=part,
        time=time_given.group(1).strip() if time_given else "",
        kind=kind,
        objectives_md=section_markdown(cells, "Questions and objectives"),
        page=page_name(path),
        explorers=len(re.findall(r"\w_explorer\(", code)),
    )


# --------------------------------------------------------------------------- text rewriting
def cite_markdown(text: str) -> str:
    """``[@a; @b]`` → ``([Author 2001](references.html#ref-a); …)`` (Markdown links)."""
    from oxytocin_course.references import label

    def links(keys: list[str]) -> str:
        parts = []
        for key in keys:
            shown = label(key).replace("[", "(").replace("]", ")")
            parts.append(f"[{shown}](references.html#ref-{key})")
        return "(" + "; ".join(parts) + ")"

    return replace_citations(text, links)


def rewrite_links(page_html: str) -> str:
    """``NN_x.ipynb`` → ``NN_x.html``; the README's course map → ``index.html``."""
    page_html = re.sub(r'href="(?:\./|(?:\.\./)?notebooks/)?(\d\d_[\w-]+)\.ipynb',
                       r'href="\1.html', page_html)
    page_html = re.sub(r'href="\.\./README\.md#course-map"', 'href="index.html"', page_html)
    # The header's *Contents* (notebook 00's course map in JupyterLab) is the index here.
    page_html = re.sub(r'href="(?:00_[\w-]+\.html)?#course-map"', 'href="index.html"', page_html)
    page_html = re.sub(r'href="\.\./README\.md(#[^"]*)?"', 'href="index.html"', page_html)
    return page_html


#: Where the notebook template wants the list of the page's sections.
TOC_MARK = "<!--oxy-toc-->"
TAGS = re.compile(r"<[^>]+>")


def add_toc(page_html: str) -> str:
    """Put the list of the page's sections (its ``<h2>`` headings) at :data:`TOC_MARK`."""
    if TOC_MARK not in page_html:
        return page_html
    start = page_html.index(TOC_MARK)
    stop = page_html.find("</main>", start)
    content = page_html[start:stop if stop >= 0 else len(page_html)]
    items = []
    for anchor, inner in re.findall(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', content, re.DOTALL):
        title = html.unescape(TAGS.sub("", inner)).replace("¶", "").strip()
        items.append(f'<li><a href="#{anchor}">{html.escape(title)}</a></li>')
    toc = ('<nav class="oxy-toc" aria-label="Sections of this page">'
           '<p class="oxy-toc-title">On this page</p><ol>' + "".join(items) + "</ol></nav>"
           if items else "")
    return page_html.replace(TOC_MARK, toc, 1)


def copy_linked_files(page_html: str, notebook_dir: Path, out: Path) -> str:
    """Links to other repository files (``../seeds/x.md``, resolved from ``notebook_dir`` and
    then from the repository root): copy them into ``files/``."""
    def copy_target(link: re.Match) -> str:
        href = link.group(1)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", href, re.IGNORECASE) or href.endswith(".html") \
                or ".html#" in href:
            return link.group(0)
        target, _, fragment = href.partition("#")
        # Relative to the notebook, else to the repository (bibliography URLs).
        found = next((candidate for candidate in ((notebook_dir / target).resolve(),
                                                  (ROOT / target).resolve())
                      if candidate.is_file()), None)
        if found is None:
            return link.group(0)
        try:
            relative = found.relative_to(ROOT)
        except ValueError:
            return link.group(0)
        if relative.parts[0] in (".git", ".venv", "_site"):
            return link.group(0)
        copy = out / "files" / relative
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(found, copy)
        return f'href="files/{relative.as_posix()}{"#" + fragment if fragment else ""}"'

    return re.sub(r'href="([^"]+)"', copy_target, page_html)


def fold_solutions(notebook) -> None:
    """Worked-solution cells on the page: the ``%%solution Exercise N.M`` line becomes
    the folded block's label (``oxy_solution`` metadata) instead of code the reader sees."""
    from oxytocin_course.exercises import SOLUTION_LINE

    for cell in notebook.cells:
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            first, _, rest = cell.source.partition("\n")
            magic = SOLUTION_LINE.match(first.strip())
            if magic:
                cell.metadata["oxy_solution"] = magic.group(1).strip()
                cell.source = rest


def widget_state(notebook) -> dict[str, Any]:
    """The notebook's stored widget models by id (empty when none were stored)."""
    return notebook.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state") or {}


def prune_widget_state(notebook) -> int:
    """Keep only widget models a displayed view needs (and the links between them)."""
    state = widget_state(notebook)
    if not state:
        return 0
    roots = set()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                roots.add(view["model_id"])
    references = {model_id: set(MODEL_REF.findall(json.dumps(model.get("state", {}))))
                  for model_id, model in state.items()}
    keep: set[str] = set()
    todo = [root for root in roots if root in state]
    while True:
        while todo:
            model_id = todo.pop()
            if model_id in keep:
                continue
            keep.add(model_id)
            todo.extend(other for other in references.get(model_id, ())
                        if other in state and other not in keep)
        # Links (jslink) are referenced by no view: keep those joining kept models.
        links = [model_id for model_id, model in state.items() if model_id not in keep
                 and model.get("model_name") in LINK_MODELS
                 and references[model_id] and references[model_id] <= keep]
        if not links:
            break
        todo.extend(links)
    dropped = len(state) - len(keep)
    for model_id in list(state):
        if model_id not in keep:
            del state[model_id]
    return dropped


PNG_URI = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")


def compact_images(notebook) -> None:
    """Re-encode every PNG on the page (figure outputs and explorer frames in the widget
    state) with a 256-colour palette (:func:`~oxytocin_course.figures.palette_png`)."""
    from oxytocin_course.figures import palette_png

    def smaller(b64: str) -> str:
        return base64.b64encode(palette_png(base64.b64decode(b64))).decode("ascii")

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            if "data:image/png;base64," not in value:
                return value
            return PNG_URI.sub(lambda m: "data:image/png;base64," + smaller(m.group(1)), value)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            for key in list(value):
                value[key] = walk(value[key])
        return value

    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            for mime in list(data):
                if mime == "image/png":
                    raw = data[mime]
                    data[mime] = smaller("".join(raw) if isinstance(raw, list) else raw)
                elif mime.startswith("text/html"):
                    data[mime] = walk(data[mime])
    for model in widget_state(notebook).values():
        walk(model.get("state", {}))


def stray_images(notebook) -> list[str]:
    """image/png outputs not shown through show_figure/explorers (no alt text)."""
    found = []
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                found.append(f"cell {index}")
    return found


def describe_png_outputs(notebook) -> None:
    """Give every bare image/png output an alt text (kept in its metadata)."""
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if "image/png" not in data:
                continue
            meta = output.setdefault("metadata", {}).setdefault("image/png", {})
            if not meta.get("alt"):
                text = data.get("text/plain", "")
                text = text if isinstance(text, str) else "".join(text)
                meta["alt"] = ("Figure drawn by the code cell above"
                               + (f" ({text.strip('<>')})" if text else "")
                               + "; run the notebook to explore it.")


# --------------------------------------------------------------------------- exporter
def exporter():
    """nbconvert's HTML exporter with the course template and the site's own assets."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.HTMLExporter.template_name = "oxytocin"
    config.HTMLExporter.widget_renderer_url = WIDGET_RENDERER
    config.HTMLExporter.require_js_url = REQUIRE_JS
    config.HTMLExporter.mathjax_url = MATHJAX
    config.HTMLExporter.exclude_input_prompt = True
    config.HTMLExporter.exclude_output_prompt = True
    config.HTMLExporter.anchor_link_text = "¶"
    return HTMLExporter(config=config)


def repo_url() -> str | None:
    """The public GitHub repository (for the Binder link), if known."""
    url = os.environ.get("OXYTOCIN_REPO_URL")
    if not url:
        try:
            url = subprocess.run(["git", "config", "--get", "remote.origin.url"], cwd=ROOT,
                                 capture_output=True, text=True, check=False,
                                 timeout=GIT_TIMEOUT).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            url = ""
    github = re.match(r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$",
                      url or "")
    return github.group(1) if github else None


def binder_link(notebook_name: str) -> str | None:
    """The notebook opened in JupyterLab on Binder, if the repository is known."""
    repo = repo_url()
    if not repo:
        return None
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?labpath=notebooks%2F{notebook_name}"


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def execute_notebook(notebook, path: Path, *, store_widget_state: bool = False,
                     timeout: int = CELL_TIMEOUT) -> None:
    """Run ``notebook`` (read from ``path``) top to bottom in a fresh ``python3`` kernel.

    The kernel talks to us over local sockets in a temporary folder (ZeroMQ's
    ``ipc`` transport), not TCP: nothing listens on the network, and the kernel has
    no reason to warn that its traffic is unencrypted.  A failing cell raises
    :class:`BuildError` naming the notebook, the cell and the error.
    """
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with tempfile.TemporaryDirectory(prefix="oxy-kernel-") as sockets:
        manager = KernelManager(kernel_name="python3", transport="ipc",
                                ip=str(Path(sockets) / "kernel"))
        client = NotebookClient(notebook, km=manager, timeout=timeout,
                                store_widget_state=store_widget_state,
                                resources={"metadata": {"path": str(path.parent)}})
        try:
            client.execute()
        except CellExecutionError as err:
            raise BuildError(describe_failure(notebook, path, err)) from None
        except Exception as err:  # noqa: BLE001 - a timeout, a dead kernel: said plainly
            raise BuildError(f"{path.name} failed to execute: {type(err).__name__}: "
                             f"{ANSI.sub('', str(err))}") from None
        finally:  # nbclient leaves a kernel it did not start running
            if manager.has_kernel:
                manager.shutdown_kernel(now=True)


def describe_failure(notebook, path: Path, err: Exception) -> str:
    """Which cell of which notebook failed, its first lines and the error (no colour codes)."""
    for index, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                source = cell.source.strip().splitlines()
                shown = "\n".join("    " + line for line in source[:6])
                more = "\n    ..." if len(source) > 6 else ""
                trace = ANSI.sub("", "\n".join(output.get("traceback", [])))
                return (f"{path.name}: cell {index} of {len(notebook.cells)} "
                        f"(id {cell.get('id', '?')}) raised {output.get('ename')}: "
                        f"{output.get('evalue')}\n  the cell:\n{shown}{more}\n"
                        f"  traceback:\n{trace}")
    return f"{path.name} failed to execute:\n{ANSI.sub('', str(err))}"


def _execute_and_render(task: dict[str, Any]) -> dict[str, Any]:
    """Worker: execute one notebook, export its figures, render its page."""
    import nbformat

    path = Path(task["path"])
    figure_dir = Path(task["figure_dir"])
    figure_dir.mkdir(parents=True, exist_ok=True)
    os.environ["OXYTOCIN_STATIC"] = "1"
    os.environ["OXYTOCIN_FIGURE_DIR"] = str(figure_dir)
    os.environ.pop("MPLBACKEND", None)  # as in JupyterLab: stray plots show inline
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    try:
        execute_notebook(notebook, path, store_widget_state=True)
    except BuildError as err:
        return {"path": str(path), "error": str(err)}
    seconds = time.perf_counter() - started
    dropped = prune_widget_state(notebook)
    compact_images(notebook)
    for model in widget_state(notebook).values():  # links inside widgets' HTML too
        value = model.get("state", {}).get("value")
        if isinstance(value, str) and "href=" in value:
            model["state"]["value"] = copy_linked_files(rewrite_links(value), path.parent,
                                                        Path(task["out"]))
    strays = stray_images(notebook)
    describe_png_outputs(notebook)
    if task.get("slides"):
        write_deck(notebook, path, Path(task["out"]),
                   f"{task['nav']['number']} · {task['nav']['title']} · slides")
    live_explorers = sum(1 for model in widget_state(notebook).values()
                         if model.get("model_name") == PAGE_CONTROL_MODEL)
    fold_solutions(notebook)
    try:
        for cell in notebook.cells:
            if cell.cell_type == "markdown":
                cell.source = cite_markdown(cell.source)
    except ValueError as err:
        return {"path": str(path), "error": f"{path.name}: {err}"}
    notebook.metadata["title"] = (f"{task['nav']['number']} · {task['nav']['title']} · "
                                  f"{COURSE_TITLE}")
    body, _ = exporter().from_notebook_node(notebook, resources={"oxy": task["nav"]})
    body = copy_linked_files(add_toc(rewrite_instructor_links(rewrite_links(body))), path.parent,
                             Path(task["out"]))
    page = Path(task["out"]) / page_name(path)
    page.write_text(body, encoding="utf-8")
    figures = []
    manifest = figure_dir / "manifest.jsonl"
    if manifest.exists():
        figures = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()
                   if line.strip()]
    return {"path": str(path), "error": None, "seconds": seconds, "figures": figures,
            "live_explorers": live_explorers, "dropped_models": dropped, "strays": strays,
            "bytes": page.stat().st_size}


# --------------------------------------------------------------------------- extra pages
def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "oxytocin")),
                              autoescape=jinja2.select_autoescape(["html", "j2"]))


def markdown_html(text: str) -> str:
    """Course Markdown (citations included) as HTML, links rewritten for the site."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return rewrite_links(markdown2html_mistune(cite_markdown(text)))


#: The lowest HTML heading level.
LOWEST_HEADING = 6


def demote_headings(fragment: str, top: int) -> str:
    """Shift headings so the fragment's highest one becomes ``<h{top}>``."""
    levels = [int(level) for level in re.findall(r"<h([1-6])\b", fragment)]
    if not levels:
        return fragment
    shift = top - min(levels)
    return re.sub(r"<(/?)h([1-6])\b",
                  lambda tag: f"<{tag.group(1)}h{min(LOWEST_HEADING, int(tag.group(2)) + shift)}",
                  fragment)


def render_page(name: str, out: Path, **context: Any) -> None:
    """Render template ``name`` into ``out`` (``*_html`` values are trusted HTML)."""
    from markupsafe import Markup

    for key, value in list(context.items()):
        if key.endswith("_html"):
            context[key] = Markup(value)
    html_text = _env().get_template(name).render(course_title=COURSE_TITLE, **context)
    out.write_text(copy_linked_files(html_text, NOTEBOOK_DIR, out.parent), encoding="utf-8")


def split_objectives(markdown: str) -> dict[str, str]:
    """The objectives (the section's last list) apart from the questions (the rest)."""
    if not markdown:
        return {"objectives_html": "", "questions_html": ""}
    lines = markdown.splitlines()
    span = last_list_span(lines)
    if span is None:
        return {"objectives_html": "",
                "questions_html": demote_headings(markdown_html(markdown), OBJECTIVES_HEADING)}
    start, stop = span
    objectives = "\n".join(lines[start:stop])
    questions = "\n".join(lines[:start] + lines[stop:]).strip()
    return {"objectives_html": demote_headings(markdown_html(objectives), OBJECTIVES_HEADING),
            "questions_html": (demote_headings(markdown_html(questions), OBJECTIVES_HEADING)
                               if questions else "")}


def build_index(out: Path, infos: list[NotebookInfo], nav: dict) -> None:
    """The index: the course map by part, each notebook with its objectives."""
    from markupsafe import Markup

    from oxytocin_course import __version__
    from oxytocin_course.evidence import legend_html

    parts: dict[str, list[dict]] = {}
    for info in infos:
        objectives = split_objectives(info.objectives_md)
        parts.setdefault(info.part, []).append({
            "number": info.number, "title": info.title, "page": info.page, "time": info.time,
            "kind": info.kind, "notebook": info.path.name,
            "objectives_html": Markup(objectives["objectives_html"]),
            "questions_html": Markup(objectives["questions_html"]),
        })
    from oxytocin_course.runsheets import run_sheet_name, slides_name

    sessions = [{"number": info.number, "title": info.title,
                 "run_sheet": page_name(run_sheet_name(info.number)),
                 "slides": f"slides/{slides_name(info.path)}"}
                for info in infos if info.kind == "lesson"]
    render_page("site_index.html.j2", out / "index.html", title=COURSE_TITLE,
                parts=parts, legend_html=legend_html(), nav=nav, version=__version__,
                sessions=sessions, instructors=INSTRUCTORS_PART,
                first=infos[0].page if infos else None, repo=repo_url())


def build_references(out: Path, infos: list[NotebookInfo], nav: dict) -> None:
    """The references page: every bibliography entry and the notebooks that cite it."""
    from markupsafe import Markup

    from oxytocin_course.references import (
        bibliography,
        by_label,
        format_html,
        keys_in_notebook,
        label,
    )

    cited_in: dict[str, list[NotebookInfo]] = {}
    for info in infos:
        for key in keys_in_notebook(info.path):
            cited_in.setdefault(key, []).append(info)
    items = [{"key": key, "label": label(key), "html": Markup(format_html(key)),
              "cited_in": [(info.page, info.number) for info in cited_in.get(key, [])]}
             for key in sorted(bibliography().entries.keys(), key=by_label)]
    render_page("site_references.html.j2", out / "references.html", title="References",
                refs=items, nav=nav)


#: Pages the build writes besides the notebooks.
EXTRA_PAGES = ("index.html", "references.html", "evidence.html", "changelog.html", "search.html")


def build_evidence(out: Path, nav: dict) -> None:
    """The whole evidence register on one page, with the rubric that grades it."""
    from oxytocin_course import register
    from oxytocin_course.evidence import legend_html, rubric_html

    claims = register.load()
    groups = [("Claims of the source documents",
               [claim for claim in claims if claim.from_source_document]),
              ("The course's claims about the literature",
               [claim for claim in claims if claim.source == "literature"]),
              ("Statements about the course's own teaching models",
               [claim for claim in claims if claim.source == "course"])]
    introduction = ("<p>Every graded claim of the course, once. Each notebook's evidence tables "
                    "show rows of this register by id, so a claim reads the same grade "
                    "everywhere. Grades are decided by the rubric below.</p>")
    body = ["<h1>Evidence register</h1>", introduction,
            '<h2 id="rubric">How a grade is decided</h2>', rubric_html(), legend_html()]
    for group, (title, rows) in enumerate(groups):
        body.append(f'<h2 id="group-{group}">{html.escape(title)} ({len(rows)})</h2>')
        body.append(register.register_table_html(tuple(rows), anchors=True))
    body_html = rewrite_links("\n".join(body))
    render_page("site_page.html.j2", out / "evidence.html", title="Evidence register",
                body_html=body_html, nav=nav)


def run_sheet_pages() -> list[tuple[Path, str, str]]:
    """``(path, page, title)`` of every run sheet, in session order."""
    from oxytocin_course.runsheets import run_sheet_name

    pages = []
    for lesson in notebook_files.notebooks():
        path = NOTEBOOK_DIR / run_sheet_name(lesson.name[:2])
        if path.exists():
            title = re.search(r"^# (.+?)\s*$", cell_source(read_notebook(path)["cells"][0]),
                              re.MULTILINE)
            pages.append((path, page_name(path), title.group(1) if title else path.stem))
    return pages


def rewrite_instructor_links(page_html: str) -> str:
    """Run sheets and decks on the pages: ``run_sheet_07.ipynb`` → ``run_sheet_07.html``,
    ``../_site/slides/x`` (where ``make slides`` writes them) → ``slides/x``."""
    page_html = re.sub(r'href="run_sheet_(\d\d)\.ipynb', r'href="run_sheet_\1.html', page_html)
    return page_html.replace('href="../_site/slides/', 'href="slides/')


def build_run_sheets(out: Path, base_nav: dict) -> list[str]:
    """The run sheets' pages (Markdown only: nothing to execute), each with previous/next
    between the run sheets and the guide before the first."""
    import nbformat

    sheets = run_sheet_pages()
    sequence = ([(page_name(GUIDE_NOTEBOOK), "12 · Instructor guide")]
                + [(page, title) for _, page, title in sheets])
    written = []
    for position, (path, page, title) in enumerate(sheets, start=1):
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            cell.source = cite_markdown(cell.source)
        nav = dict(base_nav, page=page, prev=sequence[position - 1],
                   next=sequence[position + 1] if position + 1 < len(sequence) else None,
                   notebook=path.name, binder=None, title=title, number=path.stem[-2:],
                   run_sheet=True)
        notebook.metadata["title"] = f"{title} · {COURSE_TITLE}"
        body, _ = exporter().from_notebook_node(notebook, resources={"oxy": nav})
        body = add_toc(rewrite_instructor_links(rewrite_links(body)))
        (out / page).write_text(copy_linked_files(body, path.parent, out), encoding="utf-8")
        written.append(page)
    return written


def build_search(out: Path, nav: dict) -> None:
    """The search page; its index is written by :func:`index_site` once every page exists."""
    render_page("site_search.html.j2", out / "search.html", title="Search", nav=nav)


def index_site(out: Path, infos: list[NotebookInfo]) -> int:
    """Write ``search-index.js``: the sections of every page, for the search page."""
    from .search import write_index

    pages = [(info.page, f"{info.number} · {info.title}", info.kind) for info in infos]
    pages += [(page, title, "guide") for path, page, title in run_sheet_pages()
              if (out / page).exists()]
    pages += [("index.html", "Course map", "page"), ("references.html", "References", "page"),
              ("evidence.html", "Evidence register", "page"),
              ("changelog.html", "Changelog and errata", "changelog")]
    return write_index(out, pages)


def build_changelog(out: Path, nav: dict) -> None:
    """CHANGELOG.md (changes and errata) as a page."""
    text = CHANGELOG_PATH.read_text(encoding="utf-8") if CHANGELOG_PATH.exists() else (
        "# Changelog\n\nNo changes recorded yet.\n")
    render_page("site_page.html.j2", out / "changelog.html", title="Changelog and errata",
                body_html=markdown_html(text), nav=nav)


# --------------------------------------------------------------------------- figures
def write_figures(figure_out: Path, infos: list[NotebookInfo], tmp: Path) -> list[dict]:
    """Copy every exported figure to ``figure_out`` and write ``manifest.json``."""
    figure_out.mkdir(parents=True, exist_ok=True)
    for old in list(figure_out.glob("*.png")) + list(figure_out.glob("*.svg")):
        old.unlink()
    manifest: list[dict] = []
    shown_in: dict[str, str] = {}
    for info in infos:
        for figure in info.figures:
            figure_id = figure["id"]
            if figure_id in shown_in and shown_in[figure_id] != info.path.name:
                raise BuildError(f"figure id {figure_id!r} is used in {shown_in[figure_id]} and "
                                 f"{info.path.name}: figure ids must be unique")
            if figure_id in shown_in:  # shown twice in one notebook: keep the last
                manifest = [row for row in manifest if row["id"] != figure_id]
            shown_in[figure_id] = info.path.name
            exported = tmp / "figures" / info.path.stem
            for ext in ("png", "svg"):
                shutil.copy2(exported / f"{figure_id}.{ext}", figure_out / f"{figure_id}.{ext}")
            manifest.append({"id": figure_id, "notebook": info.path.name,
                             "caption": figure["caption"], "alt": figure["alt"],
                             "png": f"{figure_id}.png", "svg": f"{figure_id}.svg"})
    (figure_out / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- build
def _weight(path: Path) -> tuple[int, int]:
    pages = sum(page.stat().st_size for page in path.glob("*.html"))
    total = sum(file.stat().st_size for file in path.rglob("*") if file.is_file())
    return pages, total


def build(out: Path | str = SITE_DIR, notebooks: list[Path] | None = None,
          figures: Path | str | None = FIGURE_DIR, workers: int = WORKERS,
          quiet: bool = False) -> dict[str, Any]:
    """Build the whole site into ``out``; returns a summary (also in ``out/site.json``)."""
    build_started = time.perf_counter()
    out = Path(out)
    paths = [Path(path).resolve() for path in
             (notebooks if notebooks is not None else notebook_files.notebooks())]
    if not paths:
        raise BuildError(f"no notebooks (NN_*.ipynb) found in {NOTEBOOK_DIR}")

    def say(*words: Any) -> None:
        if not quiet:
            print(*words, flush=True)

    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out)
    infos = [read_info(path) for path in paths]
    sequence = ([("index.html", "Course map")]
                + [(info.page, f"{info.number} · {info.title}") for info in infos]
                + [("references.html", "References"),
                   ("evidence.html", "Evidence register"), ("changelog.html", "Changelog")])

    def nav_for(page: str) -> dict:
        pages = [entry[0] for entry in sequence]
        position = pages.index(page) if page in pages else None
        previous = sequence[position - 1] if position else None
        following = (sequence[position + 1]
                     if position is not None and position + 1 < len(sequence) else None)
        return {"prev": previous, "next": following, "page": page, "course_title": COURSE_TITLE,
                "glossary": page_name(GLOSSARY_NOTEBOOK)}

    failures = []
    with tempfile.TemporaryDirectory(prefix="oxy-site-") as tmp_name:
        tmp = Path(tmp_name)
        tasks = []
        for info in infos:
            nav = nav_for(info.page)
            nav.update({"notebook": info.path.name, "binder": binder_link(info.path.name),
                        "title": info.title, "number": info.number})
            tasks.append({"path": str(info.path), "out": str(out), "nav": nav,
                          "figure_dir": str(tmp / "figures" / info.path.stem),
                          "slides": info.kind == "lesson"})
        say(f"site: executing and rendering {len(tasks)} notebook(s) with {workers} workers...")
        context = multiprocessing.get_context("spawn")
        by_path = {str(info.path): info for info in infos}
        with cf.ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
            futures = [pool.submit(_execute_and_render, task) for task in tasks]
            for future in cf.as_completed(futures):
                result = future.result()
                info = by_path[result["path"]]
                if result["error"]:
                    failures.append(result["error"])
                    say(f"  {info.path.name}: FAILED ({result['error'].splitlines()[0]})")
                    continue
                info.seconds = result["seconds"]
                info.figures = result["figures"]
                info.live_explorers = result["live_explorers"]
                note = (f"  {info.path.name}: {result['seconds']:.1f} s, "
                        f"{result['bytes'] / 1e6:.2f} MB")
                if result["strays"]:
                    note += (f"  (warning: image output without show_figure alt text in "
                             f"{', '.join(result['strays'])})")
                say(note)
        if failures:
            raise BuildError("\n\n".join(failures))
        manifest = write_figures(Path(figures) if figures else tmp / "figures-out", infos, tmp)
    run_sheets = build_run_sheets(out, nav_for("index.html"))
    build_index(out, infos, nav_for("index.html"))
    build_references(out, infos, nav_for("references.html"))
    build_evidence(out, nav_for("evidence.html"))
    build_changelog(out, nav_for("changelog.html"))
    build_search(out, nav_for("search.html"))
    sections = index_site(out, infos)
    seconds = time.perf_counter() - build_started
    pages_bytes, total_bytes = _weight(out)
    summary = {"pages": [info.public() for info in infos], "figures": manifest,
               "extra_pages": list(EXTRA_PAGES), "run_sheets": run_sheets,
               "slides": sorted(path.name for path in (out / "slides").glob("*.html")),
               "search_sections": sections,
               "build_seconds": round(seconds, 1), "html_bytes": pages_bytes,
               "total_bytes": total_bytes}
    (out / "site.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    largest = max((page.stat().st_size for page in out.glob("*.html")), default=0)
    say(f"site: built {len(infos) + len(EXTRA_PAGES) + len(run_sheets)} pages and "
        f"{len(summary['slides'])} slide decks into {out} in {seconds:.1f} s; "
        f"page weight {pages_bytes / 1e6:.1f} MB of HTML (largest {largest / 1e6:.1f} MB), "
        f"{total_bytes / 1e6:.1f} MB with shared assets; "
        f"{len(manifest)} figures in {figures or '(not kept)'}")
    return summary


# --------------------------------------------------------------------------- slide decks
#: A relative link on a deck (one folder down, in ``slides/``) that must point one folder up.
DECK_LOCAL_HREF = re.compile(r'href="(?![a-z][a-z0-9+.-]*:|#|\.\./|/)([^"]+)"', re.IGNORECASE)


def deck_html(deck, title: str) -> str:
    """A deck's HTML (see :mod:`oxytocin_course.site.slides`): citations as links, and every
    link to a page, run sheet or reference pointing one folder up."""
    for cell in deck.cells:
        if cell.cell_type == "markdown":
            cell.source = cite_markdown(cell.source)
    deck.metadata["title"] = title
    body, _ = slides_exporter().from_notebook_node(deck)
    body = rewrite_instructor_links(rewrite_links(body))
    return DECK_LOCAL_HREF.sub(r'href="../\1"', body)


def write_deck(notebook, path: Path, out: Path, title: str) -> Path:
    """Write the deck of an executed lesson notebook to ``out/slides/``."""
    from oxytocin_course.runsheets import slides_name

    target = out / SLIDES_DIR / slides_name(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    deck = deck_notebook(notebook, expected_answers(path.name[:2]))
    target.write_text(deck_html(deck, title), encoding="utf-8")
    return target


def _execute_deck(task: dict[str, Any]) -> dict[str, Any]:
    """Worker of ``make slides``: execute one lesson as the site build does, write its deck."""
    import nbformat

    os.environ["OXYTOCIN_STATIC"] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    path = Path(task["path"])
    notebook = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    try:
        execute_notebook(notebook, path)
    except BuildError as err:
        return {"path": str(path), "error": str(err)}
    compact_images(notebook)
    describe_png_outputs(notebook)
    target = write_deck(notebook, path, Path(task["out"]), task["title"])
    return {"path": str(path), "error": None, "seconds": time.perf_counter() - started,
            "deck": str(target), "bytes": target.stat().st_size}


def build_slides(out: Path | str = SITE_DIR, notebooks: list[Path] | None = None,
                 workers: int = WORKERS, quiet: bool = False) -> list[Path]:
    """``make slides``: execute each lesson and write its deck to ``out/slides/``; the rest
    of ``out`` stays as it is (the assets the decks load are copied into ``out/assets/``)."""
    from oxytocin_course import runsheets

    paths = [Path(path).resolve() for path in (notebooks or runsheets.lessons())]
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    tasks = []
    for path in paths:
        info = read_info(path)
        tasks.append({"path": str(path), "out": str(out),
                      "title": f"{info.number} · {info.title} · slides"})
    if not quiet:
        print(f"slides: executing {len(tasks)} lesson(s) with {workers} workers...", flush=True)
    written, failures = [], []
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context) as pool:
        for result in pool.map(_execute_deck, tasks):
            if result["error"]:
                failures.append(result["error"])
                continue
            written.append(Path(result["deck"]))
            if not quiet:
                print(f"  {Path(result['deck']).name}: {result['seconds']:.1f} s, "
                      f"{result['bytes'] / 1e6:.2f} MB", flush=True)
    if failures:
        raise BuildError("\n\n".join(failures))
    if not quiet:
        print(f"slides: {len(written)} decks in {out / SLIDES_DIR}")
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m oxytocin_course.site [notebooks] [--out] [--figures] [--workers]
    [--slides-only]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m oxytocin_course.site",
                                     description="Build the offline HTML course pages.")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to build (default: every notebooks/NN_*.ipynb)")
    parser.add_argument("--out", type=Path, default=SITE_DIR, help="output directory (_site)")
    parser.add_argument("--figures", type=Path, default=FIGURE_DIR,
                        help="where to export the course figures (figures/)")
    parser.add_argument("--workers", type=int, default=WORKERS,
                        help="notebooks executed in parallel")
    parser.add_argument("--slides-only", action="store_true",
                        help="only (re)write the slide decks into OUT/slides (make slides)")
    args = parser.parse_args(argv)
    from .assets import AssetError

    try:
        if args.slides_only:
            build_slides(args.out, args.notebooks or None, args.workers)
        else:
            build(args.out, args.notebooks or None, args.figures, args.workers)
    except (BuildError, AssetError) as err:
        print(f"site: {err}", file=sys.stderr)
        return 1
    return 0
