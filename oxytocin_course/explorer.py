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

Rendering (:class:`BlitRenderer`) draws on the figure's Agg canvas and blits:
after ``draw`` the artists it changed are found by matplotlib's ``stale``
flags; when only simple data artists changed (lines, collections, patches,
texts, images directly in an Axes or the Figure) and no axes moved or
rescaled, the cached background (everything else: ticks, labels, legends,
titles) is restored and only the changed artists are drawn again.  Anything
else takes the full path, which also refreshes the background.
"""
from __future__ import annotations

import html
import os
import time
from typing import Any, Callable, Sequence

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis, Tick
from matplotlib.collections import Collection
from matplotlib.figure import Figure, FigureBase
from matplotlib.image import AxesImage
from matplotlib.layout_engine import PlaceHolderLayoutEngine
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.spines import Spine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from .figures import agg_canvas, encode_png, img_html

#: zlib level for explorer frames: fastest, and still smaller than savefig's PNG.
PNG_LEVEL = 1

_SIMPLE = (Line2D, Collection, Patch, Text, AxesImage)


def _extent(a: Artist, renderer: Any) -> Bbox | None:
    """A box in display pixels that holds every pixel ``a`` paints (None: it
    paints nothing).  Generous: line widths, markers and a margin are added,
    and when unsure the artist's clip box (or the whole figure) is used."""
    if not a.get_visible():
        return None
    fig = a.get_figure(root=True)
    px = fig.dpi / 72.0
    bb = None
    try:
        if isinstance(a, Legend):
            if not a.shadow:
                bb = a.get_window_extent(renderer).padded(
                    (a.borderpad + 1.0) * a._fontsize * px)
        elif isinstance(a, Text):
            if a.get_bbox_patch() is None:
                bb = a.get_window_extent(renderer)
        elif isinstance(a, Line2D):
            bb = a.get_window_extent(renderer).padded(
                (a.get_linewidth() + a.get_markersize() + a.get_markeredgewidth()) * px)
        elif isinstance(a, Patch):
            bb = a.get_window_extent(renderer).padded(a.get_linewidth() * px)
        elif isinstance(a, AxesImage):
            bb = a.get_window_extent(renderer)
    except Exception:  # noqa: BLE001 - unsure: fall back to the clip box
        bb = None
    if bb is not None and not np.all(np.isfinite(bb.extents)):
        bb = None
    bb = fig.bbox if bb is None else bb.padded(3)
    clip = a.get_clip_box() if a.get_clip_on() else None
    if clip is not None:
        return Bbox.intersection(bb, clip)
    return bb


def _skip_draw(renderer: Any) -> None:
    """Stands in for a dynamic artist's ``draw`` while the background is drawn."""


class _Scan:
    """Every artist of a figure in draw order, and what each one is."""

    __slots__ = ("artists", "leaf", "order", "parent")

    def __init__(self, fig: Figure) -> None:
        artists: list[Artist] = []
        leaf: dict[int, bool] = {}   # id -> may be blitted (simple artist drawn by its Axes/Figure)
        order: dict[int, int] = {}
        parents: dict[int, Artist | None] = {}

        def visit(a: Artist, parent: Artist | None) -> None:
            order[id(a)] = len(artists)
            parents[id(a)] = parent
            artists.append(a)
            if isinstance(a, (FigureBase, Axes)):
                patch = a.patch
                kids = [patch] + sorted((k for k in a.get_children() if k is not patch),
                                        key=lambda k: k.get_zorder())
            else:
                kids = a.get_children()
            leaf[id(a)] = (isinstance(parent, (FigureBase, Axes)) and isinstance(a, _SIMPLE)
                           and parent.get_visible()
                           and not isinstance(a, Spine) and a is not parent.patch
                           and not a.get_animated())
            for k in kids:
                visit(k, a)

        visit(fig, None)
        self.artists = artists
        self.leaf = leaf
        self.order = order
        self.parent = parents

    def overlay(self, dynamic: list[Artist]) -> tuple[list[Artist], list[Axis]]:
        """Static artists drawn after a dynamic one in the same Axes (or on the
        Figure): spines, lines, texts, legends... that may have to stay on top;
        and the Axis objects drawn after one (their grid lines may)."""
        if not dynamic:
            return [], []
        first: dict[int, int] = {}
        for a in dynamic:
            p = self.parent[id(a)]
            first[id(p)] = min(first.get(id(p), len(self.artists)), self.order[id(a)])
        start = min(first.values())
        dyn = {id(a) for a in dynamic}
        out, grid = [], []
        for a in self.artists[start:]:
            p = self.parent[id(a)]
            if isinstance(a, Axis) and isinstance(p, Axes) and p.axison and a.get_visible() \
                    and self.order[id(a)] > first.get(id(p), len(self.artists)):
                grid.append(a)
                continue
            if (id(a) in dyn or not isinstance(p, (FigureBase, Axes)) or a is p.patch
                    or isinstance(a, (Axes, Axis)) or not a.get_visible()):
                continue
            if isinstance(a, Spine) and not (p.axison and p._frameon):
                continue  # an Axes without a frame does not draw its spines
            if (isinstance(p, FigureBase) or self.order[id(a)] > first.get(id(p), len(self.artists))) \
                    and (self.leaf[id(a)] or isinstance(a, (Spine, Legend))):
                out.append(a)
        return out, grid

    def same_as(self, other: "_Scan | None") -> bool:
        return (other is not None and len(self.artists) == len(other.artists)
                and all(a is b for a, b in zip(self.artists, other.artists)))

    def unstale(self) -> None:
        for a in self.artists:
            a._stale = False


def _axis_state(axis: Axis) -> tuple:
    """What the ticks of ``axis`` will show (locations, labels, offset)."""
    major = tuple(np.asarray(axis.get_majorticklocs(), float).tolist())
    minor = tuple(np.asarray(axis.get_minorticklocs(), float).tolist())
    fmt = axis.major.formatter
    labels = tuple(fmt.format_ticks(list(major)))
    return (axis.get_scale(), major, minor, labels, fmt.get_offset(),
            tuple(axis.minor.formatter.format_ticks(list(minor))))


def _geometry(fig: Figure) -> tuple:
    """Figure size and every Axes' place, view limits and scales."""
    out: list[Any] = [tuple(fig.bbox.bounds), fig.dpi]
    for ax in fig.get_axes():
        # ``viewLim`` first: reading it applies any pending autoscale.
        out.append((tuple(ax.viewLim.bounds), tuple(ax.get_position(original=False).bounds),
                    tuple(ax.get_position(original=True).bounds), ax.get_aspect(),
                    ax.get_visible(), ax.axison))
    return tuple(out)


class BlitRenderer:
    """Renders a figure to PNG after ``draw`` changed some of its artists.

    Fast path: restore the cached background and draw the changed artists on
    it.  Full path: draw the figure with the changed ("dynamic") artists
    hidden, cache that as the background, then draw them on top.  The fast
    path is taken only when provably equivalent (see :meth:`_fast_ok`).
    Counters ``fast``/``full`` and ``last_reason`` (why the last full path).
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.canvas = agg_canvas(fig)
        self.background = None
        self.dynamic: list[Artist] = []
        #: What is drawn on the background: the dynamic artists and the static
        #: ones above them (see :meth:`_Scan.overlay`), in draw order.
        self.layer: list[Artist] = []
        self.scan: _Scan | None = None
        self.geometry: tuple | None = None
        self.axis_states: dict[int, tuple] = {}
        #: Costly static artists (legends, texts) above the dynamic ones but
        #: left in the background because no dynamic artist reaches them,
        #: with their boxes; a fast update must keep clear of them.
        self.guarded: list[tuple[Artist, Bbox]] = []
        self.fast = 0
        self.full = 0
        self.last_reason = ""

    def invalidate(self) -> None:
        """Forget the background: the next render takes the full path."""
        self.background = None

    def _layout_frozen(self) -> bool:
        engine = self.fig.get_layout_engine()
        return engine is None or isinstance(engine, PlaceHolderLayoutEngine)

    def _fast_ok(self, scan: _Scan, changed: list[Artist], geometry: tuple) -> str:
        """'' if the fast path is safe, else the reason it is not."""
        if self.background is None:
            return "no background"
        if not self._layout_frozen():
            return "layout engine active"
        if not scan.same_as(self.scan):
            return "artists added or removed"
        if geometry != self.geometry:
            return "axes moved or limits changed"
        dyn = {id(a) for a in self.layer}
        for a in changed:
            if id(a) not in dyn:
                return f"{type(a).__name__} changed outside the dynamic set"
        for a in scan.artists:
            if not a._stale or scan.leaf[id(a)] or isinstance(a, (FigureBase, Axes)):
                continue
            if isinstance(a, Axis):
                if _axis_state(a) != self.axis_states.get(id(a)):
                    return "ticks changed"
                continue
            return f"{type(a).__name__} changed"
        for a in scan.artists:
            if isinstance(a, Legend) and a._loc == 0 and a.get_visible():
                return 'legend with loc="best"'
        return ""

    def _plan(self, dynamic: list[Artist], scan: _Scan):
        """The layer drawn over the background: the dynamic artists, plus every
        static artist drawn above one of them (in draw order) that overlaps a
        layer artist below it, to closure.  The static artists left in the
        background are "guarded" with their boxes: a fast update whose changed
        artists reach one of them from below takes the full path."""
        above, axes_axis = scan.overlay(dynamic)
        grid: list[Artist] = []
        for axis in axes_axis:
            try:  # the ticks the next draw will draw, positioned for it
                ticks = axis._update_ticks()
            except Exception:  # noqa: BLE001 - private API: fall back to all ticks
                ticks = [t for t in axis.get_children() if isinstance(t, Tick)]
            grid += [t.gridline for t in ticks]
        if any(id(g) not in scan.order for g in grid):
            scan = _Scan(self.fig)  # updating the ticks created some
        renderer = self.canvas.get_renderer()
        candidates = sorted(above + grid, key=lambda a: scan.order[id(a)])
        box = {id(a): _extent(a, renderer) for a in dynamic + candidates}
        layer = list(dynamic)
        in_layer = {id(a) for a in layer}
        grown = True
        while grown:
            grown = False
            for c in candidates:
                bc = box[id(c)]
                if id(c) in in_layer or bc is None:
                    continue
                oc = scan.order[id(c)]
                if any(scan.order[id(a)] < oc and box[id(a)] is not None and box[id(a)].overlaps(bc)
                       for a in layer):
                    layer.append(c)
                    in_layer.add(id(c))
                    grown = True
        guarded = [(c, box[id(c)]) for c in candidates
                   if id(c) not in in_layer and box[id(c)] is not None]
        layer.sort(key=lambda a: scan.order[id(a)])
        return layer, guarded, scan

    def render(self) -> np.ndarray:
        """Draw the figure's current state; its RGBA buffer (valid until the next render)."""
        fig, canvas = self.fig, self.canvas
        scan = _Scan(fig)
        geometry = _geometry(fig)
        changed = [a for a in scan.artists if a._stale and scan.leaf[id(a)]]
        reason = self._fast_ok(scan, changed, geometry)
        if not reason and self.guarded:
            renderer = canvas.get_renderer()
            boxes = [(scan.order[id(a)], _extent(a, renderer)) for a in changed]
            for g, box in self.guarded:
                if any(o < scan.order[id(g)] and b is not None and b.overlaps(box) for o, b in boxes):
                    reason = "a changed artist reaches a static one drawn above it"
                    break
        if not reason:
            canvas.restore_region(self.background)
            renderer = canvas.get_renderer()
            for a in self.layer:
                a.draw(renderer)
            scan.unstale()
            self.fast += 1
            return np.asarray(canvas.buffer_rgba())
        self.last_reason = reason
        self.full += 1
        if not self._layout_frozen():
            # Still laying out (the first render): hiding artists would change
            # the layout, so draw everything and cache nothing.
            canvas.draw()
            self.background = None
            self.dynamic = self.layer = []
            self.guarded = []
        else:
            dynamic = sorted(changed, key=lambda a: scan.order[id(a)])
            layer, self.guarded, scan = self._plan(dynamic, scan)
            # Leave the layer out of the background by skipping its draw only:
            # hidden (set_visible) it would also vanish from the measurements
            # made while drawing (an Axes places its title from the title's
            # own extent, which is empty when it is invisible).
            for a in layer:
                a.draw = _skip_draw
            try:
                canvas.draw()
                self.background = canvas.copy_from_bbox(fig.bbox)
            finally:
                for a in layer:
                    del a.draw
            renderer = canvas.get_renderer()
            for a in layer:
                a.draw(renderer)
            self.dynamic = dynamic
            self.layer = layer
        # Drawing may create artists (ticks); remember the figure as drawn.
        self.scan = _Scan(fig)
        self.geometry = _geometry(fig)
        self.axis_states = {id(a): _axis_state(a) for a in self.scan.artists if isinstance(a, Axis)}
        self.scan.unstale()
        return np.asarray(canvas.buffer_rgba())

    def png(self) -> bytes:
        return encode_png(self.render(), PNG_LEVEL)

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
        self.renderer = BlitRenderer(fig)
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

    @property
    def fast_updates(self) -> int:
        """Renders that took the blit (fast) path."""
        return self.renderer.fast

    @property
    def full_updates(self) -> int:
        """Renders that drew the whole figure."""
        return self.renderer.full

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
            png = self.renderer.png()
        except ValueError as err:
            self.renderer.invalidate()
            first = str(err).splitlines()[0] if str(err) else "these settings are not allowed"
            self._error(first)
            return False
        except Exception as err:  # noqa: BLE001 - a learner never sees a traceback
            self.renderer.invalidate()
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
