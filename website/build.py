"""Build the course website: `make site` (or `python website/build.py`).

Static HTML from the committed notebooks, as they are (their full-mode outputs; nothing is
re-executed), with Sphinx + myst-nb + sphinx-book-theme. Every page works offline: MathJax comes
from the `sphinx-mathjax-offline` package, the theme's fonts and icons from its own wheel.

The sources are generated, never edited by hand, under build/site/src/:
  index.md      README.md, its links to notebooks kept as page links, other relative links sent
                to the file on GitHub, and a hidden table of contents (the sidebar) listing
                the lessons in order, from course_lib.run.discover(): a new lesson appears by itself;
  notebooks/    a copy of each lesson, its badge images swapped for local copies;
  badges/       those local badge images (website/badges/).
The configuration is website/conf.py. The site lands in build/site/html/ (ignored by git).
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from course_lib.colab import GITHUB_REPO, REF  # noqa: E402
from course_lib.run import discover  # noqa: E402

BUILD = ROOT / "build" / "site"
SRC, HTML, DOCTREES = BUILD / "src", BUILD / "html", BUILD / "doctrees"

# The notebooks' badge row (course_lib.colab.badge_markdown) points at images on other hosts;
# the site shows local copies so that a page needs nothing from another host.
BADGE_IMAGES = {
    r"https://colab\.research\.google\.com/assets/colab-badge\.svg": "../badges/open-in-colab.svg",
    r"https://img\.shields\.io/badge/view%20on-GitHub[^)\s]*": "../badges/view-on-github.svg",
}
LINK = re.compile(r"(\]\()([^)\s#]+)(#[^)\s]*)?(\))")  # ](target#anchor)
IMAGES = (".png", ".svg", ".jpg", ".jpeg", ".gif")  # left to Sphinx, which fails on a missing one


def _write(path: Path, text: str) -> None:
    """Write only when the text changed, so that Sphinx's incremental build stays incremental."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)


def relink(text: str, folder: str, lessons: list[str]) -> str:
    """Keep links to lessons (site pages) and to other hosts; send other relative links, written
    from `folder` of the repository, to the file on GitHub (the site holds no copy of it)."""
    pages = {f"notebooks/{name}" for name in lessons}

    def one(m: re.Match) -> str:
        target = m.group(2)
        path = posixpath.normpath(posixpath.join(folder, target))
        if re.match(r"^[a-z]+:", target) or path in pages or target.endswith(IMAGES):
            return m.group(0)
        return f"{m.group(1)}https://github.com/{GITHUB_REPO}/blob/{REF}/{path}{m.group(3) or ''}{m.group(4)}"

    return LINK.sub(one, text)


def home_page(lessons: list[str]) -> str:
    """README.md as the home page, with the lessons in a hidden toctree (the sidebar)."""
    text = relink((ROOT / "README.md").read_text(), ".", lessons)
    toc = "\n".join(f"notebooks/{Path(name).stem}" for name in lessons)
    return f"{text}\n\n```{{toctree}}\n:hidden:\n:caption: Lessons\n\n{toc}\n```\n"


def lesson(path: Path, lessons: list[str]) -> str:
    """The notebook's JSON, its markdown cells' badge images made local and links made to work."""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            for pattern, local in BADGE_IMAGES.items():
                source = re.sub(pattern, local, source)
            cell["source"] = relink(source, "notebooks", lessons)
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def prepare() -> list[str]:
    """Generate build/site/src from README.md and the notebooks; return the lesson file names."""
    lessons = [p.name for p in discover()]
    if not lessons:
        raise SystemExit("no lesson notebooks found under notebooks/")
    for stale in (SRC / "notebooks").glob("*.ipynb") if (SRC / "notebooks").is_dir() else []:
        if stale.name not in lessons:
            stale.unlink()
    for path in discover():
        _write(SRC / "notebooks" / path.name, lesson(path, lessons))
    for badge in (HERE / "badges").glob("*.svg"):
        _write(SRC / "badges" / badge.name, badge.read_text())
    _write(SRC / "index.md", home_page(lessons))
    return lessons


def build(fresh: bool = False) -> Path:
    """Build the site into build/site/html and return that folder."""
    from sphinx.cmd.build import build_main

    start = time.perf_counter()
    lessons = prepare()
    args = ["-b", "html", "-c", str(HERE), "-d", str(DOCTREES), "-W", "--keep-going", "-q"]
    if fresh:
        args.append("-E")
    status = build_main([*args, str(SRC), str(HTML)])
    if status != 0:
        raise SystemExit(f"the site build failed (sphinx-build exit {status}): see the warnings above")
    for path in discover():  # the download button gives the lesson as committed, badges and all
        shutil.copyfile(path, HTML / "_sources" / "notebooks" / path.name)
    seconds = time.perf_counter() - start
    print(f"site: {len(lessons)} lessons + home page in {seconds:.1f} s -> {HTML.relative_to(ROOT)}/index.html")
    return HTML


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true", help="rebuild every page, not only the changed ones")
    args = parser.parse_args(argv)
    build(fresh=args.fresh)
    return 0


if __name__ == "__main__":
    sys.exit(main())
