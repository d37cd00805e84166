"""course_lib.run (the notebook runner) and course_lib.colab (the shared setup cell)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
import types
from pathlib import Path

import nbformat
import pytest
from packaging.requirements import Requirement

from course_lib import colab, run
from course_lib.config import repo_root

COLAB_RUNTIME = repo_root() / ".ci" / "colab-runtime.txt"


def colab_versions() -> dict[str, str]:
    """What Colab preinstalls, from the one file that records it (with the date it was checked)."""
    pins = {}
    for line in COLAB_RUNTIME.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            pins[requirement.name.lower()] = str(requirement.specifier).removeprefix("==")
    return pins


def make_notebook(path: Path, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(nb, path)
    return path


# ------------------------------------------------------------------------------------ runner


def test_runner_times_passes_fails_and_collects_metrics(tmp_path) -> None:
    good = make_notebook(tmp_path / "01_good.ipynb", "import course_lib", "course_lib.report(score=0.5)")
    bad = make_notebook(tmp_path / "02_bad.ipynb", "assert 1 == 2, 'learning did not happen'")
    ok = run.run_notebook(good, "fast", timeout=120, out_dir=tmp_path / "out")
    failed = run.run_notebook(bad, "fast", timeout=120, out_dir=tmp_path / "out")
    assert ok.passed and ok.metrics == {"score": 0.5} and ok.seconds > 0
    assert not failed.passed and "AssertionError" in failed.error
    written = nbformat.read(tmp_path / "out" / "01_good.ipynb", as_version=4)
    assert written.metadata["language_info"] == {"name": "python"}
    assert all("execution" not in c.metadata for c in written.cells)
    table = run.format_table([ok, failed])
    assert "| 01_good | fast |" in table and "FAILED" in table
    saved = run.save_results([ok, failed], "fast", tmp_path / "fast.json")
    data = json.loads(saved.read_text())
    assert data["01_good"]["metrics"] == {"score": 0.5} and data["02_bad"]["passed"] is False


def test_runner_passes_the_mode_to_the_kernel(tmp_path) -> None:
    nb = make_notebook(
        tmp_path / "01_mode.ipynb", "import course_lib\ncourse_lib.report(fast=float(course_lib.is_fast()))"
    )
    assert run.run_notebook(nb, "full", timeout=120, out_dir=tmp_path).metrics == {"fast": 0.0}
    assert run.run_notebook(nb, "fast", timeout=120, out_dir=tmp_path).metrics == {"fast": 1.0}


def test_runner_bad_input(tmp_path) -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        run.run_notebook(tmp_path / "x.ipynb", "slow")
    with pytest.raises(FileNotFoundError, match="no notebook"):
        run.run_notebook(tmp_path / "missing.ipynb", "fast")


def test_readme_table_from_results(tmp_path) -> None:
    (tmp_path / "notebooks").mkdir()
    make_notebook(tmp_path / "notebooks" / "01_a.ipynb", "1")
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "fast.json").write_text(
        json.dumps({"01_a": {"seconds": 12.0, "passed": True, "metrics": {}}})
    )
    (tmp_path / "results" / "full.json").write_text(
        json.dumps({"01_a": {"seconds": 80.0, "passed": True, "metrics": {"test_accuracy": 0.991}}})
    )
    (tmp_path / "README.md").write_text(f"intro\n{run.README_START}\nold\n{run.README_END}\nend\n")
    run.update_readme(tmp_path)
    text = (tmp_path / "README.md").read_text()
    assert "| [01_a](notebooks/01_a.ipynb) | 12 s | 80 s | test_accuracy 0.991 |" in text
    assert "old" not in text and text.startswith("intro") and text.endswith("end\n")
    (tmp_path / "README.md").write_text("no markers")
    with pytest.raises(ValueError, match="must contain"):
        run.update_readme(tmp_path)


def test_readme_table_is_current() -> None:
    """The README shows the figures in results/*.json (refresh with --readme)."""
    root = repo_root()
    readme = (root / "README.md").read_text()
    assert run.readme_table(root) in readme


# ------------------------------------------------------------------------------------ colab


def test_dependency_ranges_accept_colabs_preinstalled_versions() -> None:
    project = tomllib.loads((repo_root() / "pyproject.toml").read_text())["project"]
    requirements = {Requirement(r).name: Requirement(r) for r in project["dependencies"]}
    preinstalled = colab_versions()
    assert {"tensorflow", "keras", "numpy"} <= set(requirements) & set(preinstalled)
    for name, requirement in requirements.items():
        if name in preinstalled:  # others are not on Colab: the setup cell installs them
            assert requirement.specifier.contains(preinstalled[name]), (
                f"{requirement} rejects Colab's {name} {preinstalled[name]} (.ci/colab-runtime.txt)"
            )


def test_requirements_pin_exact_versions_within_the_ranges() -> None:
    project = tomllib.loads((repo_root() / "pyproject.toml").read_text())["project"]
    ranges = {Requirement(r).name: Requirement(r) for r in project["dependencies"]}
    pins = {}
    for line in (repo_root() / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            requirement = Requirement(line)
            assert str(requirement.specifier).startswith("=="), f"{line} is not pinned exactly"
            pins[requirement.name.lower()] = str(requirement.specifier)[2:]
    for name, requirement in ranges.items():
        assert requirement.specifier.contains(pins[name]), (
            f"requirements.txt pins {name} {pins[name]} outside {requirement}"
        )


def run_bootstrap(monkeypatch, tmp_path, exists: bool) -> list[list[str]]:
    calls: list[list[str]] = []
    fake_colab = types.ModuleType("google.colab")
    monkeypatch.setitem(sys.modules, "google.colab", fake_colab)
    monkeypatch.setattr(subprocess, "run", lambda cmd, check: calls.append(cmd))
    monkeypatch.setattr(os.path, "isdir", lambda p: exists)
    chdirs: list[str] = []
    monkeypatch.setattr(os, "chdir", chdirs.append)
    monkeypatch.setattr(sys, "path", list(sys.path))
    exec(colab.BOOTSTRAP, {})
    assert chdirs == [f"{colab.COLAB_DIR}/notebooks"] and sys.path[0] == colab.COLAB_DIR
    return calls


def test_bootstrap_on_colab_clones_this_version_and_keeps_tensorflow(monkeypatch, tmp_path) -> None:
    calls = run_bootstrap(monkeypatch, tmp_path, exists=False)
    clone, install = calls
    assert clone[:2] == ["git", "clone"] and f"https://github.com/{colab.GITHUB_REPO}" in clone
    assert clone[clone.index("--branch") + 1] == colab.REF and clone[-1] == colab.COLAB_DIR
    assert install[1:5] == ["-m", "pip", "install", "--quiet"] and install[-2:] == ["-e", colab.COLAB_DIR]
    assert not any("tensorflow" in part or "keras" in part for part in install)


def test_bootstrap_rerun_does_not_clone_again(monkeypatch, tmp_path) -> None:
    assert run_bootstrap(monkeypatch, tmp_path, exists=True) == []


def test_bootstrap_does_nothing_outside_colab(monkeypatch) -> None:
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(subprocess, "run", lambda *a, **k: pytest.fail("must not run commands outside Colab"))
    exec(colab.BOOTSTRAP, {})


@pytest.mark.skipif(shutil.which("git") is None or not (repo_root() / ".git").exists(), reason="needs a git clone")
def test_bootstrap_steps_work_on_a_real_clone(tmp_path) -> None:
    """The clone + editable install the cell performs, against this repository: data comes along
    and pip has nothing to install but course_lib itself (TensorFlow stays as it is)."""
    dest = tmp_path / "course"
    subprocess.run(["git", "clone", "--quiet", "--depth", "1", f"file://{repo_root()}", str(dest)], check=True)
    assert (dest / "data" / "SHA256SUMS").is_file() and (dest / "course_lib").is_dir()
    out = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-", "-e", str(dest)],
        capture_output=True,
        text=True,
    )
    if out.returncode != 0 and "network" in out.stderr.lower():
        pytest.skip("no package index reachable for the build backend")
    assert out.returncode == 0, out.stderr[-2000:]
    would_install = [item["metadata"]["name"] for item in json.loads(out.stdout)["install"]]
    assert would_install == ["course-lib"], f"the setup cell would also install {would_install}"


def test_badge_helpers() -> None:
    assert colab.badge_url("03_cnn.ipynb") == (
        f"https://colab.research.google.com/github/{colab.GITHUB_REPO}/blob/main/notebooks/03_cnn.ipynb"
    )
    assert colab.github_url("03_cnn.ipynb") in colab.badge_markdown("03_cnn.ipynb")
    with pytest.raises(ValueError, match="notebook file name"):
        colab.badge_url("notebooks/03_cnn.ipynb")
    cell = colab.setup_cell("import numpy as np")
    assert cell.startswith(colab.BOOTSTRAP) and cell.endswith(
        "import course_lib\n\ncfg = course_lib.setup()\n\nimport numpy as np"
    )


def _lessons_table(readme: str) -> list[str]:
    """The rows of README's hand-written table under '## The lessons' (not the runner's table)."""
    section = readme.split("## The lessons", 1)[1].split(run.README_START, 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and "](notebooks/" in line]


def test_readme_lists_every_lesson_with_its_colab_link() -> None:
    rows = _lessons_table((repo_root() / "README.md").read_text())
    where = "README.md's hand-written table under '## The lessons'"
    for path in run.discover():
        row = next((line for line in rows if f"](notebooks/{path.name})" in line), None)
        assert row is not None, (
            f"{where} has no row for {path.name}: add one (number, title link, what you will learn, data, Colab link)"
        )
        assert f"]({colab.badge_url(path.name)})" in row, (
            f"{where}: the Colab link of {path.name} is missing or wrong; it must be {colab.badge_url(path.name)}"
        )
    assert len(rows) == len(run.discover()), f"{where} has {len(rows)} rows for {len(run.discover())} lessons"


NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
]


def test_readme_first_paragraph_counts_the_lessons() -> None:
    readme = (repo_root() / "README.md").read_text()
    intro = readme.split("\n\n", 2)[1].lower()
    n = len(run.discover())
    word = NUMBER_WORDS[n] if n < len(NUMBER_WORDS) else str(n)
    assert f"{word} ordered jupyter notebooks" in " ".join(intro.split()), (
        f"README.md's first paragraph must say '{word.capitalize()} ordered Jupyter notebooks' ({n} lessons)"
    )


def test_runner_leaves_tracked_results_alone_unless_asked(monkeypatch, tmp_path) -> None:
    tracked = repo_root() / "results" / "fast.json"
    before = tracked.read_bytes() if tracked.is_file() else None
    monkeypatch.setenv("COURSE_RUN_DIR", str(tmp_path))
    monkeypatch.setattr(run, "run_notebook", lambda path, mode, *a, **k: run.Result(path.stem, mode, 1.0, True))
    assert run.main(["--mode", "fast", str(run.discover()[0])]) == 0
    assert (tracked.read_bytes() if tracked.is_file() else None) == before, "a learner's run rewrote results/fast.json"
    saved = json.loads((tmp_path / "results" / "fast.json").read_text())
    assert list(saved) == [run.discover()[0].stem]


def test_colab_helpers_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="notebook file name"):
        colab.badge_url(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="extra_imports must be"):
        colab.setup_cell(None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mode must be one of"):
        run.run_notebook("notebooks/01_perceptron.ipynb", "quick")
    with pytest.raises(FileNotFoundError, match="no notebook at"):
        run.run_notebook("notebooks/99_missing.ipynb", "fast")


def test_runner_kernel_prints_no_warning_to_ignore(tmp_path, capfd) -> None:
    """The runner's kernels talk over IPC sockets: no 'running over TCP without encryption' warning."""
    path = make_notebook(tmp_path / "01_tiny.ipynb", "print(6 * 7)")
    result = run.run_notebook(path, "fast", out_dir=tmp_path / "out")
    captured = capfd.readouterr()
    assert result.passed, result.error
    assert "WARNING" not in captured.err and "without encryption" not in captured.err, captured.err
    assert nbformat.read(tmp_path / "out" / "01_tiny.ipynb", as_version=4).cells[0].outputs[0].text == "42\n"


def test_runner_saves_after_each_notebook(monkeypatch, tmp_path) -> None:
    """A later lesson of the same run reads an earlier one's fresh results (full_result in lesson 05)."""
    monkeypatch.setenv("COURSE_RUN_DIR", str(tmp_path))
    seen_before = []

    def fake(path, mode, *a, **k):
        file = tmp_path / "results" / "fast.json"
        seen_before.append(sorted(json.loads(file.read_text())) if file.is_file() else [])
        return run.Result(path.stem, mode, 1.0, True)

    monkeypatch.setattr(run, "run_notebook", fake)
    first, second = run.discover()[:2]
    assert run.main(["--mode", "fast", str(first), str(second)]) == 0
    assert seen_before == [[], [first.stem]], "the first lesson's result was not saved before the second ran"
