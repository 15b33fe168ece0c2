"""Real published data: study-level effect sizes from three meta-analyses.

The files live in ``oxytocin_course/data/metameta/`` with their provenance
(``README.md``), the MIT notice of the source (``LICENSE-metameta.md``) and a
schema (``datasets.yaml``).  :func:`load` returns one of them as a pandas
DataFrame, one row per trial, with these columns:

``study``
    the trial as the source spells it: first author and year (``andari_2010``);
``label``
    the same for a reader (``Andari 2010``);
``year``
    the publication year (int);
``yi``
    the effect size (Cohen's d or Hedges' g; see ``df.attrs["measure"]``),
    positive when oxytocin did better than placebo;
``sei``
    its standard error (for ``keech_2018``, derived from the published 95%
    interval as ``(upper − lower) / (2 × 1.96)``);
``ci_low``, ``ci_high``
    the 95% confidence interval (published for ``keech_2018``, otherwise
    ``yi ± 1.96 sei``).

``df.attrs`` holds the dataset's ``name``, ``title``, ``short`` (its short name), ``measure``,
``positive`` (what a positive effect means), ``cite`` (the original
meta-analysis) and ``extraction`` (the package that extracted the data):
citation keys in ``seeds/references.bib``.
"""
from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import yaml
from scipy import stats

from .notebook_files import PACKAGE_DIR

DIRECTORY = PACKAGE_DIR / "data" / "metameta"
SCHEMA_PATH = DIRECTORY / "datasets.yaml"
#: The columns of every DataFrame :func:`load` returns, in order.
COLUMNS = ["study", "label", "year", "yi", "sei", "ci_low", "ci_high"]
#: Two-sided 95% critical value of the standard normal (1.96).
Z95 = float(stats.norm.ppf(0.975))
#: Lower-case name particles that stay lower case in a label (``den Boer``).
PARTICLES = {"de", "den", "der", "van", "von"}


@functools.lru_cache(maxsize=None)
def schema() -> dict[str, dict[str, Any]]:
    """The schema of every dataset (``datasets.yaml``), by name."""
    return yaml.safe_load(SCHEMA_PATH.read_text(encoding="utf-8"))


def names() -> list[str]:
    """The datasets that exist, in the order the course uses them."""
    return list(schema())


def info(name: str) -> dict[str, Any]:
    """The schema entry of dataset ``name`` (a copy)."""
    if name not in schema():
        raise ValueError(f"no dataset {name!r}; the datasets are: {', '.join(names())}")
    return dict(schema()[name])


def label(study: str) -> str:
    """``den-boer_1992`` → ``den Boer 1992``; ``guastella_2015b`` → ``Guastella 2015b``."""
    author, _, year = study.rpartition("_")
    words = [w if w in PARTICLES else w[:1].upper() + w[1:] for w in author.split("-")]
    joined = " ".join(words) if words[0] in PARTICLES else "-".join(words)
    return f"{joined} {year}"


@functools.lru_cache(maxsize=None)
def _read(name: str) -> pd.DataFrame:
    entry = info(name)
    raw = pd.read_csv(DIRECTORY / entry["file"])
    if list(raw.columns) != entry["columns"]:
        raise ValueError(f"{entry['file']}: columns {list(raw.columns)}, "
                         f"the schema says {entry['columns']}")
    if len(raw) != entry["rows"]:
        raise ValueError(f"{entry['file']}: {len(raw)} rows, the schema says {entry['rows']}")
    df = pd.DataFrame({"study": raw["study"].astype(str)})
    df["label"] = df["study"].map(label)
    df["year"] = df["study"].str.extract(r"_(\d{4})[a-z]?$", expand=False).astype(int)
    df["yi"] = raw["yi"].astype(float)
    if "sei" in raw:
        df["sei"] = raw["sei"].astype(float)
        df["ci_low"] = df["yi"] - Z95 * df["sei"]
        df["ci_high"] = df["yi"] + Z95 * df["sei"]
    else:
        df["sei"] = (raw["upper"] - raw["lower"]) / (2 * Z95)
        df["ci_low"] = raw["lower"].astype(float)
        df["ci_high"] = raw["upper"].astype(float)
    if (df["sei"] <= 0).any():
        raise ValueError(f"{entry['file']}: every standard error must be positive")
    df.attrs = {"name": name, **{k: entry[k] for k in
                                 ("title", "short", "measure", "positive", "cite", "extraction")}}
    return df


def load(name: str) -> pd.DataFrame:
    """Dataset ``name`` as a DataFrame with :data:`COLUMNS` (a fresh copy each call).

    An unknown ``name`` raises ``ValueError`` listing the datasets that exist.
    """
    df = _read(name).copy()
    df.attrs = dict(_read(name).attrs)
    return df
