"""course_lib.plotting.plot_image_rows (added in lesson 07): labelled rows, bad input refused."""

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


def test_one_row_per_batch_with_its_name() -> None:
    rng = np.random.default_rng(0)
    rows = {"original": rng.random((5, 28, 28)), "reconstructed": rng.random((5, 28, 28, 1))}
    fig = plotting.plot_image_rows(rows, title="demo")
    assert fig._suptitle.get_text() == "demo"
    assert len(fig.axes) == 10
    assert [ax.get_ylabel() for ax in fig.axes[::5]] == ["original", "reconstructed"]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        plotting.plot_image_rows({})
    with pytest.raises(ValueError, match="same number"):
        plotting.plot_image_rows({"a": np.zeros((3, 4, 4)), "b": np.zeros((2, 4, 4))})
    with pytest.raises(ValueError, match="grayscale"):
        plotting.plot_image_rows({"a": np.zeros((3, 4))})


def test_rows_share_one_grey_scale() -> None:
    rows = {"in [0, 1]": np.full((2, 4, 4), 0.5), "below 0": np.full((2, 4, 4), -0.2)}
    fig = plotting.plot_image_rows(rows)
    limits = {image.get_clim() for ax in fig.axes for image in ax.get_images()}
    assert limits == {(-0.2, 1.0)}  # one scale, widened for the row that leaves [0, 1]
    plt.close(fig)
    fig = plotting.plot_image_rows({"a": np.full((2, 4, 4), 0.2), "b": np.full((2, 4, 4), 0.9)})
    assert {image.get_clim() for ax in fig.axes for image in ax.get_images()} == {(0.0, 1.0)}
    plt.close(fig)
