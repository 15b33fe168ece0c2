"""Build the offline HTML course pages (``make site``).

Every notebook in ``notebooks/`` (``NN_*.ipynb``) is executed fresh with
nbclient (two in parallel) with ``OXYTOCIN_STATIC=1`` (explorers precompute a
kernel-free slider) and ``OXYTOCIN_FIGURE_DIR`` set (figures exported for
slides), its widget state stored, and rendered with nbconvert's
``HTMLExporter`` through the course template (``templates/oxytocin``, which
extends nbconvert's ``lab`` template).  The build adds an index with the
course map, a glossary page and a references page, copies the pinned browser
assets into ``assets/`` and writes every course figure to ``figures/``
(PNG + SVG + ``manifest.json``).
"""
from __future__ import annotations

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

from .assets import MATHJAX, REQUIRE_JS, TEMPLATES, WIDGET_RENDERER, copy_assets

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK_DIR = ROOT / "notebooks"
SITE_DIR = ROOT / "_site"
FIGURE_DIR = ROOT / "figures"
COURSE_TITLE = "Oxytocin, Stress and Trust"
RESOURCES = "For instructors and for reference"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CITE_RE = re.compile(r"\[(@[\w:-]+(?:\s*;\s*@[\w:-]+)*)\]")
MODEL_REF = re.compile(r"IPY_MODEL_([0-9a-f]{32})")


class BuildError(RuntimeError):
    """A notebook failed to execute or render."""


# --------------------------------------------------------------------------- notebooks
def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def page_name(nb_path: Path | str) -> str:
    return Path(nb_path).stem + ".html"


def discover(notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """Every course notebook (``NN_*.ipynb``), in course order."""
    return sorted(Path(notebook_dir).glob("[0-9][0-9]_*.ipynb"))


def section_markdown(cells: list[dict], title: str) -> str:
    """Markdown of the ``## title`` section (up to the next H2), headings dropped."""
    out: list[str] = []
    on = False
    for c in cells:
        if c.get("cell_type") != "markdown":
            if on:
                continue
            continue
        for line in source(c).splitlines():
            if re.match(r"^##\s", line):
                on = line[2:].strip().lower().startswith(title.lower())
                continue
            if on:
                out.append(line)
        out.append("")
    return "\n".join(out).strip()


@dataclass
class NotebookInfo:
    path: Path
    number: str
    title: str
    part: str
    time: str
    kind: str
    objectives_md: str
    page: str
    explorers: int = 0
    kernel_free: int = 0
    figures: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def public(self) -> dict[str, Any]:
        return {"notebook": self.path.name, "page": self.page, "number": self.number,
                "title": self.title, "part": self.part, "time": self.time, "kind": self.kind,
                "explorers": self.explorers, "kernel_free_explorers": self.kernel_free,
                "figures": [f["id"] for f in self.figures],
                "execute_seconds": round(self.seconds, 2)}


def read_info(path: Path) -> NotebookInfo:
    """Title, part, timing and objectives from a notebook's first cells."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = nb.get("cells", [])
    first = source(cells[0]) if cells else ""
    m = re.search(r"^#\s+(.+?)\s*$", first, re.M)
    title = m.group(1) if m else path.stem
    title = re.sub(r"^\d\d\s*[·.:–—-]\s*", "", title)  # the number is shown beside it
    bold = re.search(r"\*\*(.+?)\*\*", first)
    kind = nb.get("metadata", {}).get("oxytocin", {}).get("kind", "lesson")
    part = bold.group(1).strip() if bold else RESOURCES
    if kind != "lesson" or not part.lower().startswith("part"):
        part = RESOURCES  # the instructor guide and the glossary
    t = re.search(r"Time:\s*([^·\n]+)", first)
    code = "\n".join(source(c) for c in cells if c.get("cell_type") == "code")
    return NotebookInfo(
        path=path, number=path.name[:2], title=title, part=part,
        time=t.group(1).strip() if t else "",
        kind=kind,
        objectives_md=section_markdown(cells, "Questions and objectives"),
        page=page_name(path),
        explorers=len(re.findall(r"\w_explorer\(", code)),
    )


# --------------------------------------------------------------------------- text rewriting
def cite_markdown(text: str) -> str:
    """``[@a; @b]`` → ``([Author 2001](references.html#ref-a); …)`` (Markdown links)."""
    from oxytocin_course.references import label

    def repl(m: re.Match) -> str:
        parts = []
        for k in (p.strip().lstrip("@") for p in m.group(1).split(";")):
            lab = label(k).replace("[", "(").replace("]", ")")
            parts.append(f"[{lab}](references.html#ref-{k})")
        return "(" + "; ".join(parts) + ")"

    return CITE_RE.sub(repl, text)


def rewrite_links(page_html: str) -> str:
    """``NN_x.ipynb`` → ``NN_x.html``; the README's course map → ``index.html``."""
    page_html = re.sub(r'href="(?:\./|(?:\.\./)?notebooks/)?(\d\d_[\w-]+)\.ipynb',
                       r'href="\1.html', page_html)
    page_html = re.sub(r'href="\.\./README\.md#course-map"', 'href="index.html"', page_html)
    page_html = re.sub(r'href="\.\./README\.md(#[^"]*)?"', 'href="index.html"', page_html)
    return page_html


def copy_linked_files(page_html: str, nb_dir: Path, out: Path) -> str:
    """Links to other repository files (``../seeds/x.md``, resolved from ``nb_dir`` and then
    from the repository root): copy them into ``files/``."""
    def repl(m: re.Match) -> str:
        href = m.group(1)
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|#|/)", href, re.I) or href.endswith(".html") \
                or ".html#" in href:
            return m.group(0)
        target, _, frag = href.partition("#")
        # Relative to the notebook, else to the repository (bibliography URLs).
        src = next((c for c in ((nb_dir / target).resolve(), (ROOT / target).resolve())
                    if c.is_file()), None)
        if src is None:
            return m.group(0)
        try:
            rel = src.relative_to(ROOT)
        except ValueError:
            return m.group(0)
        if rel.parts[0] in (".git", ".venv", "_site"):
            return m.group(0)
        dst = out / "files" / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)
        return f'href="files/{rel.as_posix()}{"#" + frag if frag else ""}"'

    return re.sub(r'href="([^"]+)"', repl, page_html)


def fold_solutions(nb) -> None:
    """Worked-solution cells on the page: the ``%%solution Exercise N.M`` line becomes
    the folded block's label (``oxy_solution`` metadata) instead of code the reader sees."""
    from oxytocin_course.exercises import SOLUTION_LINE

    for cell in nb.cells:
        if cell.cell_type == "code" and "solution" in cell.metadata.get("tags", []):
            first, _, rest = cell.source.partition("\n")
            m = SOLUTION_LINE.match(first.strip())
            if m:
                cell.metadata["oxy_solution"] = m.group(1).strip()
                cell.source = rest


def prune_widget_state(nb) -> int:
    """Keep only widget models a displayed view needs (and the links between them)."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state")
    if not state:
        return 0
    roots = set()
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            view = out.get("data", {}).get(WIDGET_VIEW)
            if view:
                roots.add(view["model_id"])
    refs = {k: set(MODEL_REF.findall(json.dumps(v.get("state", {})))) for k, v in state.items()}
    keep: set[str] = set()
    todo = [r for r in roots if r in state]
    while True:
        while todo:
            k = todo.pop()
            if k in keep:
                continue
            keep.add(k)
            todo.extend(r for r in refs.get(k, ()) if r in state and r not in keep)
        # Links (jslink) are referenced by no view: keep those joining kept models.
        links = [k for k, v in state.items() if k not in keep
                 and v.get("model_name") in ("LinkModel", "DirectionalLinkModel")
                 and refs[k] and refs[k] <= keep]
        if not links:
            break
        todo.extend(links)
    dropped = len(state) - len(keep)
    for k in list(state):
        if k not in keep:
            del state[k]
    return dropped


def stray_images(nb) -> list[str]:
    """image/png outputs not shown through show_figure/explorers (no alt text)."""
    found = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if "image/png" in out.get("data", {}):
                found.append(f"cell {i}")
    return found


def describe_png_outputs(nb) -> None:
    """Give every bare image/png output an alt text (kept in its metadata)."""
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" not in data:
                continue
            meta = out.setdefault("metadata", {}).setdefault("image/png", {})
            if not meta.get("alt"):
                text = data.get("text/plain", "")
                text = text if isinstance(text, str) else "".join(text)
                meta["alt"] = ("Figure drawn by the code cell above"
                               + (f" ({text.strip('<>')})" if text else "")
                               + "; run the notebook to explore it.")


# --------------------------------------------------------------------------- exporter
def exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    c = Config()
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.HTMLExporter.template_name = "oxytocin"
    c.HTMLExporter.widget_renderer_url = WIDGET_RENDERER
    c.HTMLExporter.require_js_url = REQUIRE_JS
    c.HTMLExporter.mathjax_url = MATHJAX
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.HTMLExporter.anchor_link_text = "¶"
    return HTMLExporter(config=c)


def repo_url() -> str | None:
    """The public GitHub repository (for the Binder link), if known."""
    url = os.environ.get("OXYTOCIN_REPO_URL")
    if not url:
        try:
            url = subprocess.run(["git", "config", "--get", "remote.origin.url"], cwd=ROOT,
                                 capture_output=True, text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            url = ""
    m = re.match(r"^(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?$",
                 url or "")
    return m.group(1) if m else None


def binder_link(nb_name: str) -> str | None:
    repo = repo_url()
    if not repo:
        return None
    return f"https://mybinder.org/v2/gh/{repo}/HEAD?labpath=notebooks%2F{nb_name}"


def _execute_and_render(task: dict[str, Any]) -> dict[str, Any]:
    """Worker: execute one notebook, export its figures, render its page."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(task["path"])
    fig_dir = Path(task["fig_dir"])
    fig_dir.mkdir(parents=True, exist_ok=True)
    os.environ["OXYTOCIN_STATIC"] = "1"
    os.environ["OXYTOCIN_FIGURE_DIR"] = str(fig_dir)
    os.environ.pop("MPLBACKEND", None)  # as in JupyterLab: stray plots show inline
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    client = NotebookClient(nb, timeout=600, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as err:
        return {"path": str(path), "error": f"{path.name} failed to execute:\n{err}"}
    except Exception as err:  # noqa: BLE001 - reported by the parent
        return {"path": str(path), "error": f"{path.name} failed to execute: "
                                            f"{type(err).__name__}: {err}"}
    seconds = time.perf_counter() - t0
    dropped = prune_widget_state(nb)
    strays = stray_images(nb)
    describe_png_outputs(nb)
    kernel_free = 0
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    kernel_free = sum(1 for v in state.values() if v.get("model_name") == "StackModel")
    fold_solutions(nb)
    try:
        for cell in nb.cells:
            if cell.cell_type == "markdown":
                cell.source = cite_markdown(cell.source)
    except ValueError as err:
        return {"path": str(path), "error": f"{path.name}: {err}"}
    nb.metadata["title"] = f"{task['nav']['number']} · {task['nav']['title']} · {COURSE_TITLE}"
    body, _ = exporter().from_notebook_node(nb, resources={"oxy": task["nav"]})
    body = copy_linked_files(rewrite_links(body), path.parent, Path(task["out"]))
    out = Path(task["out"]) / page_name(path)
    out.write_text(body, encoding="utf-8")
    figs = []
    manifest = fig_dir / "manifest.jsonl"
    if manifest.exists():
        figs = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()
                if line.strip()]
    return {"path": str(path), "error": None, "seconds": seconds, "figures": figs,
            "kernel_free": kernel_free, "dropped_models": dropped, "strays": strays,
            "bytes": out.stat().st_size}


# --------------------------------------------------------------------------- extra pages
def _env():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES / "oxytocin")),
                             autoescape=jinja2.select_autoescape(["html", "j2"]))
    return env


def markdown_html(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return rewrite_links(markdown2html_mistune(cite_markdown(text)))


def demote_headings(fragment: str, top: int) -> str:
    """Shift headings so the fragment's highest one becomes ``<h{top}>``."""
    levels = [int(x) for x in re.findall(r"<h([1-6])\b", fragment)]
    if not levels:
        return fragment
    shift = top - min(levels)
    return re.sub(r"<(/?)h([1-6])\b",
                  lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}", fragment)


def render_page(name: str, out: Path, **ctx: Any) -> None:
    from markupsafe import Markup

    for k, v in list(ctx.items()):
        if k.endswith("_html"):
            ctx[k] = Markup(v)
    html_text = _env().get_template(name).render(course_title=COURSE_TITLE, **ctx)
    out.write_text(copy_linked_files(html_text, ROOT / "notebooks", out.parent), encoding="utf-8")


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+\S")


def split_objectives(md: str) -> dict[str, str]:
    """The objectives (the section's bullet list) apart from the questions (the prose)."""
    if not md:
        return {"objectives_html": "", "questions_html": ""}
    lines = md.splitlines()
    items = [i for i, line in enumerate(lines) if LIST_ITEM.match(line)]
    if not items:
        return {"objectives_html": "", "questions_html": demote_headings(markdown_html(md), 5)}
    # The last list of the section: consecutive items (and their continuation lines).
    end = items[-1] + 1
    while end < len(lines) and lines[end].strip() and lines[end].startswith((" ", "\t")):
        end += 1
    start = items[-1]
    while start > 0 and (LIST_ITEM.match(lines[start - 1]) or
                         (lines[start - 1].startswith((" ", "\t")) and lines[start - 1].strip())):
        start -= 1
    objectives = "\n".join(lines[start:end])
    questions = "\n".join(lines[:start] + lines[end:]).strip()
    return {"objectives_html": demote_headings(markdown_html(objectives), 5),
            "questions_html": demote_headings(markdown_html(questions), 5) if questions else ""}


def build_index(out: Path, infos: list[NotebookInfo], nav: dict) -> None:
    from oxytocin_course import __version__
    from oxytocin_course.evidence import legend_html

    parts: dict[str, list[dict]] = {}
    for info in infos:
        parts.setdefault(info.part, []).append({
            "number": info.number, "title": info.title, "page": info.page, "time": info.time,
            "kind": info.kind, "notebook": info.path.name,
            **split_objectives(info.objectives_md),
        })
    from markupsafe import Markup

    for items in parts.values():
        for it in items:
            it["objectives_html"] = Markup(it["objectives_html"])
            it["questions_html"] = Markup(it["questions_html"])
    render_page("site_index.html.j2", out / "index.html", title=COURSE_TITLE,
                parts=parts, legend_html=legend_html(), nav=nav, version=__version__,
                first=infos[0].page if infos else None, repo=repo_url())


def build_glossary(out: Path, infos: list[NotebookInfo], nav: dict) -> None:
    from oxytocin_course import glossary

    pages = {i.number: i for i in infos}
    items = []
    if not glossary.GLOSSARY_PATH.exists():
        print(f"site: warning: {glossary.GLOSSARY_PATH} is missing; the glossary page is empty")
    for t in (glossary.terms() if glossary.GLOSSARY_PATH.exists() else ()):
        items.append({
            "anchor": t.anchor, "term": t.term, "definition": t.definition,
            "cite": [(k, _label(k)) for k in t.cite],
            "see_also": t.see_also,
            "notebooks": [(pages[n].page, f"{n} {pages[n].title}") for n in t.notebooks
                          if n in pages],
        })
    render_page("site_glossary.html.j2", out / "glossary.html", title="Glossary",
                terms=items, nav=nav)


def _label(key: str) -> str:
    from oxytocin_course.references import label

    return label(key)


def build_references(out: Path, infos: list[NotebookInfo], nav: dict) -> None:
    from oxytocin_course.references import bibliography, format_html, keys_in_notebook, label

    cited_in: dict[str, list[NotebookInfo]] = {}
    for info in infos:
        for k in keys_in_notebook(info.path):
            cited_in.setdefault(k, []).append(info)
    keys = sorted(bibliography().entries.keys(), key=lambda k: (label(k).lower(), k))
    from markupsafe import Markup

    items = [{"key": k, "label": label(k), "html": Markup(format_html(k)),
              "cited_in": [(i.page, i.number) for i in cited_in.get(k, [])]} for k in keys]
    render_page("site_references.html.j2", out / "references.html", title="References",
                refs=items, nav=nav)


#: Pages the build writes besides the notebooks.
EXTRA_PAGES = ("index.html", "glossary.html", "references.html", "evidence.html", "changelog.html")
CHANGELOG_PATH = ROOT / "CHANGELOG.md"


def build_evidence(out: Path, nav: dict) -> None:
    """The whole evidence register on one page, with the rubric that grades it."""
    from oxytocin_course import register
    from oxytocin_course.evidence import legend_html, rubric_html

    claims = register.load()
    groups = [("Claims of the source documents", [c for c in claims if c.from_source_document]),
              ("The course's claims about the literature",
               [c for c in claims if c.source == "literature"]),
              ("Statements about the course's own teaching models",
               [c for c in claims if c.source == "course"])]
    body = ["<h1>Evidence register</h1>",
            "<p>Every graded claim of the course, once. Each notebook's evidence tables show rows "
            "of this register by id, so a claim reads the same grade everywhere. Grades are decided "
            "by the rubric below.</p>", "<h2 id=\"rubric\">How a grade is decided</h2>",
            rubric_html(), legend_html()]
    for i, (title, rows) in enumerate(groups):
        body.append(f'<h2 id="group-{i}">{html.escape(title)} ({len(rows)})</h2>')
        body.append(register.register_table_html(tuple(rows), anchors=True))
    body_html = rewrite_links("\n".join(body))
    render_page("site_page.html.j2", out / "evidence.html", title="Evidence register",
                body_html=body_html, nav=nav)


def build_changelog(out: Path, nav: dict) -> None:
    """CHANGELOG.md (changes and errata) as a page."""
    text = CHANGELOG_PATH.read_text(encoding="utf-8") if CHANGELOG_PATH.exists() else (
        "# Changelog\n\nNo changes recorded yet.\n")
    render_page("site_page.html.j2", out / "changelog.html", title="Changelog and errata",
                body_html=markdown_html(text), nav=nav)


# --------------------------------------------------------------------------- figures
def write_figures(fig_out: Path, infos: list[NotebookInfo], tmp: Path) -> list[dict]:
    """Copy every exported figure to ``fig_out`` and write ``manifest.json``."""
    fig_out.mkdir(parents=True, exist_ok=True)
    for old in list(fig_out.glob("*.png")) + list(fig_out.glob("*.svg")):
        old.unlink()
    manifest, seen = [], {}
    for info in infos:
        for f in info.figures:
            if f["id"] in seen and seen[f["id"]] != info.path.name:
                raise BuildError(f"figure id {f['id']!r} is used in {seen[f['id']]} and "
                                 f"{info.path.name}: figure ids must be unique")
            if f["id"] in seen:  # shown twice in one notebook: keep the last
                manifest = [m for m in manifest if m["id"] != f["id"]]
            seen[f["id"]] = info.path.name
            src = tmp / "figures" / info.path.stem
            for ext in ("png", "svg"):
                shutil.copy2(src / f"{f['id']}.{ext}", fig_out / f"{f['id']}.{ext}")
            manifest.append({"id": f["id"], "notebook": info.path.name,
                             "caption": f["caption"], "alt": f["alt"],
                             "png": f"{f['id']}.png", "svg": f"{f['id']}.svg"})
    (fig_out / "manifest.json").write_text(
        json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


# --------------------------------------------------------------------------- build
def _weight(path: Path) -> tuple[int, int]:
    pages = sum(p.stat().st_size for p in path.glob("*.html"))
    total = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return pages, total


def build(out: Path | str = SITE_DIR, notebooks: list[Path] | None = None,
          figures: Path | str | None = FIGURE_DIR, workers: int = 2,
          quiet: bool = False) -> dict[str, Any]:
    """Build the whole site into ``out``; returns a summary (also in ``out/site.json``)."""
    t_start = time.perf_counter()
    out = Path(out)
    paths = [Path(p).resolve() for p in (notebooks if notebooks is not None else discover())]
    if not paths:
        raise BuildError(f"no notebooks (NN_*.ipynb) found in {NOTEBOOK_DIR}")
    say = (lambda *a: None) if quiet else (lambda *a: print(*a, flush=True))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    copy_assets(out)
    infos = [read_info(p) for p in paths]
    sequence = ([("index.html", "Course map")] + [(i.page, f"{i.number} · {i.title}") for i in infos]
                + [("glossary.html", "Glossary"), ("references.html", "References"),
                   ("evidence.html", "Evidence register"), ("changelog.html", "Changelog")])

    def nav_for(page: str) -> dict:
        idx = [s[0] for s in sequence].index(page)
        prev = sequence[idx - 1] if idx > 0 else None
        nxt = sequence[idx + 1] if idx + 1 < len(sequence) else None
        return {"prev": prev, "next": nxt, "page": page, "course_title": COURSE_TITLE}

    failures = []
    with tempfile.TemporaryDirectory(prefix="oxy-site-") as tmpd:
        tmp = Path(tmpd)
        tasks = []
        for info in infos:
            nav = nav_for(info.page)
            nav.update({"notebook": info.path.name, "binder": binder_link(info.path.name),
                        "title": info.title, "number": info.number})
            tasks.append({"path": str(info.path), "out": str(out), "nav": nav,
                          "fig_dir": str(tmp / "figures" / info.path.stem)})
        say(f"site: executing and rendering {len(tasks)} notebook(s) with {workers} workers...")
        ctx = multiprocessing.get_context("spawn")
        by_path = {str(i.path): i for i in infos}
        with cf.ProcessPoolExecutor(max_workers=max(1, workers), mp_context=ctx) as pool:
            futures = [pool.submit(_execute_and_render, t) for t in tasks]
            for fut in cf.as_completed(futures):
                r = fut.result()
                info = by_path[r["path"]]
                if r["error"]:
                    failures.append(r["error"])
                    say(f"  FAILED {info.path.name}")
                    continue
                info.seconds, info.figures, info.kernel_free = (r["seconds"], r["figures"],
                                                                r["kernel_free"])
                note = f"  {info.path.name}: {r['seconds']:.1f} s, {r['bytes'] / 1e6:.2f} MB"
                if r["strays"]:
                    note += (f"  (warning: image output without show_figure alt text in "
                             f"{', '.join(r['strays'])})")
                say(note)
        if failures:
            raise BuildError("\n\n".join(failures))
        manifest = write_figures(Path(figures) if figures else tmp / "figures-out", infos, tmp)
    build_index(out, infos, nav_for("index.html"))
    build_glossary(out, infos, nav_for("glossary.html"))
    build_references(out, infos, nav_for("references.html"))
    build_evidence(out, nav_for("evidence.html"))
    build_changelog(out, nav_for("changelog.html"))
    seconds = time.perf_counter() - t_start
    pages_bytes, total_bytes = _weight(out)
    summary = {"pages": [i.public() for i in infos], "figures": manifest,
               "extra_pages": list(EXTRA_PAGES),
               "build_seconds": round(seconds, 1), "html_bytes": pages_bytes,
               "total_bytes": total_bytes}
    (out / "site.json").write_text(json.dumps(summary, indent=1, ensure_ascii=False),
                                   encoding="utf-8")
    say(f"site: built {len(infos) + len(EXTRA_PAGES)} pages into {out} in {seconds:.1f} s; "
        f"page weight {pages_bytes / 1e6:.1f} MB of HTML "
        f"(largest {max((p.stat().st_size for p in out.glob('*.html')), default=0) / 1e6:.1f} MB), "
        f"{total_bytes / 1e6:.1f} MB with shared assets; "
        f"{len(manifest)} figures in {figures or '(not kept)'}")
    return summary


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(prog="python -m oxytocin_course.site",
                                 description="Build the offline HTML course pages.")
    ap.add_argument("notebooks", nargs="*", type=Path,
                    help="notebooks to build (default: every notebooks/NN_*.ipynb)")
    ap.add_argument("--out", type=Path, default=SITE_DIR, help="output directory (_site)")
    ap.add_argument("--figures", type=Path, default=FIGURE_DIR,
                    help="where to export the course figures (figures/)")
    ap.add_argument("--workers", type=int, default=2, help="notebooks executed in parallel")
    args = ap.parse_args(argv)
    from .assets import AssetError

    try:
        build(args.out, args.notebooks or None, args.figures, args.workers)
    except (BuildError, AssetError) as err:
        print(f"site: {err}", file=sys.stderr)
        return 1
    return 0
