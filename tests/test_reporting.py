"""course_lib.reporting.full_result: another lesson's figure, read from results/full.json."""

from __future__ import annotations

import json

import pytest

import course_lib
from course_lib.config import repo_root
from course_lib.reporting import full_result


@pytest.fixture
def results_file(tmp_path):
    path = tmp_path / "full.json"
    entry = {"seconds": 313.6, "passed": True, "metrics": {"val_bits": 1.997, "epochs": 3.0}}
    path.write_text(json.dumps({"04_rnn_lstm": entry}))
    return path


def test_reads_a_metric_and_the_seconds(results_file) -> None:
    assert full_result("04_rnn_lstm", "val_bits", path=results_file) == 1.997
    assert full_result("04_rnn_lstm", "seconds", path=results_file) == 313.6
    assert isinstance(full_result("04_rnn_lstm", "epochs", path=results_file), float)


def test_reads_the_committed_results() -> None:
    committed = json.loads((repo_root() / "results" / "full.json").read_text())
    entry = committed["04_rnn_lstm"]
    assert full_result("04_rnn_lstm", "char_train_seconds") == entry["metrics"]["char_train_seconds"]
    assert full_result("04_rnn_lstm", "seconds") == entry["seconds"]
    assert course_lib.full_result is full_result


def test_unknown_notebook_names_the_ones_that_exist(results_file) -> None:
    with pytest.raises(ValueError, match=r"'04_rnn'.*expected one of \['04_rnn_lstm'\]"):
        full_result("04_rnn", "val_bits", path=results_file)


def test_unknown_metric_names_the_ones_that_exist(results_file) -> None:
    with pytest.raises(ValueError, match=r"no metric 'bits'.*\['epochs', 'seconds', 'val_bits'\]"):
        full_result("04_rnn_lstm", "bits", path=results_file)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="no full-mode results"):
        full_result("04_rnn_lstm", "val_bits", path=tmp_path / "nothing.json")


def _full_result_cells():
    """(lesson, cell index, source, printed text) of every code cell that calls full_result."""
    from course_lib.run import discover

    for path in discover():
        nb = json.loads(path.read_text())
        for index, cell in enumerate(nb["cells"]):
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and "full_result(" in source:
                printed = "".join("".join(out.get("text", "")) for out in cell.get("outputs", []))
                yield path.stem, index, source, printed


def test_quoted_figures_equal_the_committed_full_run() -> None:
    """Each number a full_result cell printed is a figure of results/full.json at the printed precision,
    and each figure it reads is printed: a stale stored output (a 339.0 s for a 313.6 s run) fails."""
    import ast
    import re

    committed = json.loads((repo_root() / "results" / "full.json").read_text())
    cells = list(_full_result_cells())
    assert any(lesson == "05_transformer" for lesson, *_ in cells), "lesson 05 quotes lesson 04 with full_result"
    for lesson, index, source, printed in cells:
        strings = {
            n.value for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
        values = {}
        for name in strings & set(committed):
            figures = {**committed[name]["metrics"], "seconds": committed[name]["seconds"]}
            values |= {f"{name}.{metric}": float(figures[metric]) for metric in strings & set(figures)}
        assert values, f"{lesson} cell {index}: no figure of results/full.json named in the cell"
        numbers = [n for n in re.findall(r"(?<![\w.])\d+\.\d+", printed)]
        assert numbers, f"{lesson} cell {index} printed no figure: run it"

        def shown(value: float, text: str) -> bool:
            return f"{value:.{len(text.split('.')[1])}f}" == text

        for key, value in values.items():
            assert any(shown(value, n) for n in numbers), f"{lesson} cell {index}: {key} = {value} not in {printed!r}"
        for n in numbers:
            assert any(shown(v, n) for v in values.values()), f"{lesson} cell {index}: {n} is no figure of full.json"
