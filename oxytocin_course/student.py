"""The student edition: the notebooks without worked solutions or instructor notes.

``make student`` (``python -m oxytocin_course.student``) writes every course notebook to
``_build/student/notebooks/`` through nbconvert's :class:`~nbconvert.preprocessors.TagRemovePreprocessor`:
cells tagged ``solution`` (worked solutions, code and Markdown) or ``instructor`` (the
capstone's model answer in the guide) are dropped, and links to the run sheets are
removed (they are not part of the edition), as are links to headings that went with a
removed cell (the link text stays).  Exercises keep their starter cells, so a
student edition runs top to bottom like the full one; the self-check questions keep their
built-in feedback.  The files the notebooks link to (``seeds/``) are copied beside them.

The full edition, with solutions, stays the default (``notebooks/``); this is for
instructors who grade the exercises.
"""
from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

from .notebook_files import NOTEBOOK_DIR, ROOT, SEEDS_DIR, notebooks
from .runsheets import heading_anchor

#: Where ``make student`` writes the edition.
STUDENT_DIR = ROOT / "_build" / "student"
#: Cells with these tags are not in the student edition.
REMOVED_TAGS = ("solution", "instructor")
#: `` · [Run sheet](run_sheet_07.ipynb)`` in a header line.
RUN_SHEET_IN_HEADER = re.compile(r" · \[Run sheet\]\(run_sheet_\d\d\.ipynb\)")
#: A link within the notebook, ``[text](#Heading-anchor)``.
IN_PAGE_LINK = re.compile(r"\[([^\]]+)\]\(#([^()\s]+(?:\([^()\s]*\)[^()\s]*)?)\)")
#: Any other link to a run sheet: its text stays, the link goes.
RUN_SHEET_LINK = re.compile(r"\[([^\]]+)\]\(run_sheet_\d\d\.ipynb(?:#[^)]*)?\)")


def _without_run_sheets(text: str) -> str:
    return RUN_SHEET_LINK.sub(r"\1", RUN_SHEET_IN_HEADER.sub("", text))


def student_notebook(path: Path):
    """One notebook of the student edition (an nbformat node)."""
    import nbformat
    from nbconvert.preprocessors import TagRemovePreprocessor

    notebook = nbformat.read(path, as_version=4)
    remove = TagRemovePreprocessor(remove_cell_tags=set(REMOVED_TAGS), enabled=True)
    notebook, _ = remove.preprocess(notebook, {})
    anchors = {heading_anchor(title) for cell in notebook.cells if cell.cell_type == "markdown"
               for title in re.findall(r"^#+\s+(.+?)\s*$", cell.source, re.MULTILINE)}
    anchors |= {anchor for cell in notebook.cells if cell.cell_type == "markdown"
                for anchor in re.findall(r'<a id="([^"]+)"', cell.source)}

    def unlink_removed(link: re.Match) -> str:
        return link.group(0) if link.group(2) in anchors else link.group(1)

    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            cell.source = IN_PAGE_LINK.sub(unlink_removed, _without_run_sheets(cell.source))
    notebook.metadata.setdefault("oxytocin", {})["edition"] = "student"
    return notebook


def build(out: Path | str = STUDENT_DIR, paths: list[Path] | None = None) -> list[Path]:
    """Write the student edition into ``out/notebooks`` (and ``out/seeds``); returns the
    notebooks written."""
    import nbformat

    out = Path(out)
    target = out / "notebooks"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    written = []
    for path in paths or notebooks(NOTEBOOK_DIR):
        nb = student_notebook(path)
        nbformat.validate(nb)
        destination = target / path.name
        nbformat.write(nb, destination)
        written.append(destination)
    if (out / "seeds").exists():
        shutil.rmtree(out / "seeds")
    shutil.copytree(SEEDS_DIR, out / "seeds")
    return written


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else STUDENT_DIR
    written = build(out)
    print(f"student edition: {len(written)} notebooks in {out / 'notebooks'}, without cells "
          f"tagged {', '.join(REMOVED_TAGS)}; open {out / 'notebooks' / written[0].name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
