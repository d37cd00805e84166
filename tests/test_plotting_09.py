"""course_lib.plotting.plot_attributions and plot_reliability (added in lesson 09): what they draw,
and bad input refused with a message that says what was expected."""

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


# ------------------------------------------------------------------------------ plot_attributions


def test_attributions_one_row_per_method_below_the_images() -> None:
    rng = np.random.default_rng(0)
    images = rng.random((4, 28, 28, 1))
    maps = {"gradient": rng.normal(size=(4, 28, 28, 1)), "IG": rng.normal(size=(4, 28, 28))}
    fig = plotting.plot_attributions(images, maps, captions=[f"predicted {d}" for d in range(4)], title="demo")
    panels = fig.axes[:-1]  # the last axes is the colour bar
    assert len(panels) == 12 and fig._suptitle.get_text() == "demo"
    assert [ax.get_ylabel() for ax in panels[::4]] == ["input", "gradient", "IG"]
    assert [ax.get_title() for ax in panels[:4]] == [f"predicted {d}" for d in range(4)]
    assert fig.axes[-1].get_ylabel() == "attribution / max |attribution|"


def test_attributions_scale_each_map_to_one_symmetric_range() -> None:
    images = np.zeros((2, 5, 5))
    maps = {"m": np.stack([np.full((5, 5), 3.0), np.linspace(-0.01, 0.002, 25).reshape(5, 5)])}
    fig = plotting.plot_attributions(images, maps)
    overlays = [ax.get_images()[-1] for ax in fig.axes[2:4]]
    for overlay in overlays:
        assert overlay.get_clim() == (-1.0, 1.0)
        assert np.isclose(np.abs(overlay.get_array()).max(), 1.0)  # divided by its own largest |value|
    zero = plotting.plot_attributions(images, {"m": np.zeros((2, 5, 5))})  # an all-zero map: no division by 0
    assert np.all(np.isfinite(zero.axes[2].get_images()[-1].get_array()))


@pytest.mark.parametrize(
    ("images", "maps", "captions", "message"),
    [
        (np.zeros((2, 5)), {"m": np.zeros((2, 5))}, None, "grey-scale maps shaped"),
        (np.zeros((2, 5, 5)), {}, None, "at least one method"),
        (np.zeros((2, 5, 5)), "not a mapping", None, "at least one method"),
        (np.zeros((2, 5, 5)), {"m": np.zeros((3, 5, 5))}, None, "one map per image"),
        (np.zeros((2, 5, 5)), {"m": np.full((2, 5, 5), np.nan)}, None, "inf or nan"),
        (np.zeros((2, 5, 5)), {"m": np.zeros((2, 5, 5))}, ["only one"], "one caption per image"),
        (np.zeros((0, 5, 5)), {"m": np.zeros((0, 5, 5))}, None, "grey-scale maps shaped"),
    ],
)
def test_attributions_refuse_bad_input(images, maps, captions, message) -> None:
    with pytest.raises(ValueError, match=message):
        plotting.plot_attributions(images, maps, captions=captions)


# ------------------------------------------------------------------------------ plot_reliability


def test_reliability_points_are_the_bins_accuracy_and_mean_confidence() -> None:
    confidence = np.array([0.15, 0.25, 0.55, 0.65, 0.95, 0.97, 0.99, 1.0])
    correct = np.array([0, 1, 1, 0, 1, 1, 1, 1], dtype=bool)
    fig = plotting.plot_reliability({"model": (confidence, correct)}, n_bins=5, title="demo")
    top, bottom = fig.axes
    line = top.get_lines()[1]  # the first line is the diagonal
    # bins of width 0.2: (0, .2], (.2, .4], (.4, .6], (.6, .8], (.8, 1]
    np.testing.assert_allclose(line.get_xdata(), [0.15, 0.25, 0.55, 0.65, 0.9775])
    np.testing.assert_allclose(line.get_ydata(), [0.0, 1.0, 1.0, 0.0, 1.0])
    assert [patch.get_height() for patch in bottom.patches] == pytest.approx([1 / 8] * 4 + [4 / 8])
    assert top.get_title() == "demo" and line.get_label() == "model"
    assert bottom.get_yscale() == "log"


def test_reliability_bins_are_closed_on_the_right() -> None:
    """A confidence of exactly 0.6 belongs to (0.4, 0.6], like the lesson's ECE; exactly 0 to the first bin."""
    fig = plotting.plot_reliability({"m": (np.array([0.6, 0.0]), np.array([1, 0]))}, n_bins=5)
    np.testing.assert_allclose(fig.axes[0].get_lines()[1].get_xdata(), [0.0, 0.6])


def test_reliability_several_curves_get_their_own_colours() -> None:
    rng = np.random.default_rng(1)
    confidence = rng.uniform(0.3, 1.0, 200)
    curves = {"a": (confidence, rng.random(200) < confidence), "b": (confidence**0.5, rng.random(200) < confidence)}
    fig = plotting.plot_reliability(curves)
    lines = fig.axes[0].get_lines()[1:]
    assert [line.get_label() for line in lines] == ["a", "b"]
    assert lines[0].get_color() != lines[1].get_color()


@pytest.mark.parametrize(
    ("curves", "n_bins", "error", "message"),
    [
        ({}, 10, ValueError, "at least one name"),
        ({"m": (np.array([0.5]), np.array([1]))}, 0, ValueError, "positive integer"),
        ({"m": (np.array([0.5]), np.array([1]))}, 2.5, TypeError, "positive integer"),
        ({"m": np.array([0.5, 1])}, 10, ValueError, "a pair"),
        ({"m": (np.array([0.5, 0.6]), np.array([1]))}, 10, ValueError, "as many correctness flags"),
        ({"m": (np.array([]), np.array([]))}, 10, ValueError, "at least one"),
        ({"m": (np.array([1.5]), np.array([1]))}, 10, ValueError, r"probabilities in \[0, 1\]"),
        ({"m": (np.array([np.nan]), np.array([1]))}, 10, ValueError, r"probabilities in \[0, 1\]"),
        ({"m": (np.array([0.5]), np.array([0.7]))}, 10, ValueError, "True/False"),
    ],
)
def test_reliability_refuses_bad_input(curves, n_bins, error, message) -> None:
    with pytest.raises(error, match=message):
        plotting.plot_reliability(curves, n_bins=n_bins)
