"""Run the lessons in order and measure them: ``python -m course_lib.run --mode fast``.

For each notebook it starts a fresh kernel, executes every cell with ``COURSE_MODE`` set, and
records wall seconds (kernel start included), passed or failed, and the headline metrics the
notebook reported with :func:`course_lib.report`. It prints a table, saves it (after each notebook,
so a later lesson's :func:`course_lib.full_result` reads an earlier one of the same run) as JSON in the
ignored run folder (``runs/results/<mode>.json``) and writes the executed copies
(``runs/executed/<mode>/``, or back into ``notebooks/`` with ``--inplace``). Only with
``--readme``, a maintainer's request, does it write the tracked ``results/<mode>.json`` and
refresh the lesson table in README.md: a learner's run never changes a tracked file.

Introduced in lesson 01 (used by maintainers, not by the lessons themselves).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .config import MODE_ENV, MODES, repo_root
from .reporting import METRICS_ENV

if TYPE_CHECKING:  # pragma: no cover
    import nbformat

README_START = "<!-- lesson-table:start -->"
README_END = "<!-- lesson-table:end -->"


@dataclass
class Result:
    """One notebook's run: name, mode, wall seconds, pass/fail, error and reported metrics."""

    notebook: str
    mode: str
    seconds: float
    passed: bool
    error: str = ""
    metrics: dict[str, float] = field(default_factory=dict)


def discover(folder: Path | None = None) -> list[Path]:
    """The lesson notebooks in order (``NN_name.ipynb``).

    Example:
        >>> [p.name for p in discover()][:1]
        ['01_perceptron.ipynb']
    """
    folder = repo_root() / "notebooks" if folder is None else folder
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def run_notebook(
    path: Path | str, mode: str, timeout: int = 3600, inplace: bool = False, out_dir: Path | None = None
) -> Result:
    """Execute one notebook in a fresh kernel in ``mode`` and return its :class:`Result`.

    Example:
        >>> result = run_notebook(Path("notebooks/01_perceptron.ipynb"), "fast")  # doctest: +SKIP
    """
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no notebook at {path}")
    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        metrics_file = Path(tmp) / "metrics.json"
        saved = {k: os.environ.get(k) for k in (MODE_ENV, METRICS_ENV)}
        os.environ[MODE_ENV] = mode
        os.environ[METRICS_ENV] = str(metrics_file)
        # IPC sockets in the temporary folder: the kernel is not reachable over the network, and
        # ipykernel has no "running over TCP without encryption" warning to print.
        km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(tmp) / "kernel"))
        client = NotebookClient(nb, km=km, timeout=timeout, resources={"metadata": {"path": str(path.parent)}})
        start = time.perf_counter()
        error = ""
        try:
            client.execute()
        except Exception as exc:  # CellExecutionError, timeouts, dead kernels
            error = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else ''}"
        finally:
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        seconds = time.perf_counter() - start
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        metrics = json.loads(metrics_file.read_text()) if metrics_file.is_file() else {}
    tidy(nb)
    target = path if inplace else (out_dir or repo_root() / "runs" / "executed" / mode) / path.name
    if not error or not inplace:
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    return Result(path.stem, mode, round(seconds, 1), not error, error, metrics)


def tidy(nb: "nbformat.NotebookNode") -> None:
    """Keep a notebook's metadata minimal: kernelspec, ``language_info`` name, Colab settings;
    drop per-cell execution timings (they change on every run and mean nothing to a learner).

    Example:
        >>> import nbformat
        >>> nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python", "version": "3.11.7"}})
        >>> tidy(nb); nb.metadata
        {'language_info': {'name': 'python'}}
    """
    keep = {"kernelspec", "colab", "accelerator"}
    language = nb.metadata.get("language_info", {}).get("name", "python")
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in keep}
    nb.metadata["language_info"] = {"name": language}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def format_table(results: list[Result]) -> str:
    """A markdown table of results: notebook, mode, seconds, status, metrics.

    Example:
        >>> print(format_table([Result("01_perceptron", "fast", 12.3, True)]))  # doctest: +SKIP
    """
    lines = ["| notebook | mode | wall s | status | headline metrics |", "|---|---|---:|---|---|"]
    for r in results:
        shown = ", ".join(f"{k} {v:.4g}" for k, v in r.metrics.items()) or "-"
        status = "passed" if r.passed else f"FAILED ({r.error[:80]})"
        lines.append(f"| {r.notebook} | {r.mode} | {r.seconds:.0f} | {status} | {shown} |")
    return "\n".join(lines)


def save_results(results: list[Result], mode: str, path: Path | None = None) -> Path:
    """Merge results into ``results/<mode>.json`` (keyed by notebook) and return its path.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp()) / "fast.json"
        >>> save_results([Result("01_perceptron", "fast", 12.0, True)], "fast", out).name
        'fast.json'
    """
    path = repo_root() / "results" / f"{mode}.json" if path is None else path
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(path.read_text()) if path.is_file() else {}
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    for r in results:
        data[r.notebook] = {**asdict(r), "machine": machine, "date": time.strftime("%Y-%m-%d")}
    path.write_text(json.dumps(dict(sorted(data.items())), indent=2) + "\n")
    return path


def readme_table(root: Path | None = None) -> str:
    """The README's lesson table, built from ``results/fast.json`` and ``results/full.json``.

    Example:
        >>> readme_table().splitlines()[0]
        '| lesson | fast mode (CI) | full mode (CPU) | full-mode headline metrics |'
    """
    root = repo_root() if root is None else root
    tables = {}
    for mode in MODES:
        path = root / "results" / f"{mode}.json"
        tables[mode] = json.loads(path.read_text()) if path.is_file() else {}
    lines = ["| lesson | fast mode (CI) | full mode (CPU) | full-mode headline metrics |", "|---|---:|---:|---|"]
    for nb in discover(root / "notebooks"):
        fast, full = tables["fast"].get(nb.stem), tables["full"].get(nb.stem)
        cell = lambda r: "-" if r is None else f"{r['seconds']:.0f} s" + ("" if r["passed"] else " (failed)")  # noqa: E731
        shown = ", ".join(f"{k} {v:.4g}" for k, v in (full or {}).get("metrics", {}).items()) or "-"
        link = f"[{nb.stem}](notebooks/{nb.name})"
        lines.append(f"| {link} | {cell(fast)} | {cell(full)} | {shown} |")
    return "\n".join(lines)


def update_readme(root: Path | None = None) -> None:
    """Replace the text between the lesson-table markers in README.md with :func:`readme_table`.

    Example:
        >>> update_readme()  # doctest: +SKIP
    """
    root = repo_root() if root is None else root
    readme = root / "README.md"
    text = readme.read_text()
    if README_START not in text or README_END not in text:
        raise ValueError(f"README.md must contain {README_START} and {README_END}")
    pattern = re.compile(re.escape(README_START) + ".*?" + re.escape(README_END), re.S)
    new = f"{README_START}\n{readme_table(root)}\n{README_END}"
    readme.write_text(pattern.sub(lambda _: new, text))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m course_lib.run [--mode fast|full] [--inplace] [--readme] [NB ...]``.

    Example:
        >>> main(["--mode", "fast", "notebooks/01_perceptron.ipynb"])  # doctest: +SKIP
        0
    """
    parser = argparse.ArgumentParser(prog="python -m course_lib.run", description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all, in order)")
    parser.add_argument("--mode", choices=MODES, default="fast")
    parser.add_argument("--inplace", action="store_true", help="write executed notebooks back (full-mode commits)")
    parser.add_argument(
        "--readme",
        action="store_true",
        help="maintainers: save to the tracked results/<mode>.json and refresh README.md's lesson table "
        "(default: save to runs/results/<mode>.json only)",
    )
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell")
    args = parser.parse_args(argv)
    from tqdm.auto import tqdm

    from .config import run_dir

    paths = args.notebooks or discover()
    target = None if args.readme else run_dir("results") / f"{args.mode}.json"
    results: list[Result] = []
    saved = target
    bar = tqdm(paths, unit="notebook", file=sys.stderr)
    for path in bar:
        bar.set_description(path.stem)
        results.append(run_notebook(path, args.mode, args.timeout, args.inplace))
        # Saved after each lesson, not only at the end: a later lesson of the same run that quotes an
        # earlier one with full_result() reads the fresh figure, and an interrupted run keeps its results.
        saved = save_results(results[-1:], args.mode, target)
        if args.readme:
            update_readme()
    print(format_table(results))
    if saved is not None:
        print(f"saved {saved.relative_to(repo_root()) if saved.is_relative_to(repo_root()) else saved}")
    return 0 if all(r.passed for r in results) else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
