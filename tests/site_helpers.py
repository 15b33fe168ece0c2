"""Helpers for the site, browser and JupyterLab tests (test code, not part of the package).

* :func:`built_site` builds the site once per test session, shared by the
  pytest-xdist workers through a file lock (the first worker builds, the
  others wait and reuse it).  ``OXYTOCIN_SITE_DIR`` names an already built
  site to test instead (handy while editing the templates).
* :func:`chromium` finds the system Chromium (Debian's ``/usr/bin/chromium``);
  without it the browser tests skip, unless ``OXYTOCIN_REQUIRE_BROWSER=1``
  (set by ``.ci/run``) turns the skip into a failure.
* :func:`serve` serves a directory over HTTP on 127.0.0.1 in a thread.
"""
from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from oxytocin_course.notebook_files import NOTEBOOK_DIR, notebooks
from oxytocin_course.site.build import build

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"]


def shared_root(tmp_path_factory) -> Path:
    """A directory shared by every xdist worker of this test session."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def built_site(tmp_path_factory) -> Path:
    """Build the site (and its figures) once per session; return its directory."""
    given = os.environ.get("OXYTOCIN_SITE_DIR")
    if given:
        return Path(given)
    root = shared_root(tmp_path_factory) / "oxy-site"
    root.mkdir(parents=True, exist_ok=True)
    out = root / "site"
    with open(root / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = root / "done.json"
            if not done.exists():
                failed = root / "failed.txt"
                if failed.exists():
                    raise RuntimeError("the site build failed in another worker:\n"
                                       + failed.read_text())
                started = time.perf_counter()
                try:
                    summary = build(out, figures=root / "figures", quiet=True)
                except Exception as err:
                    failed.write_text(f"{type(err).__name__}: {err}")
                    raise
                summary["fixture_seconds"] = round(time.perf_counter() - started, 1)
                done.write_text(json.dumps(summary))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return out


def course_notebooks() -> list[Path]:
    """The notebooks the tests expect pages for (those of ``OXYTOCIN_SITE_DIR`` if set)."""
    given = os.environ.get("OXYTOCIN_SITE_DIR")
    if given and (Path(given) / "site.json").exists():
        return [NOTEBOOK_DIR / page["notebook"] for page in site_summary(Path(given))["pages"]]
    return notebooks()


def site_summary(site: Path) -> dict:
    return json.loads((site / "site.json").read_text(encoding="utf-8"))


def figures_of(site: Path) -> Path:
    """The figures directory the session build wrote (beside the site)."""
    return site.parent / "figures"


def chromium() -> str | None:
    """The system Chromium's path, or None."""
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def require_browser_or_skip(what: str = "Chromium") -> str:
    """The Chromium path, or skip (fail when ``OXYTOCIN_REQUIRE_BROWSER=1``)."""
    import pytest

    path = chromium()
    if path:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            path = None
            reason = "the playwright Python package is not installed"
        else:
            return path
    else:
        reason = ("no Chromium found (/usr/bin/chromium); install it with "
                  "`apt-get install chromium` to run the browser tests")
    if os.environ.get("OXYTOCIN_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{what} is required (OXYTOCIN_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)
    raise AssertionError  # unreachable


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
