"""The bibliography resolves, every entry has a DOI or URL, formatting works."""
import re

import pytest

from oxytocin_course import references
from oxytocin_course.lint import retracted_citation_problems
from oxytocin_course.notebook_files import NOTEBOOK_DIR, ROOT, citation_keys
from oxytocin_course.references import bibliography

ENTRIES = references.bibliography().entries


def test_bibliography_is_not_trivial():
    assert len(ENTRIES) >= 40


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_entry_has_doi_or_url_and_formats(key):
    e = ENTRIES[key]
    doi = e.fields.get("doi", "")
    assert doi or e.fields.get("url"), f"{key} has neither doi nor url"
    if doi:
        assert re.match(r"^10\.\d{4,9}/\S+$", doi), f"{key}: malformed DOI {doi!r}"
    assert e.fields.get("title"), f"{key} has no title"
    assert e.fields.get("year"), f"{key} has no year"
    html = references.format_html(key)
    assert e.fields.get("year") in html
    assert references.label(key)


def test_cite_syntax():
    text = "See [@kosfeld2005] and [@nave2015; @declerck2020], not [this] or @alone."
    assert citation_keys(text) == ["kosfeld2005", "nave2015", "declerck2020"]


def test_unknown_key_is_a_clear_error():
    with pytest.raises(ValueError, match="nosuchkey"):
        references.label("nosuchkey")


def test_doi_links():
    assert references.link("kosfeld2005") == "https://doi.org/10.1038/nature03701"
    assert "Kosfeld" in references.label("kosfeld2005")
    assert 'href="https://doi.org/10.1038/nature03701"' in references.cite_html(["kosfeld2005"])


# -- retractions ----------------------------------------------------------------------------

def test_hofmann_2015_is_recorded_as_retracted():
    from oxytocin_course.references import is_retracted, retracted_keys, status

    assert "hofmann2015" in retracted_keys()
    assert is_retracted("hofmann2015")
    assert status("hofmann2015")["retracted"]


def test_status_fields_are_doi_or_url():
    from oxytocin_course.references import STATUS_FIELDS

    for key, e in bibliography().entries.items():
        for f in STATUS_FIELDS:
            v = e.fields.get(f)
            if v:
                assert re.match(r"^(10\.\d{4,9}/\S+|https?://\S+)$", v.strip()), (key, f, v)


def test_reference_lists_mark_retracted_works():
    from oxytocin_course.references import cite_html, format_html

    assert "Retracted" in format_html("hofmann2015")
    assert "retracted" in cite_html(["hofmann2015"])
    assert "Retracted" not in format_html("kosfeld2005")


def test_no_retracted_work_is_cited_as_evidence():
    problems = retracted_citation_problems()
    assert not problems, "\n".join(problems)


def test_retraction_check_catches_evidence_use():
    """The check is not vacuous: a work cited as evidence everywhere (kosfeld2005),
    treated as if retracted, is flagged in notebooks, the register and code."""
    problems = retracted_citation_problems(["kosfeld2005"])
    assert any("evidence register" in p for p in problems)
    assert any(".ipynb" in p for p in problems)


def test_retracted_work_is_taught_as_a_retraction():
    """Hofmann 2015 appears in the course, in a passage about its retraction."""
    from oxytocin_course.references import keys_in_notebook

    assert any("hofmann2015" in keys_in_notebook(p.name) for p in NOTEBOOK_DIR.glob("0*.ipynb"))


def test_every_entry_records_when_its_status_was_checked():
    """Each work's status (retraction, correction, concern) was looked up in a public
    record; entries that cannot carry a notice say why."""
    for key, e in ENTRIES.items():
        checked = e.fields.get("status_checked", "")
        assert re.match(r"^\d{4}-\d\d\b", checked), f"{key}: no status_checked = {{YYYY-MM}}"


def test_changelog_citations_resolve():
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    unknown = [k for k in citation_keys(text) if k not in ENTRIES]
    assert not unknown, f"CHANGELOG.md cites unknown keys: {unknown}"
