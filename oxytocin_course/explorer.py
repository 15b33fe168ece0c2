"""The explorer: controls that redraw a figure, and never show a traceback.

A model module builds an explorer from three things: a figure whose artists
it created once, a dict of ipywidgets controls, and a ``draw`` function that
takes the control values as keyword arguments, updates the artists in place
(``set_ydata`` and friends, fast) and returns the alt text of the new figure.
``draw`` raises ``ValueError`` for impossible combinations; the explorer
shows that message on one line and keeps the last good figure.

On the static HTML pages there is no kernel.  If an explorer names a
``kernel_free`` control, the site build (environment variable
``OXYTOCIN_STATIC=1``) shows instead a slider over precomputed frames of that
control, linked in the browser to an ``ipywidgets.Stack`` of images.
"""
from __future__ import annotations

import html
import os
import time
from typing import Any, Callable, Sequence

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from .figures import img_html, png_bytes

#: Every explorer built in this process, by id (for tests and benchmarks).
REGISTRY: dict[str, "Explorer"] = {}


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return str(v)


class Explorer:
    """Controls + a figure redrawn in place.  See the module docstring."""

    def __init__(
        self,
        id: str,
        fig: Figure,
        controls: dict[str, widgets.ValueWidget],
        draw: Callable[..., str],
        *,
        title: str = "",
        kernel_free: str | None = None,
        kernel_free_values: Sequence[Any] | None = None,
        details: widgets.HTML | None = None,
    ) -> None:
        self.id = id
        self.fig = fig
        self.controls = controls
        self.draw = draw
        self.title = title
        self.kernel_free = kernel_free
        self.kernel_free_values = kernel_free_values
        #: Optional HTML panel under the figure (a table, a note) that ``draw``
        #: fills; it travels with each precomputed frame on the static pages.
        self.details = details
        if kernel_free is not None and kernel_free not in controls:
            raise ValueError(f"kernel_free must name one of the controls: {', '.join(controls)}")
        self.message = widgets.HTML(value="", layout=widgets.Layout(min_height="1.6em"))
        self.image = widgets.HTML(value="")
        self.last_error: str | None = None
        self.last_alt: str = ""
        self.updates = 0
        self._hold = False
        for c in controls.values():
            c.observe(self._on_change, names="value")
        box_items: list[widgets.Widget] = []
        if title:
            box_items.append(widgets.HTML(f"<strong>{html.escape(title)}</strong>"))
        box_items += [widgets.VBox(list(controls.values())), self.message, self.image]
        if details is not None:
            box_items.append(details)
        self.widget = widgets.VBox(box_items, layout=widgets.Layout(border="1px solid #ccc",
                                                                    padding="6px"))
        self.update()
        if self.last_error is not None:
            raise ValueError(f"explorer {id!r}: default settings fail: {self.last_error}")
        # The layout was solved for the default figure; freezing it spares the
        # constrained-layout solver on every update (artists change, axes don't).
        if hasattr(fig, "set_layout_engine"):
            fig.set_layout_engine("none")
        REGISTRY[id] = self

    # -- state ---------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: c.value for name, c in self.controls.items()}

    def set(self, **values: Any) -> bool:
        """Set several controls at once, then redraw once.  Returns success."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; controls are {list(self.controls)}")
        self._hold = True
        try:
            for name, v in values.items():
                self.controls[name].value = v
        finally:
            self._hold = False
        return self.update()

    def _on_change(self, _change: dict) -> None:
        if not self._hold:
            self.update()

    def update(self) -> bool:
        """Redraw from the current control values; never raises."""
        self.updates += 1
        try:
            alt = self.draw(**self.values())
            png = png_bytes(self.fig)
        except ValueError as err:
            first = str(err).splitlines()[0] if str(err) else "these settings are not allowed"
            self._error(first)
            return False
        except Exception as err:  # noqa: BLE001 - a learner never sees a traceback
            self._error(f"these settings could not be drawn ({type(err).__name__}: {err})")
            return False
        self.last_error = None
        self.last_alt = alt
        self.image.value = img_html(png, alt)
        self.message.value = ""
        return True

    def _error(self, text: str) -> None:
        self.last_error = text
        self.message.value = (
            '<p role="alert" style="color:#8a1c00;margin:0">&#9888; '
            f"{html.escape(text)} (the last valid figure is kept)</p>"
        )

    def timed_update(self) -> float:
        """Seconds for one full update (compute + render); for benchmarks."""
        t0 = time.perf_counter()
        self.update()
        return time.perf_counter() - t0

    # -- kernel-free version --------------------------------------------------
    def frame_values(self) -> list[Any]:
        if self.kernel_free is None:
            return []
        if self.kernel_free_values is not None:
            return list(self.kernel_free_values)
        c = self.controls[self.kernel_free]
        if hasattr(c, "options") and c.options:
            return [o[1] if isinstance(o, tuple) else o for o in c.options]
        lo, hi, step = c.min, c.max, c.step
        n_steps = max(int(round((hi - lo) / step)), 1)
        n = min(n_steps + 1, 9)
        # Frames sit on the slider's own step grid and include the default value.
        ks = sorted({round(i * n_steps / (n - 1)) for i in range(n)})
        k0 = min(max(int(round((c.value - lo) / step)), 0), n_steps)
        if k0 not in ks:
            ks[min(range(len(ks)), key=lambda i: abs(ks[i] - k0))] = k0
            ks = sorted(set(ks))
        as_int = isinstance(c.value, int) and isinstance(step, int)
        return [lo + k * step if as_int else round(lo + k * step, 10) for k in ks]

    def static_widget(self) -> widgets.Widget:
        """Slider over precomputed frames, linked to a Stack in the browser."""
        if self.kernel_free is None:
            note = widgets.HTML(
                "<p><em>On this page the figure shows the default settings; the controls are "
                "live when the notebook runs in JupyterLab.</em></p>")
            return widgets.VBox([note, self.widget])
        default = self.values()
        name = self.kernel_free
        frames, labels, shown = [], [], []
        for v in self.frame_values():
            if self.set(**{name: v}):
                extra = self.details.value if self.details is not None else ""
                frames.append(widgets.HTML(self.image.value + extra))
                labels.append(_fmt(v))
                shown.append(v)
        self.set(**default)
        control = self.controls[name]
        desc = getattr(control, "description", name) or name
        start = next((i for i, v in enumerate(shown) if v == default[name]), None)
        if start is None:
            start = min(range(len(labels)), key=lambda i: abs(
                float(shown[i]) - float(default[name])) if isinstance(default[name], (int, float)) else 0)
        slider = widgets.SelectionSlider(options=labels, index=start, description=desc,
                                         continuous_update=True,
                                         style={"description_width": "initial"},
                                         layout=widgets.Layout(width="32em"))
        stack = widgets.Stack(frames, selected_index=start)
        widgets.jslink((slider, "index"), (stack, "selected_index"))
        others = ", ".join(_fmt(v) + " (" + (getattr(self.controls[k], "description", k) or k) + ")"
                           for k, v in default.items() if k != name)
        note = widgets.HTML(
            f"<p><em>Precomputed for this page: move “{html.escape(desc)}”. The other settings "
            f"stay at their defaults{': ' + html.escape(others) if others else ''}; "
            "all controls are live in JupyterLab.</em></p>")
        items: list[widgets.Widget] = []
        if self.title:
            items.append(widgets.HTML(f"<strong>{html.escape(self.title)}</strong>"))
        items += [note, slider, stack]
        return widgets.VBox(items, layout=widgets.Layout(border="1px solid #ccc", padding="6px"))

    # -- display ----------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if os.environ.get("OXYTOCIN_STATIC") == "1":
            display(self.static_widget())
        else:
            display(self.widget)


def slider(description: str, value: float, min: float, max: float, step: float,
           *, integer: bool = False, readout_format: str | None = None) -> widgets.ValueWidget:
    """A slider with a visible, accessible name and a formatted readout."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    kwargs: dict[str, Any] = dict(value=value, min=min, max=max, step=step, description=description,
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=widgets.Layout(width="32em"))
    if readout_format:
        kwargs["readout_format"] = readout_format
    return cls(**kwargs)
