"""course_lib.plotting: every figure is titled and labelled; bad input is refused."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_lib import plotting  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def labelled(fig) -> bool:
    """Every visible axes has a title and (unless it is an image tile) axis labels."""
    return all(ax.get_title() for ax in fig.axes if ax.axison and ax.get_label() != "<colorbar>")


def test_plot_history_train_and_validation() -> None:
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8], "val_accuracy": [0.4, 0.7]}
    fig = plotting.plot_history(history, title="demo")
    axes = fig.axes
    assert len(axes) == 2 and fig._suptitle.get_text() == "demo"
    assert axes[0].get_xlabel() == "epoch" and axes[0].get_ylabel() == "loss"
    assert len(axes[0].lines) == 2 and labelled(fig)


def test_plot_history_accepts_a_keras_history_object() -> None:
    class FakeHistory:
        history = {"loss": [3.0, 2.0, 1.0]}

    fig = plotting.plot_history(FakeHistory())
    assert len(fig.axes) == 1 and len(fig.axes[0].lines) == 1


@pytest.mark.parametrize("bad, metrics", [({}, None), ([1, 2], None), ({"loss": [1]}, ["accuracy"])])
def test_plot_history_bad_input(bad, metrics) -> None:
    with pytest.raises(ValueError):
        plotting.plot_history(bad, metrics=metrics)


def test_plot_image_grid_marks_mistakes_in_red() -> None:
    images = np.random.default_rng(0).random((5, 28, 28, 1))
    fig = plotting.plot_image_grid(images, labels=[1, 2, 3, 4, 5], predictions=[1, 2, 0, 4, 5], ncols=3, title="digits")
    titles = [ax.title for ax in fig.axes if ax.get_title()]
    assert len(titles) == 5 and fig._suptitle.get_text() == "digits"
    colors = [matplotlib.colors.to_hex(t.get_color()) for t in titles]
    assert colors.count("#ff0000") == 1 and "pred 0" in titles[2].get_text()


def test_plot_image_grid_makes_room_for_two_line_captions() -> None:
    images = np.zeros((8, 28, 28))
    bare = plotting.plot_image_grid(images, ncols=4).get_figheight()
    two_lines = plotting.plot_image_grid(images, labels=range(8), predictions=range(8), ncols=4).get_figheight()
    assert two_lines > bare + 0.5  # two rows, each 0.5 in taller


@pytest.mark.parametrize(
    "images, labels, message",
    [
        (np.zeros((0, 28, 28)), None, "non-empty"),
        (np.zeros((3, 28)), None, "shaped"),
        (np.zeros((3, 8, 8)), [1, 2], "one entry per image"),
    ],
)
def test_plot_image_grid_bad_input(images, labels, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_image_grid(images, labels=labels)


def test_plot_confusion_matrix_errors_only_blanks_the_diagonal() -> None:
    fig = plotting.plot_confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], errors_only=True)
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == ["1", "1"]  # the two mistakes; the diagonal's 1 and 2 are not written
    assert "diagonal left blank" in fig.axes[1].get_ylabel()
    plt.close(fig)


def test_plot_confusion_matrix_counts() -> None:
    fig = plotting.plot_confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2])
    ax = fig.axes[0]
    assert ax.get_xlabel() == "predicted class" and ax.get_ylabel() == "true class" and ax.get_title()
    texts = [t.get_text() for t in ax.texts]
    assert texts == ["1", "0", "0", "0", "1", "1", "0", "0", "1"]
    normed = plotting.plot_confusion_matrix([0, 1, 1], [0, 1, 0], normalize=True, class_names=["a", "b"])
    assert [t.get_text() for t in normed.axes[0].texts] == ["1.00", "0.00", "0.50", "0.50"]
    with pytest.raises(ValueError, match="equal-length"):
        plotting.plot_confusion_matrix([0, 1], [0])


def test_plot_decision_boundary() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 2))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    fig = plotting.plot_decision_boundary(lambda p: 1 / (1 + np.exp(-(p[:, 0] + p[:, 1]))), x, y, resolution=50)
    ax = fig.axes[0]
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plotting.plot_decision_boundary(lambda p: p, np.zeros((4, 3)), np.zeros(4))
    with pytest.raises(ValueError, match="one label per point"):
        plotting.plot_decision_boundary(lambda p: p, x, y[:3])


def test_plot_activations() -> None:
    fig = plotting.plot_activations({"ReLU": lambda z: np.maximum(0, z), "tanh": np.tanh})
    assert [ax.get_title() for ax in fig.axes] == ["ReLU", "tanh"]
    assert fig.axes[0].get_xlabel().startswith("z")
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_activations({})
    with pytest.raises(ValueError, match="returned shape"):
        plotting.plot_activations({"bad": lambda z: z[:3]})


def test_plot_latent_space() -> None:
    codes = np.random.default_rng(0).normal(size=(30, 2))
    fig = plotting.plot_latent_space(codes, np.arange(30) % 10)
    legend = fig.axes[0].get_legend()  # a discrete legend, one entry per class
    assert legend is not None and [t.get_text() for t in legend.get_texts()] == [str(k) for k in range(10)]
    assert fig.axes[0].get_xlabel() == "$z_1$" and fig.axes[0].get_title() == "Latent space"
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        plotting.plot_latent_space(np.zeros((3, 3)), [0, 1, 2])
    with pytest.raises(ValueError, match="one entry per code"):
        plotting.plot_latent_space(codes, [0])


def test_plot_sample_grid_tiles_images() -> None:
    images = np.arange(6 * 4, dtype=float).reshape(6, 2, 2, 1)
    fig = plotting.plot_sample_grid(images, nrows=2, title="samples")
    shown = fig.axes[0].images[0].get_array()
    assert shown.shape == (4, 6) and fig.axes[0].get_title() == "samples"
    assert shown[0, 0] == 0 and shown[0, 2] == 4  # second image starts at column 2
    with pytest.raises(ValueError, match="divide"):
        plotting.plot_sample_grid(images, nrows=4)
    with pytest.raises(ValueError, match="grayscale"):
        plotting.plot_sample_grid(np.zeros((2, 3, 3, 3)), nrows=1)


BAD_INPUT = [
    (
        plotting.plot_image_grid,
        (np.zeros((4, 8, 8)),),
        {"ncols": "2"},
        TypeError,
        "ncols must be a positive integer, got '2'",
    ),
    (
        plotting.plot_image_grid,
        (np.zeros((4, 8, 8)),),
        {"ncols": 0},
        ValueError,
        "ncols must be a positive integer, got 0",
    ),
    (plotting.plot_sample_grid, (np.zeros((4, 8, 8)), 2.0), {}, TypeError, "nrows must be a positive integer"),
    (plotting.plot_sample_grid, (np.zeros((4, 8, 8)), 3), {}, ValueError, "divide the 4 images"),
    (plotting.plot_confusion_matrix, ([0, 1], [0, "a"]), {}, TypeError, "y_pred must hold class numbers"),
    (plotting.plot_confusion_matrix, ([0, 1], [0.2, 0.8]), {}, TypeError, "take argmax"),
    (plotting.plot_history, ({"loss": [1.0, 0.5]},), {"metrics": ["acc"]}, ValueError, r"\['acc'\] not in history"),
]


@pytest.mark.parametrize(
    "helper, args, kwargs, error, message", BAD_INPUT, ids=[f"{b[0].__name__}-{i}" for i, b in enumerate(BAD_INPUT)]
)
def test_plotting_helpers_refuse_bad_input_clearly(helper, args, kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        helper(*args, **kwargs)
    plt.close("all")


def test_plot_history_takes_one_metric_name() -> None:
    fig = plotting.plot_history({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]}, "loss")
    assert len(fig.axes) == 1
    plt.close(fig)


def test_plot_history_epoch_ticks_are_whole_numbers() -> None:
    history = {"loss": [1.0, 0.8, 0.6, 0.5, 0.45], "val_loss": [1.1, 0.9, 0.8, 0.75, 0.74]}
    fig = plotting.plot_history(history)
    fig.canvas.draw()
    ticks = [t for t in fig.axes[0].get_xticks() if 1 <= t <= 5]
    assert ticks and all(float(t).is_integer() for t in ticks)


def test_plot_histories_overlays_runs_with_validation_twins() -> None:
    runs = {
        "sgd": {"loss": [1.0, 0.6, 0.5], "val_loss": [1.1, 0.7, 0.6]},
        "adam": {"loss": [0.8, 0.3], "val_loss": [0.9, 0.5]},
    }
    fig = plotting.plot_histories(runs, ["loss"], title="Optimizers", with_validation=True)
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()] == [
        "sgd (train)",
        "sgd (validation)",
        "adam (train)",
        "adam (validation)",
    ]
    assert ax.get_xlabel() == "epoch" and ax.get_ylabel() == "loss" and fig._suptitle.get_text() == "Optimizers"
    assert list(ax.get_lines()[2].get_xdata()) == [1, 2]
    two = plotting.plot_histories(runs, ["loss", "val_loss"])
    assert [a.get_ylabel() for a in two.axes] == ["loss", "validation loss"]


@pytest.mark.parametrize(
    "histories, metrics, kwargs, error, message",
    [
        ({}, "loss", {}, ValueError, "at least one run"),
        ({"a": {"loss": [1.0]}}, 3, {}, TypeError, "metrics must be a metric name"),
        ({"a": {"loss": [1.0]}}, "accuracy", {}, ValueError, r"run 'a' has no \['accuracy'\]"),
        ({"a": {"loss": [1.0]}}, "loss", {"with_validation": True}, ValueError, "with_validation=True"),
    ],
)
def test_plot_histories_bad_input(histories, metrics, kwargs, error, message) -> None:
    with pytest.raises(error, match=message):
        plotting.plot_histories(histories, metrics, **kwargs)
