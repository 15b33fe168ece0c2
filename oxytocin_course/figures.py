"""Showing figures with a caption and alt text, and exporting them for slides.

Every course figure is shown with :func:`show_figure`, which displays an HTML
``<figure>`` holding the PNG, its alt text and its caption, so that the HTML
pages are accessible and the figure survives without a kernel.

A figure's caption and alt text live with the figure, not in the notebook: in
``oxytocin_course/data/figures/NN.yaml`` (``NN`` = the notebook number), keyed
by the figure id.  Any number there that a course model computes is a
placeholder such as ``{peak:.2f}``, filled from the ``values`` the model's
summary function returns, so that no model output is typed by hand::

    show_figure(release.plot_release(), "01-release-default",
                values=release.release_figure_values())

When the environment variable ``OXYTOCIN_FIGURE_DIR`` is set (the site build
sets it), the figure is also written there as ``<id>.png`` and ``<id>.svg``
and its id, caption and alt text are appended to ``manifest.jsonl``.
"""
from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import struct
import zlib
from pathlib import Path

import matplotlib as mpl
import numpy as np
from IPython.display import HTML
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from .notebook_files import PACKAGE_DIR

ID_RE = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$")


def new_figure(nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] | None = None,
               **kwargs) -> tuple[Figure, object]:
    """A pyplot-free figure (no global state, never auto-displayed) and its axes."""
    fig = Figure(figsize=figsize, layout="constrained")
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def new_mosaic(layout: list[list[str]], figsize: tuple[float, float] | None = None,
               **kwargs) -> tuple[Figure, dict[str, Axes]]:
    """Like :func:`new_figure`, with named Axes placed by ``Figure.subplot_mosaic``."""
    fig = Figure(figsize=figsize, layout="constrained")
    return fig, fig.subplot_mosaic(layout, **kwargs)


def agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """The figure's Agg canvas (attached on first use; a pyplot-free Figure has none)."""
    canvas = fig.canvas
    if not isinstance(canvas, FigureCanvasAgg):
        canvas = FigureCanvasAgg(fig)
    return canvas


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def encode_png(rgba: np.ndarray, level: int = 6) -> bytes:
    """PNG bytes of an (h, w, 4) uint8 RGBA buffer (e.g. ``canvas.buffer_rgba()``).

    Filter type 0 on every row and zlib at ``level``: on course figures (white
    ground, flat colours) this is both faster and smaller than libpng's or
    Pillow's adaptive filtering (level 1: ~5 ms for 900×390 px).  An opaque
    buffer (every alpha 255, the usual case) is written as RGB.
    """
    a = np.asarray(rgba)
    if a.ndim != 3 or a.shape[2] != 4 or a.dtype != np.uint8:
        raise ValueError(f"rgba must be an (h, w, 4) uint8 array; got {a.shape} {a.dtype}")
    h, w = a.shape[:2]
    opaque = bool(a[..., 3].min() == 255) if a.size else True
    px = a[..., :3] if opaque else a
    raw = np.empty((h, 1 + w * px.shape[2]), np.uint8)
    raw[:, 0] = 0  # filter type "None"
    raw[:, 1:] = px.reshape(h, -1)
    header = struct.pack(">IIBBBBB", w, h, 8, 2 if opaque else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), level)) + _chunk(b"IEND", b""))


def render_rgba(fig: Figure) -> np.ndarray:
    """Draw ``fig`` on its Agg canvas at ``fig.dpi``; the canvas buffer as an array."""
    canvas = agg_canvas(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())


def png_bytes(fig: Figure, dpi: float | None = None, level: int = 6) -> bytes:
    """Render ``fig`` to PNG bytes (fixed size: no tight-bbox second pass).

    Same pixels as ``fig.savefig(format="png")`` with the course style (face
    colour "auto", standard bbox), drawn on the figure's Agg canvas directly
    and encoded by :func:`encode_png`.
    """
    if (dpi is None or dpi == fig.dpi) and mpl.rcParams["savefig.facecolor"] == "auto" \
            and mpl.rcParams["savefig.edgecolor"] == "auto" and not mpl.rcParams["savefig.transparent"]:
        return encode_png(render_rgba(fig), level)
    buf = io.BytesIO()
    # bbox_inches=None alone would fall back to rcParams["savefig.bbox"]; a
    # "tight" box costs a second render, and constrained layout makes it moot.
    with mpl.rc_context({"savefig.bbox": "standard"}):
        fig.savefig(buf, format="png", dpi=dpi or fig.dpi, metadata={"Software": None})
    return buf.getvalue()


#: Colours kept by :func:`palette_png` (course figures use far fewer; antialiased
#: edges fill the rest).
PAGE_COLOURS = 256
#: Palette entries this close to white or black become exactly white or black.
SNAP = 3


def palette_png(png: bytes, colours: int = PAGE_COLOURS) -> bytes:
    """``png`` re-encoded with a palette of at most ``colours`` colours (for the pages).

    Course figures are flat colours on white, so a 256-colour palette (Pillow's
    fast octree quantiser, no dithering, so lines stay crisp) looks the same and
    takes about a third of the bytes.  The original is returned when the palette
    version would not be smaller.
    """
    from PIL import Image

    if not 2 <= colours <= 256:
        raise ValueError(f"colours must be between 2 and 256; got {colours}")
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        if image.mode == "P":
            return png
        rgba = image.mode in ("RGBA", "LA") or "transparency" in image.info
        image = image.convert("RGBA" if rgba else "RGB")
        quantized = image.quantize(colours, method=Image.Quantize.FASTOCTREE,
                                   dither=Image.Dither.NONE)
    # The octree averages each colour's cell: put the page's white (and black) back
    # exactly, or a figure shows as a faintly grey box on the white page.
    palette = quantized.getpalette() or []
    for start in range(0, len(palette) - 2, 3):
        entry = palette[start:start + 3]
        if min(entry) >= 255 - SNAP or max(entry) <= SNAP:
            palette[start:start + 3] = [255 if min(entry) >= 255 - SNAP else 0] * 3
    quantized.putpalette(palette)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True)
    small = out.getvalue()
    return small if len(small) < len(png) else png


def img_html(png: bytes, alt: str, width: int | None = None) -> str:
    """An ``<img>`` tag holding ``png`` inline, with alt text."""
    if not alt or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    data = base64.b64encode(png).decode("ascii")
    w = f' width="{width}"' if width else ""
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}"{w} '
            f'style="max-width:100%;height:auto">')


def figure_html(fig: Figure, caption: str, alt: str) -> str:
    return (f'<figure class="oxy-figure">{img_html(png_bytes(fig), alt)}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def export(fig: Figure, figure_id: str, caption: str, alt: str, directory: str | Path) -> None:
    """Write ``fig`` as PNG and SVG into ``directory`` and append to its manifest."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    fig.savefig(d / f"{figure_id}.png", format="png", metadata={"Software": None})
    fig.savefig(d / f"{figure_id}.svg", format="svg", metadata={"Date": None, "Creator": None})
    with open(d / "manifest.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": figure_id, "caption": caption, "alt": alt}, ensure_ascii=False) + "\n")


FIGURE_TEXT_DIR = PACKAGE_DIR / "data" / "figures"


def _figure_texts(number: str) -> dict:
    import yaml

    path = FIGURE_TEXT_DIR / f"{number}.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} must map figure ids to caption and alt text")
    return data


def figure_text(figure_id: str, values: dict | None = None) -> tuple[str, str]:
    """The caption and alt text of figure ``figure_id``, with ``values`` filled in.

    ``ValueError`` names an unknown figure id or a placeholder without a value.
    """
    if not ID_RE.match(figure_id):
        raise ValueError(f"figure_id must look like '01-release-default'; got {figure_id!r}")
    entry = _figure_texts(figure_id[:2]).get(figure_id)
    if not entry or not entry.get("caption") or not entry.get("alt"):
        raise ValueError(f"figure {figure_id!r} has no caption and alt text in "
                         f"oxytocin_course/data/figures/{figure_id[:2]}.yaml")
    out = []
    for field in ("caption", "alt"):
        template = " ".join(str(entry[field]).split())
        try:
            out.append(template.format(**(values or {})))
        except KeyError as exc:
            raise ValueError(f"figure {figure_id!r}: {field} needs a value for {exc.args[0]!r}; "
                             "pass it in values") from None
    return out[0], out[1]


def show_figure(fig: Figure, figure_id: str, caption: str | None = None, alt: str | None = None,
                values: dict | None = None) -> HTML:
    """Display ``fig`` with its caption and alt text (and export it if asked).

    ``figure_id`` names the figure for slides: ``NN-what`` (notebook number, then a
    short lowercase name), e.g. ``01-release-default``.  Caption and alt text
    come from ``data/figures/NN.yaml`` (with ``values`` filled in) unless given.
    """
    if not ID_RE.match(figure_id):
        raise ValueError(f"figure_id must look like '01-release-default'; got {figure_id!r}")
    if caption is None or alt is None:
        text_caption, text_alt = figure_text(figure_id, values)
        caption = text_caption if caption is None else caption
        alt = text_alt if alt is None else alt
    if not caption.strip():
        raise ValueError("caption must be non-empty")
    out = os.environ.get("OXYTOCIN_FIGURE_DIR")
    if out:
        export(fig, figure_id, caption, alt, out)
    return HTML(figure_html(fig, caption, alt))


_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(x: float) -> float:
    """The smallest "nice" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k) ≥ ``x``.

    Explorers round axis limits up with it so that small changes of a control
    keep the limits (and the ticks) still: the figure then redraws only what
    changed, which is several times faster than a full render.
    """
    import math

    if not math.isfinite(x) or x <= 0:
        raise ValueError(f"x must be a positive finite number; got {x!r}")
    k = math.floor(math.log10(x))
    for m in _NICE:
        if m * 10**k >= x * (1 - 1e-12):
            return m * 10**k
    return 10.0 ** (k + 1)
