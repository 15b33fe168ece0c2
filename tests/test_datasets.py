"""The real study-level datasets: files, provenance, schema and loader."""
import pandas as pd
import pytest

from oxytocin_course import datasets
from oxytocin_course.references import bibliography

NAMES = ["bakermans_kranenburg_2013", "ooi_2017", "keech_2018"]


def test_the_three_datasets_exist_in_order():
    assert datasets.names() == NAMES


def test_provenance_and_licence_ship_with_the_data():
    readme = (datasets.DIRECTORY / "README.md").read_text(encoding="utf-8")
    licence = (datasets.DIRECTORY / "LICENSE-metameta.md").read_text(encoding="utf-8")
    assert "dsquintana/metameta" in readme and "3d4d701b2c69d97f38c545a4c0c6e2e827d4da08" in readme
    assert "MIT License" in licence and "Permission is hereby granted" in licence
    for name in NAMES:
        assert (datasets.DIRECTORY / datasets.info(name)["file"]).is_file()


@pytest.mark.parametrize("name", NAMES)
def test_loader_returns_the_documented_columns(name):
    df = datasets.load(name)
    info = datasets.info(name)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == datasets.COLUMNS
    assert len(df) == info["rows"]
    assert df["study"].is_unique
    assert (df["sei"] > 0).all() and (df["ci_low"] < df["yi"]).all() and (df["yi"] < df["ci_high"]).all()
    assert df["year"].between(1990, 2018).all()
    for key in ("cite", "extraction"):
        assert df.attrs[key] in bibliography().entries, f"{name}: {key} {df.attrs[key]!r}"
    assert df.attrs["measure"] in ("Cohen's d", "Hedges' g")


def test_row_counts_match_the_papers():
    # 19 trials (Bakermans-Kranenburg 2013), 9 trials (Ooi 2017), 12 emotion-recognition studies.
    assert [len(datasets.load(n)) for n in NAMES] == [19, 9, 12]


def test_values_are_the_exported_numbers():
    bk = datasets.load("bakermans_kranenburg_2013").set_index("study")
    assert bk.loc["bartz_2011", "yi"] == -1.19 and bk.loc["bartz_2011", "sei"] == 0.59
    ooi = datasets.load("ooi_2017").set_index("study")
    assert ooi.loc["anagnostou_2012", "yi"] == 1.187


def test_keech_standard_errors_come_from_the_published_intervals():
    keech = datasets.load("keech_2018").set_index("study")
    row = keech.loc["guastella_2010"]
    assert (row["ci_low"], row["ci_high"]) == (0.07, 1.12)
    assert row["sei"] == pytest.approx((1.12 - 0.07) / (2 * 1.959964), rel=1e-6)


def test_labels_read_like_citations():
    assert datasets.label("den-boer_1992") == "den Boer 1992"
    assert datasets.label("fischer-shofty_2013") == "Fischer-Shofty 2013"
    assert datasets.label("guastella_2015b") == "Guastella 2015b"


def test_unknown_dataset_lists_the_ones_that_exist():
    with pytest.raises(ValueError, match="bakermans_kranenburg_2013, ooi_2017, keech_2018"):
        datasets.load("hofmann_2015")


def test_load_returns_a_copy():
    df = datasets.load("ooi_2017")
    df.loc[0, "yi"] = 99.0
    df.attrs["cite"] = "changed"
    fresh = datasets.load("ooi_2017")
    assert fresh.loc[0, "yi"] != 99.0 and fresh.attrs["cite"] == "ooi2017"
