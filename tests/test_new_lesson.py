"""CONTRIBUTING.md's "Adding a lesson, step by step", followed to the letter on a scratch copy.

The test writes the smallest lesson that obeys the guide (the next free number), does each step
the guide lists, and runs the checks that look at lessons in the copy. If the guide misses a step
that a test needs, this fails; if a test looks at lessons 01-07 only, the new lesson goes
unchecked and the test of that check (below) fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib import colab, run
from course_lib.config import repo_root

IGNORE = shutil.ignore_patterns(".git", ".venv*", "runs", "__pycache__", "*.egg-info", ".pytest_cache", "build")
NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()


def _steps_of_the_guide(root: Path) -> str:
    """Do what CONTRIBUTING.md's numbered steps say, in ``root``; return the new notebook's name."""
    n = len(run.discover(root / "notebooks")) + 1  # step 1: the next free number
    name = f"{n:02d}_scratch.ipynb"
    nid = f"{n:02d}"

    # Step 2: the notebook in the lesson's shape.
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    nb.cells = [
        md(
            f"# {nid} · A scratch lesson\n\nAdd three numbers.\n\n{colab.badge_markdown(name)}\n\n"
            "**In this lesson**\n\n- adding\n\n"
            "Runs in ~10 s (fast mode, 2-core CPU) · ~10 s full mode on CPU · ~10 s on a GPU (estimate)"
        ),
        code(colab.setup_cell("import numpy as np\nfrom course_lib import check")),
        code("x = np.arange(3)\nassert x.sum() == 3\nassert len(x) == 3\nassert x.max() == 2"),
        md("## Results"),
        code("course_lib.report(total=float(x.sum()))"),
        md(f"### Exercise {nid}.1 · Double it"),
        code(f'def double(x):\n    ...  # your code here\n\n\ncheck.exercise("{nid}.1", double)'),
        md(f"### Exercise {nid}.2 · Add one"),
        code(f'def add_one(x):\n    ...  # your code here\n\n\ncheck.exercise("{nid}.2", add_one)'),
        md(f"### Exercise {nid}.3 · Predict, then run"),
        code(f'check.predict("{nid}.3", ...)  # "a", "b" or "c"'),
        code(f'check.reveal("{nid}.3", "a" if x.sum() == 3 else "b")'),
        md("## Summary\n\n- Numbers add.\n- Arrays add faster.\n- Tests check both."),
        md(
            "## Further reading\n\n- A book about adding.\n- A paper about adding.\n\n"
            f'**Solutions.** Tried an exercise? `check.solution("{nid}.1")` prints a worked solution.'
        ),
    ]
    nbformat.write(nb, root / "notebooks" / name)

    # Step 3: the exercise module, registered with check.register.
    (root / "course_lib" / "exercises" / f"lesson_{nid}.py").write_text(
        f'"""Exercises of the scratch lesson {nid}."""\n\n'
        "from __future__ import annotations\n\nimport numpy as np\n\n"
        "from ..check import check_function, register, register_prediction\n\n"
        "CASES = [(np.arange(3.0),), (np.ones((2, 2)),)]\n\n\n"
        f'@register("{nid}.1", reference=lambda x: 2 * x, kind="code", right=[lambda x: x + x],\n'
        '          wrongs=[lambda x: x, lambda x: x * x], solution="return 2 * x")\n'
        "def _check_1(function):\n"
        '    return check_function(function, lambda x: 2 * x, CASES, variants={"you returned x": lambda x: x})\n\n\n'
        f'@register("{nid}.2", reference=lambda x: x + 1, kind="code", right=[lambda x: 1 + x],\n'
        '          wrongs=[lambda x: x, lambda x: x - 1], solution="return x + 1")\n'
        "def _check_2(function):\n"
        '    return check_function(function, lambda x: x + 1, CASES, variants={"subtract? add one": lambda x: x - 1})\n\n\n'
        f'register_prediction("{nid}.3", {{"a": "three", "b": "two", "c": "four"}}, "a", "0 + 1 + 2 = 3")\n'
    )

    # Step 4: README's hand-written lesson table and the lesson count in its first paragraph.
    readme = root / "README.md"
    text = readme.read_text()
    rows = [line for line in text.split("## The lessons", 1)[1].splitlines() if line.startswith(f"| {n - 1:02d} |")]
    assert rows, "README.md's lesson table has no row for the previous lesson"
    new_row = f"| {nid} | [A scratch lesson](notebooks/{name}) | adding | none | [open]({colab.badge_url(name)}) |"
    text = text.replace(rows[0], rows[0] + "\n" + new_row, 1)
    old_word, new_word = NUMBER_WORDS[n - 1].capitalize(), NUMBER_WORDS[n].capitalize()
    assert f"{old_word} ordered Jupyter notebooks" in text
    readme.write_text(text.replace(f"{old_word} ordered Jupyter notebooks", f"{new_word} ordered Jupyter notebooks", 1))
    return name


def _python(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root), "COURSE_RUN_DIR": str(root / "runs")}
    env.pop("COURSE_MODE", None)
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(repo_root(), root, ignore=IGNORE)
    name = _steps_of_the_guide(root)
    # Step 5: full-mode outputs written back, then the fast column; both with --readme.
    for mode in ("full", "fast"):
        flags = ["--inplace"] if mode == "full" else []
        out = _python(root, "-m", "course_lib.run", "--mode", mode, *flags, "--readme", f"notebooks/{name}")
        assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]
    return root, name


def test_a_lesson_added_by_the_guide_passes_the_lesson_checks(scratch: tuple[Path, str]) -> None:
    root, name = scratch
    assert f"[{Path(name).stem}](notebooks/{name})" in (root / "README.md").read_text(), (
        "the runner's table has the lesson"
    )
    out = _python(
        root,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-x",
        "tests/test_notebook_hygiene.py",
        "tests/test_exercises_all.py",
        "tests/test_docstrings.py",
        "tests/test_runner_and_colab.py",
        "-k",
        "not bootstrap_steps_work_on_a_real_clone",
    )
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-1000:]
    assert re.search(r"test_notebook_hygiene\.py", out.stdout) or " passed" in out.stdout


def test_the_lesson_checks_see_the_new_lesson(scratch: tuple[Path, str]) -> None:
    """Control: break one guide step in the copy and the checks must fail on the new lesson."""
    root, name = scratch
    nb_path = root / "notebooks" / name
    original = nb_path.read_text()
    nb = nbformat.reads(original, as_version=4)
    nb.cells = [c for c in nb.cells if "## Summary" not in c.source]
    nbformat.write(nb, nb_path)
    try:
        out = _python(
            root,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_notebook_hygiene.py",
            "-k",
            "has_checks_exercises_summary_reading",
        )
        assert out.returncode != 0 and Path(name).stem in out.stdout, out.stdout[-2000:]
    finally:
        nb_path.write_text(original)
