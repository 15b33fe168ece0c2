"""The explorer's fast rendering (blitting onto a cached background) shows the
same figure as a full render of the same state.

Every explorer (found automatically) is driven through a few values of each
control; after every update the PNG in the widget is compared with an
independent full render (a fresh Agg renderer drawing the whole figure, the
animated artists included).  A tiny hand-made explorer checks which path is
taken and pixel-exact equality.
"""
import base64
import io
import re

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image

from oxytocin_course.dev.explorers import control_sweep, explorer_factories
from oxytocin_course.explorer import BlitRenderer, Explorer, blit_layer, draw_order, flatten, slider
from oxytocin_course.figures import encode_png, new_figure, png_bytes

FACTORIES = explorer_factories()


def widget_pixels(ex: Explorer) -> np.ndarray:
    m = re.search(r'src="data:image/png;base64,([^"]+)"', ex.image.value)
    assert m, "the widget holds an inline PNG"
    return np.asarray(Image.open(io.BytesIO(base64.b64decode(m.group(1)))).convert("RGB"))


def full_render(ex: Explorer) -> np.ndarray:
    """Draw the whole figure, animated artists included, on a fresh renderer."""
    fig = ex.fig
    w, h = fig.bbox.size
    renderer = RendererAgg(int(w), int(h), fig.dpi)
    layer = ex.renderer.layer
    for artist in layer:
        artist.set_animated(False)
    try:
        fig.draw(renderer)
    finally:
        for artist in layer:
            artist.set_animated(True)
    # Drawing refreshed tick labels and marked the figure stale; leave it as
    # the explorer left it so that this check does not change its path.
    fig.stale = False
    return np.asarray(renderer.buffer_rgba())[..., :3].copy()


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_explorer_frames_match_full_render(name, factory):
    ex = factory()
    default = ex.values()
    checked = 0
    for cname, control in ex.controls.items():
        for v in control_sweep(control, n=4):
            if not ex.set(**{cname: v}):
                continue
            shown, ref = widget_pixels(ex), full_render(ex)
            differ = float(np.any(shown != ref, axis=-1).mean())
            assert differ == 0, (f"{name}: {cname}={v!r} ({ex.renderer.fast} fast, "
                                 f"{ex.renderer.full} full renders): {differ:.4%} of pixels "
                                 "differ from a full render")
            checked += 1
        ex.set(**default)
    assert checked > 0


@pytest.mark.parametrize("name,factory", FACTORIES, ids=[n for n, _ in FACTORIES])
def test_explorer_blits(name, factory):
    """Every explorer declares what changes: most updates take the fast path,
    and the declared artists are animated (matplotlib leaves them out of a
    normal draw)."""
    ex = factory()
    assert ex.renderer.animated and all(a.get_animated() for a in ex.renderer.animated)
    for cname, control in ex.controls.items():
        for v in control_sweep(control, n=4):
            ex.set(**{cname: v})
    assert ex.renderer.fast > 0, f"{name}: every update redrew the whole figure"


def tiny_explorer():
    x = np.linspace(0, 10, 200)
    fig, ax = new_figure(figsize=(4, 3))
    ax.plot(x, np.cos(x), color="grey", lw=1)           # static, below the line
    line, = ax.plot(x, np.sin(x), label="k·sin x")
    note = ax.text(0.02, 0.04, "", transform=ax.transAxes)
    ax.text(4.5, 1.5, "a label")                     # static, drawn above the line
    ax.set_ylim(-2, 2)
    ax.set_title("tiny")

    def draw(k: float) -> str:
        if k == 0:
            raise ValueError("k must not be 0")
        if k == 4.9:
            raise ZeroDivisionError("a bug")
        line.set_ydata(k * np.sin(x))
        note.set_text(f"k = {k:.2f}")
        top = max(2.0, 1.1 * abs(k))
        if ax.get_ylim() != (-top, top):
            ax.set_ylim(-top, top)
        return f"A sine wave of amplitude {k:.2f}."

    return Explorer("99-tiny-render", fig, {"k": slider("k", 1.0, -5.0, 5.0, 0.1)}, draw,
                    animated={"line": line, "note": note})


def test_layer_is_the_animated_artists_and_what_is_drawn_above_them():
    ex = tiny_explorer()
    ax = ex.fig.axes[0]
    layer = ex.renderer.layer
    order = draw_order(ax)
    first = order.index(ax.lines[1])
    assert layer == order[first:]                     # the line, then everything above it
    assert ax.lines[0] not in layer                   # the static line below stays in the background
    assert any(getattr(a, "get_text", lambda: "")() == "a label" for a in layer)
    assert ax.title in layer and ax.xaxis not in layer  # the grid is below the data


def counts(ex: Explorer) -> tuple[int, int, int]:
    return ex.renderer.fast, ex.renderer.axes, ex.renderer.full


def test_fast_path_for_data_updates_full_path_for_new_limits():
    ex = tiny_explorer()
    fast, axes, full = counts(ex)
    for k in (0.9, 0.5, -1.0, 0.7, -1.7):           # y-limits stay at ±2, the line crosses the label
        assert ex.set(k=k)
        assert np.array_equal(widget_pixels(ex), full_render(ex)), f"k={k}"
    assert counts(ex) == (fast + 5, axes, full)

    assert ex.set(k=3.0)                            # y-limits change: the one Axes is redrawn
    assert counts(ex) == (fast + 5, axes, full + 1)
    assert np.array_equal(widget_pixels(ex), full_render(ex))

    assert ex.set(k=3.0)                            # nothing static changed
    assert ex.set(k=1.0)                            # back to ±2: limits change again
    assert counts(ex) == (fast + 6, axes, full + 2)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    assert ex.set(k=0.8)
    assert counts(ex) == (fast + 7, axes, full + 2)
    assert np.array_equal(widget_pixels(ex), full_render(ex))


def test_only_the_changed_axes_is_redrawn_unless_it_meets_another_artist():
    x = np.linspace(0, 1, 50)
    fig, (left, right) = new_figure(1, 2, figsize=(6, 3))
    curve, = left.plot(x, x)
    right.plot(x, x ** 2)
    right.set_title("static")
    note = fig.text(0.75, 0.5, "figure note", ha="center")   # over the right Axes

    def draw(k: float) -> str:
        curve.set_ydata(k * x)
        top = 1.0 if k <= 1 else 5.0
        if left.get_ylim()[1] != top:
            left.set_ylim(0, top)
        return f"slope {k}"

    ex = Explorer("99-two-axes", fig, {"k": slider("k", 0.5, 0.0, 5.0, 0.5)}, draw,
                  animated={"curve": curve})
    assert ex.renderer.axes_boxes is None           # measured at the first fast render
    assert ex.set(k=0.6)
    assert ex.renderer.axes_boxes is not None
    fast, axes, full = counts(ex)
    assert ex.set(k=4.0)                            # the left Axes' limits change
    assert counts(ex) == (fast, axes + 1, full)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    note.set_text("a changed figure note")          # a figure-level artist
    assert ex.set(k=3.5)
    assert counts(ex) == (fast, axes + 1, full + 1)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    assert ex.set(k=3.0)                            # a fast render measures the boxes again
    right.set_title("changed")                      # an Axes under the figure-level note
    assert ex.set(k=2.5)
    assert counts(ex) == (fast + 1, axes + 1, full + 2)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    assert ex.set(k=2.0)
    assert ex.set(k=0.5)                            # the left Axes again
    assert counts(ex) == (fast + 2, axes + 2, full + 2)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    left.set_title("both change")                   # every Axes changed: one full render
    right.set_title("both change")
    assert ex.set(k=4.5)
    assert counts(ex) == (fast + 2, axes + 2, full + 3)
    assert np.array_equal(widget_pixels(ex), full_render(ex))


def test_refused_setting_keeps_last_image_and_rendering_recovers():
    ex = tiny_explorer()
    ex.set(k=1.3)
    before = ex.image.value
    assert ex.set(k=0.0) is False and ex.image.value == before
    assert ex.last_error == "k must not be 0" and 'role="alert"' in ex.message.value
    assert ex.set(k=1.6)
    assert ex.last_error is None and ex.message.value == ""
    assert np.array_equal(widget_pixels(ex), full_render(ex))


def test_a_bug_is_not_a_refused_setting():
    """Only ValueError is a learner's message; anything else warns (and the
    suite's filterwarnings turns the warning into an error)."""
    from oxytocin_course.explorer import ExplorerBugWarning

    ex = tiny_explorer()
    before = ex.image.value
    with pytest.warns(ExplorerBugWarning, match="ZeroDivisionError: a bug"):
        assert ex.set(k=4.9) is False
    assert ex.image.value == before and "bug in the course" in ex.last_error
    assert "Traceback" not in ex.message.value
    with pytest.raises(ExplorerBugWarning):          # what the test suite sees
        ex.set(k=4.9)


def test_added_and_removed_artists_join_and_leave_the_layer():
    ex = tiny_explorer()
    ax = ex.fig.axes[0]
    extra, = ax.plot([0, 10], [-1, 1], color="red")  # drawn after the animated line
    fast = ex.renderer.fast
    assert ex.set(k=1.4)
    assert ex.renderer.fast == fast and extra in ex.renderer.layer
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    extra.remove()
    assert ex.set(k=1.5)
    assert extra not in ex.renderer.layer and not extra.get_animated()
    assert np.array_equal(widget_pixels(ex), full_render(ex))


def test_static_artist_change_takes_the_full_path():
    ex = tiny_explorer()
    ax = ex.fig.axes[0]
    ax.set_ylabel("amplitude")                      # an Axis label
    fast, axes, full = counts(ex)
    assert ex.set(k=1.4)
    assert counts(ex) == (fast, axes, full + 1)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    ax.lines[0].set_color("black")                  # the static line below the animated one
    assert ex.set(k=1.5)
    assert counts(ex) == (fast, axes, full + 2)
    assert np.array_equal(widget_pixels(ex), full_render(ex))
    assert ex.set(k=1.6)
    assert counts(ex) == (fast + 1, axes, full + 2)


def test_animated_artists_must_be_drawn_by_an_axes_or_the_figure():
    fig, ax = new_figure()
    ax.plot([0, 1], [0, 1], label="a")
    legend = ax.legend()
    with pytest.raises(ValueError, match="drawn directly by an Axes or the Figure"):
        BlitRenderer(fig, [legend.get_texts()[0]])
    assert flatten({"a": [legend], "b": (ax.lines[0],)}) == [legend, ax.lines[0]]
    with pytest.raises(ValueError, match="matplotlib artists"):
        flatten(["not an artist"])
    assert blit_layer(fig, [legend]) == [legend]


def test_static_widget_frames_differ_and_match():
    ex = tiny_explorer()
    ex.page_control = "k"
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


def test_palette_png_is_smaller_and_looks_the_same():
    """The pages' palette PNG: a third or less of the bytes of a course figure, the same
    size, and every pixel within a few levels of the original (text and lines stay crisp)."""
    from oxytocin_course.figures import palette_png

    fig, ax = new_figure(figsize=(8, 3.5))
    x = np.linspace(0, 10, 400)
    for k in range(4):
        ax.plot(x, np.sin(x + k), label=f"curve {k}")
    ax.fill_between(x, 0, np.sin(x) / 2, alpha=0.3)
    ax.legend()
    ax.set_title("a course-like figure")
    png = png_bytes(fig)
    small = palette_png(png)
    assert len(small) < 0.5 * len(png)
    before = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    after = np.asarray(Image.open(io.BytesIO(small)).convert("RGB")).astype(int)
    assert before.shape == after.shape
    error = np.abs(before - after).max(axis=2)
    assert np.percentile(error, 99) <= 12 and error.mean() < 1.5
    white = (before == 255).all(axis=2)
    assert (after[white] == 255).all(), "the white ground must stay exactly white"
    assert palette_png(small) == small  # already a palette image: kept as it is
    with pytest.raises(ValueError, match="colours"):
        palette_png(png, colours=1)


def test_models_follow_the_explorer_template():
    """The explorer freezes the layout (models never do), and no model keeps
    artists on a figure or an Axes (they live in the dict the template returns)."""
    from oxytocin_course.notebook_files import PACKAGE_DIR

    for path in sorted((PACKAGE_DIR / "models").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "set_layout_engine" not in text, f"{path.name} freezes a layout itself"
        assert not re.search(r"\b(fig|ax\w*)\.\w+\s*=(?!=)", text), \
            f"{path.name} stores something on a figure or an Axes"
