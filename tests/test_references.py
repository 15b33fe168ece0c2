"""The bibliography resolves, every entry has a DOI or URL, formatting works."""
import re

import pytest

from oxytocin_course import references

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
    assert references.keys_in_text(text) == ["kosfeld2005", "nave2015", "declerck2020"]


def test_unknown_key_is_a_clear_error():
    with pytest.raises(ValueError, match="nosuchkey"):
        references.label("nosuchkey")


def test_doi_links():
    assert references.link("kosfeld2005") == "https://doi.org/10.1038/nature03701"
    assert "Kosfeld" in references.label("kosfeld2005")
    assert 'href="https://doi.org/10.1038/nature03701"' in references.cite_html(["kosfeld2005"])
