"""Browser assets of the offline pages: pinned npm packages, course CSS/JS, favicon.

The npm packages (``package.json`` / ``package-lock.json`` beside this file)
are installed with ``npm ci`` into ``oxytocin_course/site/node_modules`` the
first time the site is built (git-ignored), then copied into ``_site/assets``
so that every page is served from the site itself, over HTTP or ``file://``.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
NODE_MODULES = HERE / "node_modules"
STATIC = HERE / "static"
TEMPLATES = HERE / "templates"

#: Where each asset lives inside the site (relative URLs used by the pages).
WIDGET_RENDERER = "assets/html-manager/embed-amd.js"
REQUIRE_JS = "assets/require.js"
MATHJAX = "assets/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
#: The reveal.js files a slide deck loads (copied into ``assets/reveal.js``).
REVEAL_FILES = ("dist/reveal.css", "dist/reveal.js", "dist/theme/white.css",
                "dist/theme/fonts/source-sans-pro", "plugin/notes/notes.js", "LICENSE")
#: nbconvert's JupyterLab stylesheets, linked once instead of inlined in every page.
LAB_CSS = ("index.css", "theme-light.css")

#: The parts of MathJax 2.7.7 that ``TeX-AMS_CHTML-full,Safe`` loads (the
#: whole package is 70 MB; these are about 3 MB).
MATHJAX_PARTS = [
    "MathJax.js",
    "config/TeX-AMS_CHTML-full.js",
    "config/Safe.js",
    "config/local",
    "extensions",
    "jax/input/TeX",
    "jax/output/CommonHTML",
    "jax/element",
    "fonts/HTML-CSS/TeX/woff",
    "localization/en",
]


class AssetError(RuntimeError):
    """A browser asset could not be installed (npm missing or failing)."""


def _installed() -> bool:
    marker = NODE_MODULES / ".package-lock.json"
    lock = HERE / "package-lock.json"
    return marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime


def ensure_node_modules(quiet: bool = False) -> Path:
    """Run ``npm ci`` if the pinned packages are missing or older than the lock file."""
    if _installed():
        return NODE_MODULES
    npm = shutil.which("npm")
    if npm is None:
        raise AssetError(
            "npm (Node.js) is needed once to fetch the pinned browser assets of the HTML pages "
            "(widget renderer, require.js, MathJax 2, MiniSearch, axe-core). Install Node.js 20 "
            "(conda: it is in environment.yml; Debian/Ubuntu: `apt-get install nodejs npm`; "
            "or https://nodejs.org), then run `make site` again.")
    if not quiet:
        print("site: installing pinned browser assets with `npm ci` (first build only)...",
              flush=True)
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                          cwd=HERE, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssetError(f"`npm ci` failed in {HERE}:\n{proc.stdout}\n{proc.stderr}")
    return NODE_MODULES


def axe_core_path() -> Path:
    """The axe-core script injected by the accessibility tests."""
    ensure_node_modules(quiet=True)
    return NODE_MODULES / "axe-core" / "axe.min.js"


def _copy(src: Path, dst: Path) -> None:
    """Copy a file or a folder (source maps left out: the pages never need them)."""
    if src.is_dir():
        shutil.copytree(src, dst, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.map"))
    else:
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def write_favicon(path: Path) -> None:
    """A small course icon (a page without one logs a 404 in the console)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.ellipse((2, 2, 61, 61), fill=(11, 83, 148, 255))
    d.ellipse((16, 16, 47, 47), fill=(255, 255, 255, 255))
    d.ellipse((24, 24, 39, 39), fill=(11, 83, 148, 255))
    img.save(path, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])


def lab_css_dir() -> Path:
    """nbconvert's ``lab`` template ``static`` folder (its JupyterLab stylesheets)."""
    from jupyter_core.paths import jupyter_path

    for base in jupyter_path("nbconvert", "templates", "lab", "static"):
        if all((Path(base) / name).is_file() for name in LAB_CSS):
            return Path(base)
    raise AssetError("nbconvert's lab template (templates/lab/static/index.css) was not found; "
                     "reinstall nbconvert (`make setup`)")


def copy_assets(out: Path) -> None:
    """Copy every asset the pages load into ``out/assets`` (and the favicon)."""
    nm = ensure_node_modules()
    assets = out / "assets"
    _copy(nm / "@jupyter-widgets" / "html-manager" / "dist", assets / "html-manager")
    _copy(nm / "requirejs" / "require.js", assets / "require.js")
    for part in MATHJAX_PARTS:
        _copy(nm / "mathjax" / part, assets / "mathjax" / part)
    # MiniSearch (the search page), without its source-map comment.
    search = (nm / "minisearch" / "dist" / "umd" / "index.js").read_text(encoding="utf-8")
    (assets / "minisearch").mkdir(parents=True, exist_ok=True)
    (assets / "minisearch" / "index.js").write_text(
        re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", search), encoding="utf-8")
    _copy(nm / "minisearch" / "LICENSE.txt", assets / "minisearch" / "LICENSE.txt")
    # reveal.js for the slide decks (slides/*.slides.html load ../assets/reveal.js/...).
    for part in REVEAL_FILES:
        _copy(nm / "reveal.js" / part, assets / "reveal.js" / part)
    lab = lab_css_dir()
    for name in LAB_CSS:
        _copy(lab / name, assets / "lab" / name)
    for f in STATIC.iterdir():
        _copy(f, assets / f.name)
    write_favicon(out / "favicon.ico")
