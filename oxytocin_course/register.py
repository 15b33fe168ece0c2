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
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from IPython.display import HTML

from .checks import one_of
from .evidence import CELL, GRADE_NAMES, GRADES, RUBRIC_STEPS, badge_html
from .notebook_files import REGISTER_PATH
from .references import cite_html

COLUMNS = ("id", "source", "topic", "claim", "study", "grade", "rubric", "reason", "cite",
           "llm_tagged", "model")
#: The four source documents, then the course's own claims.
SOURCE_DOCUMENTS = ("000", "001", "002", "003")
SOURCES = SOURCE_DOCUMENTS + ("literature", "course")
ID_RE = re.compile(r"^(?:S00[0-3]|C\d\d)-\d\d$")
ALL = "All"
#: Characters of a claim's short form (:attr:`Claim.short`).
SHORT_CLAIM = 70

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
        return textwrap.shorten(self.claim, SHORT_CLAIM, placeholder="…")

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
    missing = [column for column in COLUMNS if column not in row]
    if missing:
        return [f"missing column(s) {missing}"]
    cid = (row["id"] or "").strip()
    if not ID_RE.match(cid):
        out.append(f"id must look like S000-01 or C03-02; got {cid!r}")
    for column in ("id", "source", "topic", "claim", "grade", "rubric", "reason"):
        if not (row[column] or "").strip():
            out.append(f"empty {column!r}")
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
    cite = tuple(key.strip() for key in (row["cite"] or "").split(";") if key.strip())
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
    for claim in load():
        if claim.id == claim_id:
            return claim
    raise ValueError(f"claim id must be an id of the evidence register seeds/claims.csv "
                     f"(e.g. 'S001-01' or 'C03-01'); got {claim_id!r}")


def topics(claims: Iterable[Claim] | None = None) -> tuple[str, ...]:
    return tuple(sorted({claim.topic for claim in (load() if claims is None else claims)}))


def select(source: str = ALL, grade: str = ALL, topic: str = ALL,
           claims: tuple[Claim, ...] | None = None) -> tuple[Claim, ...]:
    """Claims matching every filter (``"All"`` matches anything)."""
    claims = load() if claims is None else claims
    one_of("source", source, (ALL,) + SOURCES)
    one_of("grade", grade, (ALL,) + GRADE_NAMES)
    one_of("topic", topic, (ALL,) + topics())
    return tuple(claim for claim in claims
                 if (source == ALL or claim.source == source)
                 and (grade == ALL or claim.grade == grade)
                 and (topic == ALL or claim.topic == topic))


# -- display ------------------------------------------------------------------------------

def _llm_mark(claim: Claim) -> str:
    if claim.llm_tagged != "yes":
        return ""
    return (' <span class="oxy-llm" title="tagged LLM (unsourced) in source document 000">'
            "[LLM]</span>")


def _sources_html(claim: Claim) -> str:
    keys = [key for key in claim.cite if not key.startswith("seed")]
    if keys:
        return cite_html(keys)
    if claim.source == "course":
        return f"this course (<code>{html.escape(claim.model)}</code>)"
    return "the source document itself"


def evidence_table_html(ids: Iterable[str], caption: str = "Evidence grades for this section"
                        ) -> str:
    """An HTML table of the register rows ``ids``, in the order given."""
    ids = list(ids)
    if not ids:
        raise ValueError("evidence_table needs at least one claim id")
    rows = []
    for cid in ids:
        claim = get(cid)
        origin = (f"<br><small>claim of source document {claim.source}</small>"
                  if claim.from_source_document else "")
        rows.append(
            f'<tr id="claim-{html.escape(claim.id)}"><td {CELL}>{html.escape(claim.claim)}'
            f'{_llm_mark(claim)}{origin}</td><td {CELL}>{badge_html(claim.grade)}<br><small>'
            f'{html.escape(claim.reason)}</small></td><td {CELL}>{_sources_html(claim)}</td>'
            f'<td {CELL}><small>{html.escape(claim.id)}</small></td></tr>')
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
    for claim in claims[:limit] if limit else claims:
        row_id = f' id="claim-{html.escape(claim.id)}"' if anchors else ""
        rows.append(
            f"<tr{row_id}><td {CELL}>{html.escape(claim.id)}</td>"
            f"<td {CELL}>{html.escape(claim.claim)}{_llm_mark(claim)}</td>"
            f"<td {CELL}>{html.escape(claim.study)}</td><td {CELL}>{badge_html(claim.grade)}<br>"
            f"<small>{html.escape(claim.reason)}</small></td>"
            f"<td {CELL}>{_sources_html(claim)}</td></tr>")
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
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") or "" for column in COLUMNS})
    tmp.replace(path)


def _assignments(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        if "=" not in pair:
            raise ValueError(f"expected field=value; got {pair!r}")
        column, value = pair.split("=", 1)
        if column not in COLUMNS or column == "id":
            raise ValueError(f"field must be one of {', '.join(COLUMNS[1:])}; got {column!r}")
        values[column] = value
    return values


def edit(command: str, claim_id: str, pairs: list[str], path: Path = REGISTER_PATH) -> str:
    """Apply one ``show``/``set``/``add``/``remove`` under an exclusive file lock."""
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        rows = read_rows(path)
        index = {row["id"]: position for position, row in enumerate(rows)}
        if command == "show":
            if claim_id not in index:
                raise ValueError(f"no row {claim_id}")
            return "\n".join(f"{column}: {rows[index[claim_id]].get(column, '')}"
                             for column in COLUMNS)
        if command == "remove":
            if claim_id not in index:
                raise ValueError(f"no row {claim_id}")
            rows.pop(index[claim_id])
        elif command in ("set", "add"):
            values = _assignments(pairs)
            if command == "add":
                if claim_id in index:
                    raise ValueError(f"row {claim_id} exists; use set")
                row = {column: "" for column in COLUMNS}
                row["id"] = claim_id
                rows.append(row)
                # Source-document claims (S...) first, then the course's (C...).
                rows.sort(key=lambda other: (other["id"][0] != "S", other["id"]))
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
