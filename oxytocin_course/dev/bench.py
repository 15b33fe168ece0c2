"""Benchmarks (``make bench``): measured speed, not timed tests.

1. Whole-course execution: every notebook in a fresh kernel (nbclient), per
   notebook and in total, against the floor: a notebook that only imports the
   course package.  Ratios to the floor say how much each notebook costs beyond
   starting a kernel.
2. Explorer latency: every explorer in ``oxytocin_course.models`` (found
   automatically), swept through each control's range; the time from a control
   change to the finished figure (model compute + PNG render), median and 95th
   percentile.  Target: median ≤ 30 ms and p95 ≤ 60 ms.
3. Site build time and page weight, when the site builder exists
   (``--no-site`` skips it).

Prints a table and writes ``bench-results/bench-<UTC time>.json`` and
``bench-results/latest.json`` (the folder is git-ignored)::

    python -m oxytocin_course.dev.bench [--repeat N] [--no-notebooks] [--no-site]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from ..notebook_files import ROOT, notebooks
from .explorers import control_sweep, explorer_factories

RESULTS = ROOT / "bench-results"
MEDIAN_TARGET_S = 0.030
P95_TARGET_S = 0.060


def bench_explorers(repeat: int = 1) -> list[dict[str, Any]]:
    rows = []
    for name, factory in explorer_factories():
        t0 = time.perf_counter()
        ex = factory()
        build = time.perf_counter() - t0
        default = ex.values()
        times: list[float] = []
        failures = 0
        for _ in range(repeat):
            for cname, control in ex.controls.items():
                for value in control_sweep(control):
                    start = time.perf_counter()
                    ok = ex.set(**{cname: value})
                    times.append(time.perf_counter() - start)
                    failures += not ok
                ex.set(**default)
        arr = np.array(times)
        rows.append({
            "explorer": name,
            "updates": int(arr.size),
            "median_ms": float(np.median(arr) * 1000),
            "p95_ms": float(np.percentile(arr, 95) * 1000),
            "max_ms": float(arr.max() * 1000),
            "build_ms": build * 1000,
            "messages": failures,
            "meets_target": bool(np.median(arr) <= MEDIAN_TARGET_S and np.percentile(arr, 95) <= P95_TARGET_S),
        })
    return rows


def _execute(path: Path) -> float:
    import nbformat

    from ..site.build import execute_notebook

    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    execute_notebook(nb, path)
    return time.perf_counter() - t0


def floor_notebook(directory: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from oxytocin_course import setup\nrng = setup()")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = directory / "floor.ipynb"
    nbformat.write(nb, path)
    return path


def bench_notebooks() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        floor = _execute(floor_notebook(Path(tmp)))
    rows = []
    for p in notebooks():
        s = _execute(p)
        rows.append({"notebook": p.name, "seconds": s, "ratio_to_floor": s / floor})
    return {"floor_seconds": floor, "notebooks": rows,
            "total_seconds": sum(r["seconds"] for r in rows)}


#: What ``site.assets.copy_assets`` puts in ``assets/`` from pinned npm
#: packages (the rest of ``assets/`` is the course's own CSS and JavaScript).
VENDORED_ASSETS = ("html-manager", "require.js", "mathjax", "minisearch", "lab", "reveal.js")
#: Page-weight budgets (issue 15): any one page, and all pages together (HTML only).
PAGE_BUDGET_BYTES = 1.5e6
SITE_BUDGET_BYTES = 12e6


def bench_site() -> dict[str, Any]:
    from ..site import build

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "_site"
        start = time.perf_counter()
        build(out)
        seconds = time.perf_counter() - start
        pages = sorted(out.glob("*.html"))
        vendored = [out / "assets" / name for name in VENDORED_ASSETS]
        own = sum(f.stat().st_size for f in out.rglob("*")
                  if f.is_file() and not any(f.is_relative_to(v) for v in vendored))
        weights = [{"page": p.name, "bytes": p.stat().st_size} for p in pages]
        page_bytes = sum(w["bytes"] for w in weights)
        index_bytes = (out / "search-index.js").stat().st_size
        decks = [{"deck": p.name, "bytes": p.stat().st_size}
                 for p in sorted((out / "slides").glob("*.html"))]
    return {"seconds": seconds, "pages": len(pages), "html_bytes": page_bytes,
            "page_weights": weights, "search_index_bytes": index_bytes, "deck_weights": decks,
            "site_bytes_excluding_vendor": own,
            "meets_budget": bool(page_bytes < SITE_BUDGET_BYTES
                                 and all(w["bytes"] <= PAGE_BUDGET_BYTES for w in weights))}


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()}


def table(rows: list[dict[str, Any]], cols: list[tuple[str, str, str]]) -> str:
    head = " | ".join(h for h, _, _ in cols)
    lines = [head, " | ".join("-" * len(h) for h, _, _ in cols)]
    for r in rows:
        lines.append(" | ".join(format(r[k], f) for _, k, f in cols))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="sweeps per explorer (default 3)")
    ap.add_argument("--no-notebooks", action="store_true")
    ap.add_argument("--no-site", action="store_true")
    args = ap.parse_args(argv)

    from .. import setup
    setup()
    result: dict[str, Any] = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                              "machine": machine()}
    ex = bench_explorers(args.repeat)
    result["explorers"] = ex
    print("\nExplorer latency (control change → finished figure: compute + render)")
    print(table(ex, [("explorer", "explorer", "<40"), ("updates", "updates", ">7d"),
                     ("median ms", "median_ms", ">9.1f"), ("p95 ms", "p95_ms", ">7.1f"),
                     ("max ms", "max_ms", ">7.1f"), ("target", "meets_target", ">6")]))
    slow = max(ex, key=lambda r: r["median_ms"])
    print(f"Slowest explorer: {slow['explorer']} (median {slow['median_ms']:.1f} ms, "
          f"p95 {slow['p95_ms']:.1f} ms). Target: median ≤ {MEDIAN_TARGET_S * 1000:.0f} ms, "
          f"p95 ≤ {P95_TARGET_S * 1000:.0f} ms.")
    if not args.no_notebooks:
        nbs = bench_notebooks()
        result["execution"] = nbs
        print(f"\nWhole-course execution, each notebook in a fresh kernel "
              f"(floor: a notebook that only imports the course package = {nbs['floor_seconds']:.2f} s)")
        print(table(nbs["notebooks"], [("notebook", "notebook", "<34"), ("seconds", "seconds", ">8.2f"),
                                       ("× floor", "ratio_to_floor", ">8.2f")]))
        print(f"Total: {nbs['total_seconds']:.1f} s for {len(nbs['notebooks'])} notebooks")
    if not args.no_site:
        site = bench_site()
        result["site"] = site
        print(f"\nSite build: {site['seconds']:.1f} s, {site['pages']} pages, "
              f"{site['html_bytes'] / 1e6:.1f} MB of HTML, "
              f"{site['site_bytes_excluding_vendor'] / 1e6:.1f} MB without vendored assets, "
              f"search index {site['search_index_bytes'] / 1e6:.2f} MB")
        rows = [{"page": w["page"], "mb": w["bytes"] / 1e6} for w in site["page_weights"]]
        print(table(rows, [("page", "page", "<34"), ("MB", "mb", ">6.2f")]))
        decks = site["deck_weights"]
        if decks:
            heaviest = max(decks, key=lambda d: d["bytes"])
            print(f"Slide decks: {len(decks)}, {sum(d['bytes'] for d in decks) / 1e6:.1f} MB in "
                  f"all, largest {heaviest['deck']} ({heaviest['bytes'] / 1e6:.2f} MB)")
        largest = max(site["page_weights"], key=lambda w: w["bytes"])
        print(f"Largest page: {largest['page']} ({largest['bytes'] / 1e6:.2f} MB). Budget: "
              f"≤ {PAGE_BUDGET_BYTES / 1e6:.1f} MB a page, < {SITE_BUDGET_BYTES / 1e6:.0f} MB "
              f"in all: {'met' if site['meets_budget'] else 'NOT met'}.")
    RESULTS.mkdir(exist_ok=True)
    stamp = result["when"].replace(":", "").replace("-", "")
    text = json.dumps(result, indent=2)
    (RESULTS / f"bench-{stamp}.json").write_text(text)
    (RESULTS / "latest.json").write_text(text)
    print(f"\nWritten to {RESULTS / 'latest.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
