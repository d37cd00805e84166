"""course_lib.datasets: checksums, clear errors, and the loaders' shapes (no training)."""

from __future__ import annotations

import gzip
import shutil
import time

import numpy as np
import pytest

from course_lib import datasets


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A private copy of the small data files, so tests can break them safely."""
    src = datasets.data_dir()
    for rel in ["SHA256SUMS", "timeseries/sunspots_yearly.csv", "mnist/t10k-labels-idx1-ubyte.gz"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src / rel, tmp_path / rel)
    monkeypatch.setenv(datasets.DATA_ENV, str(tmp_path))
    datasets._VERIFIED.clear()
    yield tmp_path
    datasets._VERIFIED.clear()


def test_every_listed_file_matches_its_checksum() -> None:
    root = datasets.data_dir()
    table = datasets.expected_checksums()
    assert len(table) >= 11
    for rel, digest in table.items():
        assert datasets.sha256_of(root / rel) == digest, rel


def test_every_data_file_is_listed() -> None:
    root = datasets.data_dir()
    on_disk = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    on_disk -= {"SHA256SUMS", "README.md"}
    assert on_disk == set(datasets.expected_checksums())


def test_missing_file_names_it_and_says_what_to_do(data_copy) -> None:
    (data_copy / "timeseries/sunspots_yearly.csv").unlink()
    with pytest.raises(datasets.DataFileError, match=r"sunspots_yearly\.csv is missing.*git checkout"):
        datasets.load_timeseries("sunspots")


def test_corrupt_file_is_refused(data_copy) -> None:
    path = data_copy / "timeseries/sunspots_yearly.csv"
    path.write_text(path.read_text().replace("1700,5", "1700,6"))
    with pytest.raises(datasets.DataFileError, match=r"sunspots_yearly\.csv is corrupt"):
        datasets.load_timeseries("sunspots")


def test_unknown_file_and_missing_checksum_list(data_copy) -> None:
    with pytest.raises(ValueError, match="not a course data file"):
        datasets.data_file("mnist/fashion.gz")
    (data_copy / "SHA256SUMS").unlink()
    with pytest.raises(datasets.DataFileError, match="checksum list"):
        datasets.data_file("timeseries/sunspots_yearly.csv")


def test_malformed_checksum_line(data_copy) -> None:
    (data_copy / "SHA256SUMS").write_text("abc  file.txt\n")
    with pytest.raises(ValueError, match="64 hex digits"):
        datasets.expected_checksums()


def test_read_idx_checks_the_header(tmp_path) -> None:
    labels = datasets.read_idx(datasets.data_file(datasets.MNIST_FILES["test_labels"]))
    assert labels.shape == (10_000,) and labels.dtype == np.uint8 and set(np.unique(labels)) == set(range(10))
    bad = tmp_path / "bad.gz"
    with gzip.open(bad, "wb") as handle:
        handle.write(b"\x01\x02\x03\x04rest")
    with pytest.raises(ValueError, match="not an IDX file"):
        datasets.read_idx(bad)
    short = tmp_path / "short.gz"
    with gzip.open(short, "wb") as handle:
        handle.write(b"\x00\x00\x08\x01" + (5).to_bytes(4, "big") + b"\x01\x02")
    with pytest.raises(ValueError, match="header says shape"):
        datasets.read_idx(short)


def test_load_mnist_shapes_and_split() -> None:
    m = datasets.load_mnist(n_train=1000, n_test=300, val_size=200)
    assert m.sizes() == {"train": 1000, "val": 200, "test": 300}
    assert m.x_train.shape == (1000, 28, 28) and m.x_train.dtype == np.float32
    assert 0.0 <= m.x_train.min() and m.x_train.max() <= 1.0
    flat = datasets.load_mnist(n_train=10, n_test=10, val_size=10, flatten=True, normalize=False)
    assert flat.x_train.shape == (10, 784) and flat.x_train.dtype == np.uint8
    chans = datasets.load_mnist(n_train=10, n_test=10, val_size=10, channels=True)
    assert chans.x_test.shape == (10, 28, 28, 1)


def test_load_mnist_without_validation_set_flattened() -> None:
    m = datasets.load_mnist(n_train=10, n_test=10, val_size=0, flatten=True)  # once a reshape error
    assert m.x_val.shape == (0, 784) and m.x_train.shape == (10, 784)


def test_load_mnist_full_counts_match_the_published_dataset() -> None:
    m = datasets.load_mnist(normalize=False)
    assert m.sizes() == {"train": 50_000, "val": 10_000, "test": 10_000}
    counts = np.bincount(np.concatenate([m.y_train, m.y_val]), minlength=10)
    assert counts.tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_load_mnist_is_reproducible_and_seeded() -> None:
    a = datasets.load_mnist(n_train=50, n_test=10, val_size=10, seed=1)
    b = datasets.load_mnist(n_train=50, n_test=10, val_size=10, seed=1)
    c = datasets.load_mnist(n_train=50, n_test=10, val_size=10, seed=2)
    assert np.array_equal(a.y_train, b.y_train) and not np.array_equal(a.y_train, c.y_train)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"n_train": 0}, "n_train must be a positive integer"),
        ({"n_train": 60_000}, "more than the"),
        ({"val_size": -1}, "val_size must be an integer"),
        ({"flatten": True, "channels": True}, "not both"),
    ],
)
def test_load_mnist_bad_arguments(kwargs, message) -> None:
    with pytest.raises(ValueError, match=message):
        datasets.load_mnist(**kwargs)


BAD_INPUT = [
    # (helper, args, kwargs, exception, message naming the argument and what was expected)
    ("load_adult", (), {"val_size": -1}, ValueError, "val_size must be an integer in"),
    ("load_mnist", (), {"seed": -1}, ValueError, "seed must be a non-negative integer, got -1"),
    ("load_mnist", (), {"seed": "abc"}, TypeError, "seed must be a non-negative integer, got 'abc' \\(str\\)"),
    ("load_mnist", (), {"seed": 1.5}, TypeError, "seed must be a non-negative integer, got 1.5"),
    ("load_mnist", (), {"normalize": "no"}, TypeError, "normalize must be True or False, got 'no'"),
    ("load_mnist", (), {"flatten": 1}, TypeError, "flatten must be True or False"),
    ("load_mnist", (), {"channels": None}, TypeError, "channels must be True or False"),
    ("load_mnist", (), {"n_test": 2.5}, TypeError, "n_test must be a positive integer or None, got 2.5"),
    ("load_mnist", (), {"n_train": "100"}, TypeError, "n_train must be a positive integer or None, got '100'"),
    ("load_mnist", (), {"val_size": 0.1}, TypeError, "val_size must be an integer"),
    ("to_dataset", (None,), {}, TypeError, "x must be an array with one row per example.*got NoneType"),
    ("to_dataset", (5,), {}, TypeError, "x must be an array with one row per example.*got int"),
    ("to_dataset", ("abc", [1, 2, 3]), {}, TypeError, "x must be an array.*got str"),
    ("to_dataset", (np.float32(3.0),), {}, ValueError, "x must have at least one dimension"),
    ("to_dataset", (np.zeros((3, 2)), "abc"), {}, TypeError, "y must be an array.*got str"),
    (
        "to_dataset",
        (np.zeros((3, 2)), [1, 2, 3]),
        {"shuffle": True, "seed": "s"},
        TypeError,
        "seed must be a non-negative integer, got 's'",
    ),
    ("to_dataset", (np.zeros((3, 2)),), {"shuffle": "yes"}, TypeError, "shuffle must be True or False"),
    ("to_dataset", (np.zeros((3, 2)),), {"batch_size": 2.0}, TypeError, "batch_size must be a positive integer"),
    ("load_shakespeare", ("hamlet",), {}, TypeError, "plays must be a list of titles, e.g. \\['hamlet'\\]"),
    ("load_shakespeare", (123,), {}, TypeError, "plays must be a list of title strings"),
    ("load_shakespeare", ([],), {}, ValueError, "plays must name at least one title"),
    ("load_shakespeare", ([1, 2],), {}, TypeError, "plays must be a list of title strings"),
    ("load_timeseries", (["co2"],), {}, TypeError, "name must be one series name such as 'co2', got \\['co2'\\]"),
    ("load_rotten_tomatoes", (), {"include_plots": "no"}, TypeError, "include_plots must be True or False, got 'no'"),
    ("data_file", (123,), {}, TypeError, "relative must be a path inside data/ such as"),
    ("load_tfds", (None,), {}, ValueError, "name must be a TensorFlow Datasets name"),
    ("load_keras_hub_preset", ("textclassifier", "bert_tiny_en_uncased"), {}, ValueError, "class_name must name"),
    ("load_keras_hub_preset", ("TextClassifier", ""), {}, ValueError, "preset must be a preset name"),
    (
        "group_folds",
        ("alien",),
        {},
        TypeError,
        "groups must be a list or array with one group name per example, got str",
    ),
    ("group_folds", (5,), {}, TypeError, "groups must be a list or array.*got int"),
    ("group_folds", ([],), {}, ValueError, "groups must hold at least one example"),
    ("group_folds", (["a", "b"],), {"n_folds": 1}, ValueError, "n_folds must be an integer of at least 2, got 1"),
    ("group_folds", (["a", "b"],), {"n_folds": 2.0}, TypeError, "n_folds must be an integer of at least 2, got 2.0"),
    ("group_folds", (["a", "b"],), {"salt": 3}, TypeError, "salt must be a string, got 3"),
]


@pytest.mark.parametrize(
    "helper, args, kwargs, error, message", BAD_INPUT, ids=[f"{b[0]}-{i}" for i, b in enumerate(BAD_INPUT)]
)
def test_helpers_refuse_bad_input_clearly(helper, args, kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        getattr(datasets, helper)(*args, **kwargs)


def test_every_public_loader_has_a_bad_input_case() -> None:
    public = {name for name in dir(datasets) if name.startswith(("load_", "to_")) or name == "data_file"}
    assert public <= {case[0] for case in BAD_INPUT}


def test_to_dataset_accepts_lists_and_tensors() -> None:
    import tensorflow as tf

    assert [len(b) for b in datasets.to_dataset([[1.0], [2.0], [3.0]], batch_size=2)] == [2, 1]
    assert [len(b) for b in datasets.to_dataset(tf.zeros((5, 2)), batch_size=4)] == [4, 1]


def test_to_dataset_batches_and_validates() -> None:
    x = np.arange(20, dtype="float32").reshape(10, 2)
    y = np.arange(10)
    batches = list(datasets.to_dataset(x, y, batch_size=4))
    assert [len(b[0]) for b in batches] == [4, 4, 2]
    shuffled = np.concatenate([b[1].numpy() for b in datasets.to_dataset(x, y, batch_size=4, shuffle=True)])
    assert sorted(shuffled.tolist()) == list(range(10))
    with pytest.raises(ValueError, match="same length"):
        datasets.to_dataset(x, y[:5])
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        datasets.to_dataset(x, y, batch_size=0)


def test_load_shakespeare() -> None:
    texts = datasets.load_shakespeare()
    assert len(texts) == 42 and "hamlet" in texts
    total = sum(len(t) for t in texts.values())
    assert 4_900_000 < total < 5_200_000
    assert list(datasets.load_shakespeare(["hamlet"])) == ["hamlet"]
    with pytest.raises(ValueError, match="unknown title"):
        datasets.load_shakespeare(["hamlet", "faust"])


def test_load_rotten_tomatoes_leaves_out_plot_summaries() -> None:
    reviews = datasets.load_rotten_tomatoes()
    assert reviews["label"].value_counts().to_dict() == {1: 7403, 0: 5405}
    assert list(reviews.columns) == ["text", "label", "movie"]
    everything = datasets.load_rotten_tomatoes(include_plots=True)
    assert (everything["label"] == -1).sum() == 1097 - 14  # 14 plot summaries are empty in the file
    assert all(isinstance(text, str) and text.strip() for text in everything["text"])


def test_load_timeseries() -> None:
    co2 = datasets.load_timeseries("co2")
    assert co2.shape == (2284, 1) and int(co2["co2"].isna().sum()) == 59
    assert str(co2.index[0].date()) == "1958-03-29"
    assert datasets.load_timeseries("sunspots").index[0] == 1700
    assert datasets.load_timeseries("seattle_weather").shape == (1461, 5)
    assert len(datasets.load_timeseries("seattle_temps_hourly")) == 8759
    with pytest.raises(ValueError, match="unknown series"):
        datasets.load_timeseries("ozone")


def test_online_only_extras_fail_fast_offline(monkeypatch) -> None:
    monkeypatch.setattr(datasets, "have_internet", lambda *a, **k: False)
    start = time.perf_counter()
    with pytest.raises(datasets.OfflineError, match="needs internet access"):
        datasets.load_tfds("fashion_mnist")
    assert time.perf_counter() - start < 1.0
    with pytest.raises(ValueError, match="TensorFlow Datasets name"):
        datasets.load_tfds("")


def test_have_internet_returns_quickly_for_an_unroutable_host() -> None:
    start = time.perf_counter()
    assert datasets.have_internet("127.0.0.1", port=9, timeout=0.5) is False
    assert time.perf_counter() - start < 2.0


def test_group_folds_keeps_groups_together_and_is_fixed() -> None:
    groups = [f"movie {i // 3}" for i in range(300)]  # 100 groups of 3 examples
    folds = datasets.group_folds(groups, n_folds=10)
    assert folds.shape == (300,) and set(folds.tolist()) <= set(range(10))
    for g in range(100):  # every group sits in one fold
        assert len(set(folds[3 * g : 3 * g + 3].tolist())) == 1
    assert np.bincount(folds, minlength=10).min() >= 9  # no fold is empty or tiny (3 groups or more)
    # the same names give the same folds in any order: the fold depends on the name only
    assert datasets.group_folds(groups[::-1]).tolist() == folds[::-1].tolist()
    # pinned values: a library upgrade or another machine must not move them
    assert datasets.group_folds(["alien", "alien", "heat", "up"], n_folds=3).tolist() == [0, 0, 2, 0]
    assert datasets.group_folds(np.array(["alien", "heat"]), n_folds=3).tolist() == [0, 2]  # arrays work too
    other = datasets.group_folds(groups, n_folds=10, salt="other")
    assert (other != folds).mean() > 0.5  # another salt draws another split


def test_group_folds_on_rotten_tomatoes_is_pinned() -> None:
    reviews = datasets.load_rotten_tomatoes().drop_duplicates("text").reset_index(drop=True)
    folds = datasets.group_folds(reviews["movie"], n_folds=10)
    assert np.bincount(folds, minlength=10)[:2].tolist() == [1200, 1221]  # lesson 05's test and validation
    assert not set(reviews["movie"][folds == 0]) & set(reviews["movie"][folds >= 2])
