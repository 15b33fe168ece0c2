"""The explorer's fast rendering (blitting onto a cached background) shows the
same figure as a full render of the same state.

Every explorer (found automatically) is driven through a few values of each
control; after every update the PNG in the widget is compared with an
independent full render (a fresh Agg renderer drawing the whole figure).  A
tiny hand-made explorer checks which path is taken and pixel-exact equality.
"""
import base64
import io
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text
from PIL import Image

from oxytocin_course.bench import control_sweep, explorer_factories
from oxytocin_course.explorer import Explorer, _Scan, slider
from oxytocin_course.figures import encode_png, new_figure, png_bytes

FACTORIES = explorer_factories()
#: Every frame must equal a full render pixel for pixel: static artists drawn
#: above a changing one (legends, spines, later lines, grid lines over a
#: shaded span) are redrawn above it.  An explorer whose frames can only come
#: close (a static artist the blit cannot redraw on top) would be listed here
#: with the share of identical pixels it must reach (at least 0.99).
MIN_SAME: dict[str, float] = {}


def widget_pixels(ex: Explorer) -> np.ndarray:
    m = re.search(r'src="data:image/png;base64,([^"]+)"', ex.image.value)
    assert m, "the widget holds an inline PNG"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(m.group(1)))).convert("RGB"))


def full_render(fig) -> np.ndarray:
    """Draw the whole figure on a fresh renderer (not the explorer's canvas)."""
    w, h = fig.bbox.size
    renderer = RendererAgg(int(w), int(h), fig.dpi)
    fig.draw(renderer)
    # Drawing updates tick labels and marks them stale; leave the flags as
    # the explorer left them so that this check does not change its path.
    _Scan(fig).unstale()
    return np.asarray(renderer.buffer_rgba())[..., :3].copy()


def same_share(a: np.ndarray, b: np.ndarray) -> float:
    assert a.shape == b.shape
    return float(np.all(a == b, axis=-1).mean())


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_explorer_frames_match_full_render(name, factory):
    ex = factory()
    default = ex.values()
    checked = 0
    for cname, control in ex.controls.items():
        for v in control_sweep(control, n=4):
            ok = ex.set(**{cname: v})
            if not ok:
                continue
            shown, ref = widget_pixels(ex), full_render(ex.fig)
            share = same_share(shown, ref)
            where = f"{name}: {cname}={v!r} ({ex.renderer.fast} fast, {ex.renderer.full} full renders)"
            assert share >= MIN_SAME.get(name, 1.0), \
                f"{where}: {1 - share:.4%} of pixels differ from a full render"
            checked += 1
        ex.set(**default)
    assert checked > 0
    assert ex.renderer.fast + ex.renderer.full >= checked


def test_blit_is_used():
    """The comparisons above really exercise the blit: most explorers take the
    fast path for most updates."""
    fast = 0
    for name in ("voles.context_explorer", "hpa.study_explorer", "alliance.alliance_explorer"):
        ex = dict(FACTORIES)[name]()
        for cname, control in ex.controls.items():
            for v in control_sweep(control, n=4):
                ex.set(**{cname: v})
        assert ex.fast_updates >= ex.full_updates, f"{name}: {ex.renderer.last_reason}"
        fast += ex.fast_updates
    assert fast >= 20


def tiny_explorer():
    x = np.linspace(0, 10, 200)
    fig, ax = new_figure(figsize=(4, 3))
    ax.plot(x, np.cos(x), color="grey", lw=1)           # static, below the line
    line, = ax.plot(x, np.sin(x), label="k·sin x")
    note = ax.text(0.02, 0.04, "", transform=ax.transAxes)
    ax.text(4.5, 1.5, "a label")                     # static, drawn above the line
    ax.grid(False)  # grid lines crossing both the line and the label would tie them
    ax.set_ylim(-2, 2)
    ax.set_title("tiny")

    def draw(k: float) -> str:
        if k == 0:
            raise ValueError("k must not be 0")
        line.set_ydata(k * np.sin(x))
        note.set_text(f"k = {k:.2f}")
        top = max(2.0, 1.1 * abs(k))
        if ax.get_ylim() != (-top, top):
            ax.set_ylim(-top, top)
        return f"A sine wave of amplitude {k:.2f}."

    ex = Explorer("99-tiny-render", fig, {"k": slider("k", 1.0, -5.0, 5.0, 0.1)}, draw)
    return ex


def test_fast_path_for_data_updates_full_path_for_new_limits():
    ex = tiny_explorer()
    ex.set(k=1.2)        # first change: the dynamic artists are learned (full path)
    full = ex.full_updates
    fast = ex.fast_updates
    for k in (0.9, 0.5, -1.0, 0.7):                 # y-limits stay at ±2; clear of the label
        assert ex.set(k=k)
        assert np.array_equal(widget_pixels(ex), full_render(ex.fig)), f"k={k}"
    assert ex.fast_updates == fast + 4, ex.renderer.last_reason
    assert ex.full_updates == full

    assert ex.set(k=3.0)                            # y-limits change: full path
    assert ex.full_updates == full + 1 and ex.fast_updates == fast + 4
    assert ex.renderer.last_reason == "axes moved or limits changed"
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))

    assert ex.set(k=3.0)                            # nothing changed
    assert ex.set(k=1.0)                            # back to ±2: limits change again
    assert ex.full_updates == full + 2
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))
    assert ex.set(k=0.8)
    assert ex.fast_updates == fast + 6, ex.renderer.last_reason
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))


def test_static_artist_above_is_kept_on_top():
    """A static text drawn above the line stays in the background while the
    line keeps clear of it; when the line reaches it, the full path."""
    ex = tiny_explorer()
    ex.set(k=-0.8)
    ex.set(k=-1.0)
    fast, full = ex.fast_updates, ex.full_updates
    assert any(isinstance(a, Text) and a.get_text() == "a label" for a, _ in ex.renderer.guarded)
    assert ex.set(k=-1.6)                             # the line reaches the label
    assert ex.fast_updates == fast and ex.full_updates == full + 1
    assert ex.renderer.last_reason == "a changed artist reaches a static one drawn above it"
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))
    assert any(isinstance(a, Text) and a.get_text() == "a label" for a in ex.renderer.layer)
    assert ex.set(k=-1.7)                             # now redrawn on top each time
    assert ex.fast_updates == fast + 1
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))


def test_error_keeps_last_image_and_rendering_recovers():
    ex = tiny_explorer()
    ex.set(k=1.2)
    ex.set(k=1.3)
    before = ex.image.value
    assert ex.set(k=0.0) is False and ex.image.value == before
    assert ex.set(k=1.6)
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))


def test_rebuilt_artists_take_the_full_path():
    ex = tiny_explorer()
    ex.set(k=1.2)
    ax = ex.fig.axes[0]
    extra, = ax.plot([0, 10], [0, 1], color="red")
    fast = ex.fast_updates
    assert ex.set(k=1.4)
    assert ex.fast_updates == fast and ex.renderer.last_reason == "artists added or removed"
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))
    extra.remove()
    ex.set(k=1.5)
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))


def test_static_artist_change_takes_the_full_path():
    ex = tiny_explorer()
    ex.set(k=1.2)
    ex.set(k=1.3)
    ax = ex.fig.axes[0]
    ax.set_ylabel("amplitude")                      # an Axis label: never blitted
    fast = ex.fast_updates
    assert ex.set(k=1.4)
    assert ex.fast_updates == fast
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))
    ax.lines[0].set_color("black")                  # the static line changes
    assert ex.set(k=1.5)
    assert ex.fast_updates == fast
    assert np.array_equal(widget_pixels(ex), full_render(ex.fig))


def test_static_widget_frames_differ_and_match():
    ex = tiny_explorer()
    ex.kernel_free = "k"
    w = ex.static_widget()
    stack = w.children[-1]
    srcs = [f.value for f in stack.children]
    assert len(srcs) >= 5 and len(set(srcs)) == len(srcs)
    assert ex.values()["k"] == 1.0


def test_encode_png_round_trip():
    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, (7, 5, 4), dtype=np.uint8)
    img = Image.open(io.BytesIO(encode_png(rgba, 1)))
    assert img.mode == "RGBA" and np.array_equal(np.asarray(img), rgba)
    rgba[..., 3] = 255
    img = Image.open(io.BytesIO(encode_png(rgba, 6)))
    assert img.mode == "RGB" and np.array_equal(np.asarray(img), rgba[..., :3])
    with pytest.raises(ValueError, match="rgba"):
        encode_png(rgba[..., :3])


def test_png_bytes_matches_savefig():
    fig, ax = new_figure()
    ax.plot([0, 1, 2], [1, 0, 2], label="a line")
    ax.legend()
    ax.set_title("a title")
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    saved = np.asarray(Image.open(buf).convert("RGB"))
    ours = np.asarray(Image.open(io.BytesIO(png_bytes(fig))).convert("RGB"))
    assert np.array_equal(saved, ours)
