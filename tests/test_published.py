"""Published numbers live in data files with citations (``oxytocin_course.published``)."""
import re

import pytest

from oxytocin_course import published
from oxytocin_course.notebook_files import BIB_PATH

BIB_KEYS = set(re.findall(r"^@\w+\{([^,\s]+),", BIB_PATH.read_text(encoding="utf-8"), re.M))


def test_datasets_exist():
    assert "trustgame_kosfeld" in published.names()


@pytest.mark.parametrize("name", published.names())
def test_every_record_cites_a_bibliography_entry(name):
    records = published.load(name)
    assert records, f"{name} has no records"
    assert published.describe(name).strip(), f"{name} has no description"
    for record in records:
        assert record["cite"] in BIB_KEYS, f"{name}: {record['cite']!r} is not in references.bib"


def test_unknown_dataset_names_the_ones_that_exist():
    with pytest.raises(ValueError, match="trustgame_kosfeld"):
        published.load("no_such_table")


def test_records_are_copies():
    first = published.load("trustgame_kosfeld")
    first[0]["n"] = -1
    assert published.load("trustgame_kosfeld")[0]["n"] == 29
