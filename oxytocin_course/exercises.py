"""Exercises in the notebooks: starter cells with blanks, folded worked solutions.

A coding exercise gives the learner a *starter cell*: the code with ``...``
where the answer goes, guarded by :func:`filled` so that the cell runs (and
*Run All* carries on) before the blanks are filled::

    # Your turn (Exercise 1.1): replace each ... and run the cell.
    n_per_group = ...        # hint: power.n_for_power
    if filled(n_per_group):
        print(f"{n_per_group} per group")

The worked solution follows in a cell that starts with the ``%%solution``
cell magic (registered by :func:`oxytocin_course.setup`)::

    %%solution Exercise 1.1
    n_per_group = power.n_for_power(0.5, 0.8)
    print(n_per_group)

The magic runs the code as usual (its variables stay defined for later
cells, and an error still fails the cell) but shows what it prints or
displays inside a closed ``<details>`` element, so that *Run All* in
JupyterLab, like the HTML pages, shows no answer until the learner opens it.
"""
from __future__ import annotations

import base64
import html
import re
from typing import Any

__all__ = ["BLANK_MESSAGE", "SOLUTION_LINE", "filled", "register_magics", "solution_html"]

#: The first line of a worked-solution cell: ``%%solution Exercise 1.1`` (group 1: the label).
SOLUTION_LINE = re.compile(r"%%solution[ \t]+(.+?)\s*$")

BLANK_MESSAGE = "Replace each ... in this cell with your answer, then run the cell again."


def filled(*values: Any) -> bool:
    """True when no value is the ``...`` placeholder; otherwise print a reminder.

    Starter cells guard their last lines with it, so that they run without an
    error while the blanks are still empty.
    """
    if any(v is Ellipsis for v in values):
        print(BLANK_MESSAGE)
        return False
    return True


def _output_html(data: dict[str, Any], metadata: dict[str, Any], label: str) -> str:
    """One captured display output as HTML (richest format we can embed)."""
    if "text/html" in data:
        return str(data["text/html"])
    if "image/svg+xml" in data:
        return str(data["image/svg+xml"])
    if "image/png" in data:
        png = data["image/png"]
        if isinstance(png, bytes):
            png = base64.b64encode(png).decode("ascii")
        alt = (metadata.get("image/png") or {}).get("alt") or f"Figure from the worked solution to {label}"
        return (f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}" '
                'style="max-width:100%;height:auto">')
    text = data.get("text/plain", "")
    return f"<pre>{html.escape(str(text))}</pre>" if text else ""


def solution_html(label: str, stdout: str, outputs: list[tuple[dict, dict]], stderr: str = "") -> str:
    """The folded block that shows a worked solution's output (empty if it has none)."""
    parts = []
    if stdout.strip():
        parts.append(f"<pre>{html.escape(stdout.rstrip())}</pre>")
    parts.extend(p for p in (_output_html(d, m, label) for d, m in outputs) if p)
    if stderr.strip():
        parts.append(f'<pre class="oxy-solution-stderr">{html.escape(stderr.rstrip())}</pre>')
    if not parts:
        return ""
    return ('<details class="oxy-solution-output" style="border-left:4px solid #1b5e20;'
            'padding:0.1rem 0.6rem;margin:0.3rem 0"><summary>Output of the worked solution to '
            f"{html.escape(label)} (open it after trying the exercise)</summary>\n"
            + "\n".join(parts) + "\n</details>")


def _solution_magic(line: str, cell: str) -> None:
    """``%%solution Exercise N.M``: run the cell, show its output folded."""
    from IPython import get_ipython
    from IPython.display import HTML, display
    from IPython.utils.capture import capture_output

    shell = get_ipython()
    label = line.strip() or "this exercise"
    with capture_output(stdout=True, stderr=True, display=True) as captured:
        result = shell.run_cell(cell, store_history=False)
    if not result.success:
        # A failing worked solution is a bug in the course: show the error, fail the cell.
        print(captured.stdout, end="")
        result.raise_error()
    block = solution_html(label, captured.stdout,
                          [(o.data, o.metadata) for o in captured.outputs], captured.stderr)
    if block:
        display(HTML(block))


def register_magics(shell: Any = None) -> bool:
    """Register ``%%solution`` in the running IPython shell (no-op outside IPython)."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a course dependency
            return False
        shell = get_ipython()
    if shell is None:
        return False
    shell.register_magic_function(_solution_magic, magic_kind="cell", magic_name="solution")
    return True
