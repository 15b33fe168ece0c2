"""The evidence register (``seeds/claims.csv``): every graded claim of the course, once.

Each row is one claim with a stable id, its grade, the rubric step that decided
the grade (:data:`oxytocin_course.evidence.RUBRIC`), a short reason and the
bibliography keys behind it.  Two kinds of rows:

* ``S000-01`` … ``S003-NN``: claims of the four source documents, paraphrased,
  with what the cited (or best available) study actually did; claims from
  source document 000 keep its ``LLM`` mark (``llm_tagged``).
* ``C<NN>-<MM>``: the course's own claims, first made in notebook ``NN``:
  claims about the literature (``source = literature``) and statements about
  the course's own teaching models (``source = course``, grade *Illustrative
  model*, with the model module in ``model``).

A notebook shows a section's claims by id and never types a claim or a grade::

    from oxytocin_course.register import evidence_table
    evidence_table(["C03-01", "S003-02"])

The register is edited by hand or, when several people edit at once, through
the locked command line::

    python -m oxytocin_course.register show C03-01
    python -m oxytocin_course.register set C03-01 grade=Mixed rubric=weak
    python -m oxytocin_course.register add C03-09 source=literature topic=stress claim=... grade=...
    python -m oxytocin_course.register remove C03-09
"""
from __future__ import annotations

import csv
import fcntl
import functools
import html
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from IPython.display import HTML

from .checks import one_of
from .evidence import CELL, GRADE_NAMES, GRADES, RUBRIC_STEPS, badge_html

ROOT = Path(__file__).resolve().parent.parent
REGISTER_PATH = ROOT / "seeds" / "claims.csv"

COLUMNS = ("id", "source", "topic", "claim", "study", "grade", "rubric", "reason", "cite",
           "llm_tagged", "model")
#: The four source documents, then the course's own claims.
SOURCE_DOCUMENTS = ("000", "001", "002", "003")
SOURCES = SOURCE_DOCUMENTS + ("literature", "course")
ID_RE = re.compile(r"^(?:S00[0-3]|C\d\d)-\d\d$")
ALL = "All"



@dataclass(frozen=True)
class Claim:
    """One row of the register."""
    id: str
    source: str
    topic: str
    claim: str
    study: str
    grade: str
    rubric: str
    reason: str
    cite: tuple[str, ...]
    llm_tagged: str
    model: str

    @property
    def short(self) -> str:
        return textwrap.shorten(self.claim, 70, placeholder="…")

    @property
    def from_source_document(self) -> bool:
        return self.source in SOURCE_DOCUMENTS

    @property
    def seed(self) -> str:
        """The source document (``"000"`` … ``"003"``) a claim comes from, or ``""``."""
        return self.source if self.from_source_document else ""


def _problems(row: dict[str, str]) -> list[str]:
    """What is wrong with one raw row (empty list when nothing is)."""
    out = []
    missing = [c for c in COLUMNS if c not in row]
    if missing:
        return [f"missing column(s) {missing}"]
    cid = (row["id"] or "").strip()
    if not ID_RE.match(cid):
        out.append(f"id must look like S000-01 or C03-02; got {cid!r}")
    for c in ("id", "source", "topic", "claim", "grade", "rubric", "reason"):
        if not (row[c] or "").strip():
            out.append(f"empty {c!r}")
    source = (row["source"] or "").strip()
    if source not in SOURCES:
        out.append(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
    elif cid.startswith("S") and cid[1:4] != source:
        out.append(f"id {cid} belongs to source document {cid[1:4]}, but source is {source!r}")
    elif cid.startswith("C") and source in SOURCE_DOCUMENTS:
        out.append(f"course id {cid} must have source 'literature' or 'course'")
    grade = row["grade"]
    if grade not in GRADES:
        out.append(f"grade must be one of {', '.join(GRADE_NAMES)}; got {grade!r}")
    step = (row["rubric"] or "").strip()
    if step and step not in RUBRIC_STEPS:
        out.append(f"rubric must be one of {', '.join(RUBRIC_STEPS)}; got {step!r}")
    elif step and grade in GRADES and RUBRIC_STEPS[step].grade != grade:
        out.append(f"rubric step {step!r} gives {RUBRIC_STEPS[step].grade!r}, "
                   f"but the grade is {grade!r}")
    if (grade == "Illustrative model") != (source == "course"):
        out.append("the grade 'Illustrative model' is for (and only for) rows with "
                   "source 'course', statements about the course's own models")
    if source == "course" and not (row["model"] or "").strip():
        out.append("a 'course' row names the model module it describes in 'model'")
    if source in SOURCE_DOCUMENTS and not (row["study"] or "").strip():
        out.append("a source-document row says what the cited study did in 'study'")
    if (row["llm_tagged"] or "").strip() not in ("", "yes", "no"):
        out.append(f"llm_tagged must be yes, no or empty; got {row['llm_tagged']!r}")
    return out


def _parse(row: dict[str, str], line: int) -> Claim:
    problems = _problems(row)
    if problems:
        raise ValueError(f"{REGISTER_PATH.name} line {line} ({row.get('id')}): "
                         + "; ".join(problems))
    cite = tuple(k.strip() for k in (row["cite"] or "").split(";") if k.strip())
    return Claim(row["id"].strip(), row["source"].strip(), row["topic"].strip(),
                 row["claim"].strip(), (row["study"] or "").strip(), row["grade"],
                 row["rubric"].strip(), row["reason"].strip(), cite,
                 (row["llm_tagged"] or "").strip(), (row["model"] or "").strip())


def read_rows(path: str | Path = REGISTER_PATH) -> list[dict[str, str]]:
    """The raw rows of the register file, unchecked."""
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@functools.lru_cache(maxsize=4)
def load(path: str | Path = REGISTER_PATH) -> tuple[Claim, ...]:
    """Every claim of the register, in file order (cached); ``ValueError`` on a bad row."""
    return tuple(_parse(row, i + 2) for i, row in enumerate(read_rows(path)))


def get(claim_id: str) -> Claim:
    """The claim with id ``claim_id`` (``ValueError`` naming it if unknown)."""
    for c in load():
        if c.id == claim_id:
            return c
    raise ValueError(f"claim id must be an id of the evidence register seeds/claims.csv "
                     f"(e.g. 'S001-01' or 'C03-01'); got {claim_id!r}")


def topics(claims: Iterable[Claim] | None = None) -> tuple[str, ...]:
    return tuple(sorted({c.topic for c in (load() if claims is None else claims)}))


def select(source: str = ALL, grade: str = ALL, topic: str = ALL,
           claims: tuple[Claim, ...] | None = None) -> tuple[Claim, ...]:
    """Claims matching every filter (``"All"`` matches anything)."""
    claims = load() if claims is None else claims
    one_of("source", source, (ALL,) + SOURCES)
    one_of("grade", grade, (ALL,) + GRADE_NAMES)
    one_of("topic", topic, (ALL,) + topics())
    return tuple(c for c in claims
                 if (source == ALL or c.source == source) and (grade == ALL or c.grade == grade)
                 and (topic == ALL or c.topic == topic))


# -- display ------------------------------------------------------------------------------

def _llm_mark(c: Claim) -> str:
    if c.llm_tagged != "yes":
        return ""
    return (' <span class="oxy-llm" title="tagged LLM (unsourced) in source document 000">'
            "[LLM]</span>")


def _sources_html(c: Claim) -> str:
    from .references import cite_html

    keys = [k for k in c.cite if not k.startswith("seed")]
    if keys:
        return cite_html(keys)
    if c.source == "course":
        return f"this course (<code>{html.escape(c.model)}</code>)"
    return "the source document itself"


def evidence_table_html(ids: Iterable[str], caption: str = "Evidence grades for this section"
                        ) -> str:
    """An HTML table of the register rows ``ids``, in the order given."""
    ids = list(ids)
    if not ids:
        raise ValueError("evidence_table needs at least one claim id")
    rows = []
    for cid in ids:
        c = get(cid)
        origin = (f"<br><small>claim of source document {c.source}</small>"
                  if c.from_source_document else "")
        rows.append(
            f'<tr id="claim-{html.escape(c.id)}"><td {CELL}>{html.escape(c.claim)}{_llm_mark(c)}'
            f'{origin}</td><td {CELL}>{badge_html(c.grade)}<br><small>{html.escape(c.reason)}</small>'
            f'</td><td {CELL}>{_sources_html(c)}</td><td {CELL}><small>{html.escape(c.id)}</small></td></tr>')
    return (f'<table class="oxy-claims"><caption>{html.escape(caption)} '
            "(from the evidence register)</caption><thead><tr>"
            f'<th scope="col" {CELL}>Claim</th><th scope="col" {CELL}>Grade and reason</th>'
            f'<th scope="col" {CELL}>Sources</th><th scope="col" {CELL}>Id</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def evidence_table(ids: Iterable[str], caption: str = "Evidence grades for this section") -> HTML:
    """Display the register rows ``ids`` as a section's evidence table."""
    return HTML(evidence_table_html(ids, caption))


def register_table_html(claims: tuple[Claim, ...], limit: int | None = None,
                        anchors: bool = False) -> str:
    """The register browser's table: id, claim, what the study did, grade and reason, sources.

    ``anchors`` gives each row the id ``claim-<ID>`` (for a page that shows each claim once).
    """
    rows = []
    for c in claims[:limit] if limit else claims:
        row_id = f' id="claim-{html.escape(c.id)}"' if anchors else ""
        rows.append(
            f"<tr{row_id}><td {CELL}>{html.escape(c.id)}</td>"
            f"<td {CELL}>{html.escape(c.claim)}{_llm_mark(c)}</td>"
            f"<td {CELL}>{html.escape(c.study)}</td><td {CELL}>{badge_html(c.grade)}<br>"
            f"<small>{html.escape(c.reason)}</small></td><td {CELL}>{_sources_html(c)}</td></tr>")
    more = ""
    if limit and len(claims) > limit:
        more = f"<p><em>{len(claims) - limit} more claims match; narrow the filters.</em></p>"
    return ('<table class="oxy-claims"><caption>Evidence register</caption><thead><tr>'
            f'<th scope="col" {CELL}>Id</th><th scope="col" {CELL}>Claim (paraphrased)</th>'
            f'<th scope="col" {CELL}>What the study did</th>'
            f'<th scope="col" {CELL}>Grade and reason</th>'
            f'<th scope="col" {CELL}>Sources</th></tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>" + more)


# -- locked editing from the command line ---------------------------------------------------

def _write_rows(rows: list[dict[str, str]], path: Path) -> None:
    tmp = path.with_suffix(".csv.tmp")
    with open(tmp, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") or "" for c in COLUMNS})
    tmp.replace(path)


def _assignments(pairs: list[str]) -> dict[str, str]:
    out = {}
    for p in pairs:
        if "=" not in p:
            raise ValueError(f"expected field=value; got {p!r}")
        k, v = p.split("=", 1)
        if k not in COLUMNS or k == "id":
            raise ValueError(f"field must be one of {', '.join(COLUMNS[1:])}; got {k!r}")
        out[k] = v
    return out


def edit(command: str, claim_id: str, pairs: list[str], path: Path = REGISTER_PATH) -> str:
    """Apply one ``show``/``set``/``add``/``remove`` under an exclusive file lock."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = read_rows(path)
        index = {r["id"]: i for i, r in enumerate(rows)}
        if command == "show":
            if claim_id not in index:
                raise ValueError(f"no row {claim_id}")
            return "\n".join(f"{k}: {rows[index[claim_id]].get(k, '')}" for k in COLUMNS)
        if command == "remove":
            if claim_id not in index:
                raise ValueError(f"no row {claim_id}")
            rows.pop(index[claim_id])
        elif command in ("set", "add"):
            values = _assignments(pairs)
            if command == "add":
                if claim_id in index:
                    raise ValueError(f"row {claim_id} exists; use set")
                row = {c: "" for c in COLUMNS}
                row["id"] = claim_id
                rows.append(row)
                rows.sort(key=lambda r: (r["id"][0] != "S", r["id"]))
            else:
                if claim_id not in index:
                    raise ValueError(f"no row {claim_id}; use add")
                row = rows[index[claim_id]]
            row.update(values)
            problems = _problems(row)
            if problems:
                raise ValueError(f"{claim_id}: " + "; ".join(problems))
        else:
            raise ValueError("command must be show, set, add or remove")
        _write_rows(rows, path)
        load.cache_clear()
        return f"{command} {claim_id}: done"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print(__doc__)
        return 2
    try:
        print(edit(argv[0], argv[1], argv[2:]))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
