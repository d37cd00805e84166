"""course_lib.datasets.load_adult: the UCI Adult census table (lesson 10), its split, missing values and errors."""

from __future__ import annotations

import gzip
import shutil

import numpy as np
import pandas as pd
import pytest

from course_lib import datasets


@pytest.fixture(scope="module")
def adult() -> datasets.TableSplit:
    return datasets.load_adult()


@pytest.fixture
def adult_copy(tmp_path, monkeypatch):
    """A private copy of the Adult files and the checksum list, so that tests can break them."""
    src = datasets.data_dir()
    for rel in ["SHA256SUMS", *datasets.ADULT_FILES.values()]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / rel, tmp_path / rel)
    monkeypatch.setenv(datasets.DATA_ENV, str(tmp_path))
    datasets._VERIFIED.clear()
    yield tmp_path
    datasets._VERIFIED.clear()


def test_official_split_sizes_columns_and_types(adult) -> None:
    assert adult.sizes() == {"train": 26_561, "val": 6_000, "test": 16_281}
    assert adult.target == "over_50k"
    for part in (adult.train, adult.val, adult.test):
        assert list(part.columns) == [*datasets.ADULT_COLUMNS, "over_50k"]
        assert set(np.unique(part["over_50k"])) == {0, 1}
        for column in datasets.ADULT_NUMERIC:
            assert part[column].dtype == np.int64, column
        assert set(part["sex"]) == {"Female", "Male"}
        assert not part["education"].str.contains(r"^\s|\s$|\.$").any(), "fields and labels must be stripped"


def test_counts_match_the_published_dataset(adult) -> None:
    """32,561 train rows with 7,841 over 50K (21,790 men, 10,771 women); 16,281 test rows with 3,846."""
    train_file = np.concatenate([adult.train["over_50k"], adult.val["over_50k"]])
    assert len(train_file) == datasets.ADULT_TRAIN_ROWS and train_file.sum() == 7_841
    sexes = np.concatenate([adult.train["sex"], adult.val["sex"]])
    assert (sexes == "Male").sum() == 21_790 and (sexes == "Female").sum() == 10_771
    assert len(adult.test) == datasets.ADULT_TEST_ROWS and adult.test["over_50k"].sum() == 3_846


def test_missing_values_are_nan_and_counted(adult) -> None:
    assert set(adult.missing.index) == {"workclass", "occupation", "native_country"}
    assert list(adult.missing.columns) == ["train", "val", "test"]
    for name, part in {"train": adult.train, "val": adult.val, "test": adult.test}.items():
        for column in adult.missing.index:
            assert part[column].isna().sum() == adult.missing.loc[column, name]
        assert not (part.astype(str) == "?").any().any(), "no '?' may survive the loader"
    # the names file: 45,222 of the 48,842 rows have no unknown value (30,162 train + 15,060 test)
    rows_with_missing = sum(int(p.isna().any(axis=1).sum()) for p in (adult.train, adult.val, adult.test))
    assert rows_with_missing == 48_842 - 45_222


def test_drop_missing_gives_the_published_complete_rows() -> None:
    complete = datasets.load_adult(drop_missing=True)
    assert complete.sizes() == {"train": 30_162 - 6_000, "val": 6_000, "test": 15_060}
    assert complete.missing.empty
    assert not complete.train.isna().any().any()


def test_validation_is_drawn_from_train_with_a_fixed_seed(adult) -> None:
    again = datasets.load_adult()
    assert again.val.equals(adult.val) and again.train.equals(adult.train)
    other = datasets.load_adult(seed=7)
    assert not other.val.equals(adult.val)
    # train and validation are drawn from the training file, without overlap: together they are that file
    assert len(other.val) == 6_000 and len(other.train) + len(other.val) == datasets.ADULT_TRAIN_ROWS
    whole = datasets._read_adult(datasets.data_file(datasets.ADULT_FILES["train"]))

    def rows(frame):
        return sorted(map(tuple, frame.fillna("?").astype(str).to_numpy()))

    assert rows(pd.concat([adult.train, adult.val])) == rows(whole)
    assert adult.test.equals(other.test), "the test set is the official one, whatever the seed"


def test_subsets_for_fast_mode() -> None:
    small = datasets.load_adult(n_train=500, n_test=300, val_size=200)
    assert small.sizes() == {"train": 500, "val": 200, "test": 300}
    full = datasets.load_adult(val_size=200)
    assert small.train.equals(full.train.iloc[:500]) and small.test.equals(full.test.iloc[:300])
    assert small.missing.loc["occupation"].sum() == sum(
        p["occupation"].isna().sum() for p in (small.train, small.val, small.test)
    )
    assert datasets.load_adult(val_size=0).sizes()["val"] == 0


@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"val_size": -1}, ValueError, r"val_size must be an integer in \[0, 32561\), got -1"),
        ({"val_size": 40_000}, ValueError, "val_size must be an integer in"),
        ({"val_size": 0.2}, TypeError, r"val_size must be an integer in \[0, 32561\), got 0.2 \(float\)"),
        ({"val_size": True}, TypeError, "val_size must be an integer"),
        ({"n_train": 0}, ValueError, "n_train must be a positive integer or None, got 0"),
        ({"n_train": 30_000}, ValueError, "n_train=30000 is more than the 26561 examples available"),
        ({"n_test": "100"}, TypeError, "n_test must be a positive integer or None, got '100'"),
        ({"seed": -1}, ValueError, "seed must be a non-negative integer, got -1"),
        ({"drop_missing": "no"}, TypeError, "drop_missing must be True or False, got 'no'"),
    ],
)
def test_bad_arguments_are_refused_clearly(kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        datasets.load_adult(**kwargs)


def test_missing_file_names_it_and_says_what_to_do(adult_copy) -> None:
    (adult_copy / "adult/adult.test.gz").unlink()
    with pytest.raises(datasets.DataFileError, match=r"adult/adult\.test\.gz is missing.*git checkout -- data/adult"):
        datasets.load_adult()


def test_corrupt_file_is_refused(adult_copy) -> None:
    path = adult_copy / "adult/adult.data.gz"
    rows = gzip.decompress(path.read_bytes()).replace(b"39, State-gov", b"93, State-gov", 1)
    path.write_bytes(gzip.compress(rows))
    with pytest.raises(datasets.DataFileError, match=r"adult/adult\.data\.gz is corrupt: its SHA-256 is"):
        datasets.load_adult()


def _gz(tmp_path, text: str | bytes, name: str = "bad.gz"):
    path = tmp_path / name
    path.write_bytes(gzip.compress(text.encode() if isinstance(text, str) else text))
    return path


GOOD_ROW = (
    "39, State-gov, 77516, Bachelors, 13, Never-married, Adm-clerical, Not-in-family, White, Male, "
    "2174, 0, 40, United-States, <=50K"
)


def test_the_parser_reads_both_file_layouts(tmp_path) -> None:
    test_layout = "|1x3 Cross validator\n" + GOOD_ROW.replace("<=50K", ">50K.").replace("State-gov", "?") + "\n\n"
    frame = datasets._read_adult(_gz(tmp_path, test_layout))
    assert len(frame) == 1 and frame.loc[0, "over_50k"] == 1 and frame.loc[0, "age"] == 39
    assert frame["workclass"].isna().all() and frame.loc[0, "native_country"] == "United-States"


@pytest.mark.parametrize(
    "text, message",
    [
        (GOOD_ROW.rsplit(",", 1)[0] + "\n", r"bad\.gz:1: expected 15 comma-separated fields, got 14"),
        (
            "|header\n" + GOOD_ROW.replace("<=50K", "rich") + "\n",
            r"bad\.gz:2: the label must be '<=50K' or '>50K', got 'rich'",
        ),
    ],
)
def test_the_parser_names_the_bad_line(tmp_path, text, message) -> None:
    with pytest.raises(ValueError, match=message):
        datasets._read_adult(_gz(tmp_path, text))


def test_the_parser_refuses_a_file_that_is_not_gzip(tmp_path) -> None:
    path = tmp_path / "plain.gz"
    path.write_text(GOOD_ROW)
    with pytest.raises(ValueError, match=r"plain\.gz is not a readable gzip-compressed Adult file"):
        datasets._read_adult(path)
