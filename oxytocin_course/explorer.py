"""The explorer: controls that redraw a figure, and never show a traceback.

Every explorer in the course is built the same way (CONTRIBUTING.md,
"Adding an explorer", shows the template in full)::

    def thing_explorer() -> Explorer:
        fig, art = _thing_figure()        # static parts drawn once; ``art`` holds
                                          # the artists that ``draw`` changes
        controls = {"k": slider("k", 1.0, 0.0, 5.0, 0.1)}

        def draw(k: float) -> str:        # control values as keyword arguments
            art["curve"].set_ydata(model.simulate(k))
            return f"alt text describing the figure for k = {k:.2f}"

        return Explorer("NN-thing", fig, controls, draw, animated=art,
                        title="...", page_control="k")

``draw`` updates the artists in ``art`` in place (``set_data``, ``set_text``
...) and returns the alt text of the new figure.  It raises ``ValueError``
for settings the model refuses; the explorer shows that message on one line
and keeps the last good figure.  Any other exception is a bug in the course:
the learner sees a short message, and :class:`ExplorerBugWarning` is issued
(the test suite turns it into an error).

Rendering follows matplotlib's documented blitting ("Faster rendering by
using blitting"): the artists in ``animated`` are marked animated, so a
normal draw leaves them out; that draw is kept as the background
(``copy_from_bbox``), and each update restores it (``restore_region``) and
draws the animated artists on it (``draw_artist``).  So that the result is
the same, pixel for pixel, as a full render, every artist that its Axes (or
the Figure) draws after the first animated one (spines, labels, legends over
a curve) is animated too.  A change to any other artist (new axis limits, a
new label) makes the figure ``stale`` (animated artists never do), and that
update draws the background again: only the Axes that changed when they
stand clear of everything else, otherwise the whole figure.  Only public
matplotlib API is used.

The layout is solved once, for the default settings, and then frozen: the
axes keep their place while the artists change.

On the static HTML pages there is no kernel.  If an explorer names a
``page_control``, the site build (environment variable ``OXYTOCIN_STATIC=1``)
shows a slider over precomputed frames of that control, linked in the
browser to an ``ipywidgets.Stack`` of images.
"""
from __future__ import annotations

import html
import os
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

import ipywidgets as widgets
import numpy as np
from IPython.display import display
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.spines import Spine
from matplotlib.transforms import Bbox

from .figures import agg_canvas, encode_png, img_html

#: zlib level for explorer frames: the fastest, and still smaller than savefig's PNG.
PNG_LEVEL = 1
#: Most frames precomputed for a slider on the static pages (the default included).
MAX_PAGE_FRAMES = 9
#: Width of every control, so that the controls of one explorer line up.
CONTROL_WIDTH = "32em"

#: One artist, or any nesting of lists, tuples (a ``BarContainer`` too) and
#: dicts of them: the ``art`` a figure builder returns.
Artists = Union[Artist, Iterable["Artists"], Mapping[str, "Artists"]]


class ExplorerBugWarning(RuntimeWarning):
    """An explorer failed with something other than ``ValueError``: a bug in
    the course, not a refused setting.  The learner sees a short message; the
    test suite turns this warning into an error (``filterwarnings`` in
    ``pyproject.toml``)."""


def flatten(artists: Artists) -> list[Artist]:
    """The artists in ``artists`` (an artist, or lists / tuples / dicts of them)."""
    if isinstance(artists, Artist):
        return [artists]
    if isinstance(artists, Mapping):
        artists = artists.values()
    if isinstance(artists, (str, bytes)) or not isinstance(artists, Iterable):
        raise ValueError(f"animated must hold matplotlib artists; got {artists!r}")
    return [a for item in artists for a in flatten(item)]


def draw_order(parent: Axes | Figure) -> list[Artist]:
    """The children of an Axes or the Figure in the order its ``draw`` paints
    them: by zorder, ties in ``get_children`` order; the background patch (drawn
    first), and spines or axes that are switched off, left out."""
    children = [c for c in parent.get_children() if c is not parent.patch]
    if isinstance(parent, Axes):
        framed = parent.axison and parent.get_frame_on()
        children = [c for c in children
                    if (framed or not isinstance(c, Spine)) and (parent.axison or not isinstance(c, Axis))]
    return sorted(children, key=lambda c: c.get_zorder())


def _drawn_by(artist: Artist, fig: Figure) -> Axes | Figure:
    """The Axes or Figure whose ``draw`` paints ``artist``."""
    ax = artist.axes
    if ax is not None and any(c is artist for c in ax.get_children()):
        return ax
    if any(c is artist for c in fig.get_children()):
        return fig
    raise ValueError(f"animated artists must be drawn directly by an Axes or the Figure; "
                     f"{artist!r} is drawn by another artist (animate that one instead)")


def blit_layer(fig: Figure, animated: Sequence[Artist]) -> list[Artist]:
    """Everything drawn over the background, in the order a full draw paints
    it: for each Axes (and the Figure itself) holding an artist of
    ``animated``, that artist and every child drawn after it."""
    chosen = {id(a) for a in animated}
    parents = {id(p): p for p in (_drawn_by(a, fig) for a in animated)}
    top = draw_order(fig)
    fig_start = (min(i for i, c in enumerate(top) if id(c) in chosen)
                 if id(fig) in parents else len(top))
    layer: list[Artist] = []
    for i, child in enumerate(top):
        if i >= fig_start:
            layer.append(child)
        elif isinstance(child, Axes) and id(child) in parents:
            order = draw_order(child)
            start = min(j for j, c in enumerate(order) if id(c) in chosen)
            layer += order[start:]
    return layer


#: Pixels added around an Axes' tight box when only that Axes is redrawn
#: (antialiased edges reach a pixel or so beyond it).
REGION_PAD = 3


class BlitRenderer:
    """Renders a figure whose ``animated`` artists change between frames.

    Three paths, each ending with the layer (:func:`blit_layer`) drawn over
    the background:

    * fast: nothing but the layer changed; restore the background.
    * Axes: the static parts of some, not all, Axes changed (new limits, a
      new label) and each of them keeps clear of everything else: restore the
      background, wipe those Axes' boxes back to the bare figure, work out the
      layer again (artists may have been added or removed), draw those Axes
      again (matplotlib leaves their animated artists out) and keep the result
      as the new background.
    * full: anything else, or no background yet: draw the whole figure, work
      out the layer again (artists may have been added or removed) and keep
      the result as the background.

    Whether anything changed is what matplotlib's ``stale`` flags say
    (animated artists never set them).  ``fast``, ``axes`` and ``full`` count
    the renders of each kind.
    """

    def __init__(self, fig: Figure, animated: Artists) -> None:
        self.fig = fig
        self.canvas = agg_canvas(fig)
        self.animated = flatten(animated)
        self.layer: list[Artist] = []
        self._relayer()
        self.background: Any = None
        #: The bare figure (its background patch only): what a redrawn Axes is drawn on.
        self.bare: Any = None
        #: Each Axes' tight box and every figure-level artist's box, as last
        #: drawn (None: not measured since the last full render).
        self.axes_boxes: dict[int, Bbox] | None = None
        self.other_boxes: list[Bbox] = []
        self.fast = 0
        self.axes = 0
        self.full = 0

    def _relayer(self) -> None:
        """Work out the layer again and mark it animated (and what left it not)."""
        layer = blit_layer(self.fig, self.animated)
        keep = {id(a) for a in layer}
        for artist in self.layer:
            if id(artist) not in keep:
                artist.set_animated(False)
        for artist in layer:
            artist.set_animated(True)
        self.layer = layer

    def invalidate(self) -> None:
        """Forget the background: the next render is a full one."""
        self.background = None

    def render(self) -> np.ndarray:
        """Draw the figure's current state; its RGBA buffer (valid until the next render)."""
        if self.background is None:
            self._full()
        elif self.fig.stale:
            if not self._redraw_changed_axes():
                self._full()
        else:
            self.canvas.restore_region(self.background)
            self.fast += 1
            if self.axes_boxes is None and len(self.fig.axes) > 1:
                self._measure_boxes()
        for artist in self.layer:
            self.fig.draw_artist(artist)
        # Drawing refreshes tick labels and marks their Axes stale: what is on
        # the canvas now is the figure's current state, so start clean.
        for child in self.fig.get_children():
            child.stale = False
        self.fig.stale = False
        return np.asarray(self.canvas.buffer_rgba())

    def _full(self) -> None:
        self._relayer()
        renderer = self.canvas.get_renderer()
        if self.bare is None:
            renderer.clear()
            self.fig.patch.draw(renderer)
            self.bare = self.canvas.copy_from_bbox(self.fig.bbox)
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.fig.bbox)
        # Measuring the boxes costs about a tenth of a full render: leave it to
        # the next fast render (the figure unchanged), which has time to spare.
        self.axes_boxes = None
        self.full += 1

    def _measure_boxes(self) -> None:
        """Each Axes' tight box and every figure-level artist's box, as drawn now."""
        renderer = self.canvas.get_renderer()
        self.axes_boxes = {id(ax): ax.get_tightbbox(renderer) for ax in self.fig.axes}
        self.other_boxes = [c.get_window_extent(renderer) for c in self.fig.get_children()
                            if not isinstance(c, Axes) and c is not self.fig.patch and c.get_visible()]

    def _redraw_changed_axes(self) -> bool:
        """The Axes path (see the class docstring); False if it does not apply."""
        fig = self.fig
        if any(c.stale for c in fig.get_children()
               if not isinstance(c, Axes) and not c.get_animated()):
            return False                      # a figure-level artist changed
        changed = [ax for ax in fig.axes if ax.stale]
        if (self.axes_boxes is None or not changed or len(changed) == len(fig.axes)
                or any(id(ax) not in self.axes_boxes for ax in fig.axes)):
            return False                      # not measured yet, or every Axes changed
        renderer = self.canvas.get_renderer()
        regions = []
        for ax in changed:
            now = ax.get_tightbbox(renderer)
            if now is None:
                return False
            region = Bbox.union([self.axes_boxes[id(ax)], now]).padded(REGION_PAD)
            regions.append((ax, region, now))
        others = self.other_boxes + [self.axes_boxes[id(ax)] for ax in fig.axes if ax not in changed]
        if any(region.overlaps(box) for _, region, _ in regions for box in others):
            return False
        self._relayer()                       # artists may have been added or removed
        height = int(fig.bbox.height)
        self.canvas.restore_region(self.background)
        for _, region, _ in regions:
            # restore_region counts rows from the top of the canvas, and its
            # ``xy`` is an offset from where the box was copied; the box
            # includes its last column and row.
            x0, x1 = max(int(np.floor(region.x0)), 0), min(int(np.ceil(region.x1)), int(fig.bbox.width))
            top, bottom = max(height - int(np.ceil(region.y1)), 0), min(height - int(np.floor(region.y0)), height)
            self.canvas.restore_region(self.bare, bbox=(x0, top, x1 - 1, bottom - 1), xy=(0, 0))
        for ax, _, now in regions:
            fig.draw_artist(ax)
            self.axes_boxes[id(ax)] = now
        self.background = self.canvas.copy_from_bbox(fig.bbox)
        self.axes += 1
        return True


def _label(value: Any) -> str:
    """A control value as the static page's slider shows it."""
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _shown(control: widgets.Widget, value: Any) -> str:
    """``value`` as a reader sees it: the option's label where the control has
    (label, value) options, else :func:`_label`."""
    for option in getattr(control, "options", ()):
        if isinstance(option, tuple) and option[1] == value:
            return str(option[0])
    return _label(value)


def _description(control: widgets.Widget, name: str) -> str:
    return getattr(control, "description", "") or name


class Explorer:
    """Controls and a figure redrawn in place.  See the module docstring."""

    def __init__(
        self,
        name: str,
        fig: Figure,
        controls: Mapping[str, widgets.ValueWidget],
        draw: Callable[..., str],
        *,
        animated: Artists,
        title: str = "",
        page_control: str | None = None,
        page_values: Sequence[Any] | None = None,
        panel: widgets.HTML | None = None,
        adjust: Callable[[Mapping[str, widgets.ValueWidget]], None] | None = None,
    ) -> None:
        """``name``: the explorer's id (``NN-topic``).  ``animated``: every artist
        ``draw`` changes.  ``page_control``: the control kept live on the static
        HTML page, over ``page_values`` (default: up to nine values on the
        control's own grid, the default included).  ``panel``: an HTML widget
        under the figure (a table, a note) that ``draw`` fills; it travels with
        each precomputed frame.  ``adjust``: called with the controls before each
        draw, to keep a dependent control consistent (the options of one
        control that depend on another); changes it makes trigger no extra draw."""
        if page_control is not None and page_control not in controls:
            raise ValueError(f"page_control must name one of the controls: {', '.join(controls)}")
        self.name = name
        self.fig = fig
        self.controls = dict(controls)
        self.draw = draw
        self.title = title
        self.page_control = page_control
        self.page_values = page_values
        self.panel = panel
        self.adjust = adjust
        self.message = widgets.HTML(value="", layout=widgets.Layout(min_height="1.6em"))
        self.image = widgets.HTML(value="")
        self.last_error: str | None = None
        self.last_alt = ""
        self.renderer = BlitRenderer(fig, animated)
        self._paused = False
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        items: list[widgets.Widget] = []
        if title:
            items.append(widgets.HTML(f"<strong>{html.escape(title)}</strong>"))
        items += [widgets.VBox(list(self.controls.values())), self.message, self.image]
        if panel is not None:
            items.append(panel)
        self.widget = widgets.VBox(items, layout=widgets.Layout(border="1px solid #ccc", padding="6px"))
        self.update()
        if self.last_error is not None:
            raise ValueError(f"explorer {name!r}: the default settings fail: {self.last_error}")
        # The layout engine placed the axes for the default figure; later
        # frames keep them there (and skip the layout solver).
        fig.set_layout_engine("none")

    # -- state ---------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> bool:
        """Set several controls at once, then redraw once.  True if the figure was drawn."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown control(s) {sorted(unknown)}; controls are {list(self.controls)}")
        refused = ""
        self._paused = True
        try:
            for name, value in values.items():
                control = self.controls[name]
                offered = [o[1] if isinstance(o, tuple) else o for o in getattr(control, "options", ())]
                if offered and value not in offered:   # options can depend on another control
                    refused = (f"{_description(control, name)}: {_shown(control, value)} is not one of "
                               "the choices offered now")
                    continue
                control.value = value
                if self.adjust is not None:   # the next value may depend on this one
                    self.adjust(self.controls)
        finally:
            self._paused = False
        drawn = self.update()
        if refused and drawn:
            self._show_error(refused)
            return False
        return drawn

    def _on_change(self, _change: dict) -> None:
        if not self._paused:
            self.update()

    def update(self) -> bool:
        """Redraw from the current control values.  True if the figure was
        drawn; False if the settings were refused (the message says why and
        the last good figure stays).  Never raises, except that a bug (any
        exception but ``ValueError`` from ``draw``) issues an
        :class:`ExplorerBugWarning`, which the tests turn into an error."""
        try:
            if self.adjust is not None:
                self._paused = True
                try:
                    self.adjust(self.controls)
                finally:
                    self._paused = False
            alt = self.draw(**self.values())
        except ValueError as err:
            self.renderer.invalidate()
            self._show_error(str(err).splitlines()[0] if str(err) else "these settings are not allowed")
            return False
        except Exception as err:  # noqa: BLE001 - a learner never sees a traceback
            return self._bug(err)
        try:
            frame = img_html(encode_png(self.renderer.render(), PNG_LEVEL), alt)
        except Exception as err:  # noqa: BLE001 - a learner never sees a traceback
            return self._bug(err)
        self.last_error = None
        self.last_alt = alt
        self.image.value = frame
        self.message.value = ""
        return True

    def _bug(self, err: Exception) -> bool:
        self.renderer.invalidate()
        self._show_error(f"these settings could not be drawn ({type(err).__name__}); "
                         "this is a bug in the course, please report it")
        warnings.warn(f"explorer {self.name!r} with {self.values()}: {type(err).__name__}: {err}",
                      ExplorerBugWarning, stacklevel=3)
        return False

    def _show_error(self, text: str) -> None:
        self.last_error = text
        self.message.value = (
            '<p role="alert" style="color:#8a1c00;margin:0">&#9888; '
            f"{html.escape(text)} (the last valid figure is kept)</p>"
        )

    # -- the static page ------------------------------------------------------
    def frame_values(self) -> list[Any]:
        """The values of ``page_control`` precomputed for the static page."""
        if self.page_control is None:
            return []
        if self.page_values is not None:
            return list(self.page_values)
        control = self.controls[self.page_control]
        if getattr(control, "options", None):
            return [o[1] if isinstance(o, tuple) else o for o in control.options]
        lo, hi, step = control.min, control.max, control.step
        n_steps = max(int(round((hi - lo) / step)), 1)
        n_frames = min(n_steps + 1, MAX_PAGE_FRAMES)
        # Frames sit on the slider's own step grid and include the default value.
        ks = sorted({round(i * n_steps / (n_frames - 1)) for i in range(n_frames)})
        k_default = min(max(int(round((control.value - lo) / step)), 0), n_steps)
        if k_default not in ks:
            ks[min(range(len(ks)), key=lambda i: abs(ks[i] - k_default))] = k_default
            ks = sorted(set(ks))
        as_int = isinstance(control.value, int) and isinstance(step, int)
        return [lo + k * step if as_int else round(lo + k * step, 10) for k in ks]

    def static_widget(self) -> widgets.Widget:
        """Slider over precomputed frames, linked to a Stack in the browser."""
        if self.page_control is None:
            note = widgets.HTML(
                "<p><em>On this page the figure shows the default settings; the controls are "
                "live when the notebook runs in JupyterLab.</em></p>")
            return widgets.VBox([note, self.widget])
        default = self.values()
        name = self.page_control
        frames, labels, shown = [], [], []
        for value in self.frame_values():
            if self.set(**{name: value}):
                extra = self.panel.value if self.panel is not None else ""
                frames.append(widgets.HTML(self.image.value + extra))
                labels.append(_shown(self.controls[name], value))
                shown.append(value)
        self.set(**default)
        desc = _description(self.controls[name], name)
        start = next((i for i, v in enumerate(shown) if v == default[name]), None)
        if start is None:
            start = min(range(len(labels)), key=lambda i: abs(
                float(shown[i]) - float(default[name])) if isinstance(default[name], (int, float)) else 0)
        slider_widget = widgets.SelectionSlider(options=labels, index=start, description=desc,
                                                continuous_update=True,
                                                style={"description_width": "initial"},
                                                layout=widgets.Layout(width=CONTROL_WIDTH))
        stack = widgets.Stack(frames, selected_index=start)
        widgets.jslink((slider_widget, "index"), (stack, "selected_index"))
        others = ", ".join(f"{_shown(self.controls[k], v)} ({_description(self.controls[k], k)})"
                           for k, v in default.items() if k != name)
        note = widgets.HTML(
            f"<p><em>Precomputed for this page: move “{html.escape(desc)}”. The other settings "
            f"stay at their defaults{': ' + html.escape(others) if others else ''}; "
            "all controls are live in JupyterLab.</em></p>")
        items: list[widgets.Widget] = []
        if self.title:
            items.append(widgets.HTML(f"<strong>{html.escape(self.title)}</strong>"))
        items += [note, slider_widget, stack]
        return widgets.VBox(items, layout=widgets.Layout(border="1px solid #ccc", padding="6px"))

    # -- display ----------------------------------------------------------------
    def _ipython_display_(self) -> None:
        if os.environ.get("OXYTOCIN_STATIC") == "1":
            display(self.static_widget())
        else:
            display(self.widget)


def panel_line(text: str) -> str:
    """HTML for a one-line ``panel`` under the figure: results that change at every
    update read there at no drawing cost (a changing title costs a few ms)."""
    return f"<p style='margin:0 0 0 4em'>{html.escape(text)}</p>"


def slider(description: str, value: float, min: float, max: float, step: float,
           *, integer: bool = False, readout_format: str | None = None) -> widgets.ValueWidget:
    """A slider with a visible, accessible name and a formatted readout."""
    cls = widgets.IntSlider if integer else widgets.FloatSlider
    kwargs: dict[str, Any] = dict(value=value, min=min, max=max, step=step, description=description,
                                  continuous_update=False, style={"description_width": "initial"},
                                  layout=widgets.Layout(width=CONTROL_WIDTH))
    if readout_format:
        kwargs["readout_format"] = readout_format
    return cls(**kwargs)


def dropdown(description: str, options: Sequence[Any], value: Any) -> widgets.Dropdown:
    """A dropdown styled like :func:`slider` (``options``: values or (label, value) pairs)."""
    return widgets.Dropdown(options=list(options), value=value, description=description,
                            style={"description_width": "initial"},
                            layout=widgets.Layout(width=CONTROL_WIDTH))
