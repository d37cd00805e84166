"""Static checks of every committed lesson: format, badges, setup cell, outputs, paths, checks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from course_lib import colab
from course_lib.run import discover

NOTEBOOKS = discover()
ALLOWED_METADATA = {"kernelspec", "language_info", "colab", "accelerator"}
MACHINE_PATH = re.compile(r"(/work/|/home/\w|/root/|/tmp/|/Users/\w|[A-Z]:\\\\|site-packages)")


def test_lessons_exist_in_order() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert names[:2] == ["01_perceptron.ipynb", "02_mlp.ipynb"], names
    numbers = [int(n[:2]) for n in names]
    assert numbers == list(range(1, len(numbers) + 1)), f"lessons must be numbered 01, 02, ... without gaps: {names}"


@pytest.fixture(params=NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def notebook(request: pytest.FixtureRequest) -> tuple[Path, nbformat.NotebookNode]:
    path = request.param
    nb = nbformat.read(path, as_version=4)
    return path, nb


def test_valid_nbformat(notebook) -> None:
    path, nb = notebook
    nbformat.validate(nb)


def test_title_badges_and_cost_line(notebook) -> None:
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    text = first.source
    assert text.startswith(f"# {path.name[:2]} · "), "first line must be '# NN · Title'"
    assert colab.badge_url(path.name) in text, "Open-in-Colab badge must point at this file"
    assert colab.github_url(path.name) in text, "view-on-GitHub link must point at this file"
    urls = re.findall(r"colab\.research\.google\.com/github/[^)\s]+", json.dumps(nb.dict()))
    assert all(u.endswith(path.name) for u in urls), f"a Colab URL points at another file: {urls}"
    assert re.search(r"fast mode", text) and re.search(r"full mode", text) and "GPU" in text, (
        "the first cell must state the cost in fast and full mode, on CPU and on a GPU"
    )


def test_setup_cell_is_the_shared_one(notebook) -> None:
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    src = code[0].source
    assert src.startswith(colab.BOOTSTRAP), "first code cell must start with course_lib.colab.BOOTSTRAP"
    assert "cfg = course_lib.setup()" in src, "the setup cell must call cfg = course_lib.setup()"
    lesson_imports = src.split("cfg = course_lib.setup()", 1)[1]
    assert src == colab.setup_cell(lesson_imports), (
        "the first code cell must be course_lib.colab.setup_cell(<the lesson's imports>): the bootstrap, "
        "`import course_lib`, `cfg = course_lib.setup()`, then the imports"
    )
    for cell in code[1:]:
        assert "pip install" not in cell.source and "course_lib.setup(" not in cell.source, (
            "installing and configuring belong in the setup cell only"
        )


def test_no_errors_and_outputs_committed(notebook) -> None:
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert any(c.outputs for c in code), "commit the outputs of a full-mode run"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"error output committed: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr" and "Traceback" in out.text)
    mode_lines = [o.text for c in code for o in c.outputs if o.output_type == "stream" and "mode:" in o.get("text", "")]
    assert any("mode: full" in t for t in mode_lines), "committed outputs must come from a full-mode run"


def test_no_machine_paths(notebook) -> None:
    path, nb = notebook
    for cell in nb.cells:
        blobs = [cell.source]
        for out in cell.get("outputs", []):
            blobs.append(out.get("text", ""))
            blobs.extend(v for k, v in out.get("data", {}).items() if k.startswith("text/"))
        for blob in blobs:
            blob = blob if isinstance(blob, str) else "".join(blob)
            assert not MACHINE_PATH.search(blob), (
                f"machine-specific path in {path.name}: {MACHINE_PATH.search(blob).group(0)}"
            )


def test_minimal_metadata_and_modest_size(notebook) -> None:
    path, nb = notebook
    assert set(nb.metadata) <= ALLOWED_METADATA, f"extra notebook metadata: {set(nb.metadata) - ALLOWED_METADATA}"
    assert path.stat().st_size < 3_000_000, f"{path.name} is {path.stat().st_size / 1e6:.1f} MB: shrink its figures"


def test_has_checks_exercises_summary_reading(notebook) -> None:
    path, nb = notebook
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown").lower()
    assert code.count("assert ") >= 3, "a lesson needs checks that can fail"
    assert f'exercise("{path.name[:2]}.' in code, "exercises must be checked with check.exercise"
    assert "## summary" in prose and "further reading" in prose
    assert "course_lib.report(" in code, "report the headline metrics for the runner"


def test_further_reading_has_two_to_four_entries_then_the_solutions_pointer(notebook) -> None:
    """CONTRIBUTING: 2-4 references, a line each; the lesson ends by saying how to see solutions."""
    path, nb = notebook
    last = next(c.source for c in reversed(nb.cells) if c.cell_type == "markdown")
    assert "## Further reading" in last, "the last markdown cell must hold '## Further reading'"
    reading = last.split("## Further reading", 1)[1]
    entries = [line for line in reading.splitlines() if line.startswith("- ")]
    assert 2 <= len(entries) <= 4, f"{path.name}: {len(entries)} further-reading entries, expected 2-4"
    assert 'check.solution("' in reading.split(entries[-1], 1)[1], (
        f"{path.name}: end with the pointer to check.solution(...) after the further reading"
    )


def test_one_way_to_show_figures_and_one_results_heading(notebook) -> None:
    """Every cell that draws a figure ends it with plt.show(); the reported metrics sit under '## Results'."""
    path, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code" and any("image/png" in out.get("data", {}) for out in cell.outputs):
            assert "plt.show()" in cell.source, (
                f"{path.name}: a figure cell must end with plt.show():\n{cell.source[:200]}"
            )
    heading = None
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = next((line for line in reversed(cell.source.splitlines()) if line.startswith("## ")), heading)
        elif "course_lib.report(" in cell.source:
            assert heading and re.fullmatch(r"## (\d+ · )?Results", heading), (
                f"{path.name}: course_lib.report(...) must be in the '## Results' section, found under {heading!r}"
            )
