"""Sphinx configuration of the course website; website/build.py generates the sources it reads."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from course_lib.colab import GITHUB_REPO, REF  # noqa: E402

project = "Deep learning, one notebook at a time"
html_title = project
author = "the course's contributors"
copyright = "the course's contributors; code MIT"

extensions = [
    "myst_nb",  # notebooks and Markdown pages
    "sphinx-mathjax-offline",  # MathJax 3 from the wheel, copied into _static/mathjax: no CDN
]
nb_execution_mode = "off"  # show the committed full-mode outputs; never re-run a lesson
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
# A non-empty MathJax 3 configuration (sphinx-mathjax-offline ships MathJax 3.2, not Sphinx 9's 4),
# so myst adds its math classes there.
mathjax3_config = {"chtml": {"displayAlign": "center"}}
suppress_warnings = ["myst.header"]  # lessons go from H1 to H3 in places

html_theme = "sphinx_book_theme"
html_static_path = ["_static"]
html_favicon = "_static/favicon.svg"  # else every browser asks for /favicon.ico and logs a 404
html_theme_options = {
    "repository_url": f"https://github.com/{GITHUB_REPO}",
    "repository_branch": REF,
    "path_to_docs": "",
    "use_repository_button": True,  # GitHub, on every page
    "launch_buttons": {"colab_url": "https://colab.research.google.com"},  # Colab, on each lesson
    "use_download_button": True,
    "show_toc_level": 2,
    "navigation_with_keys": False,
}
html_show_sourcelink = False
# Light or dark by the reader's system setting. Unset, a first visit logs "invalid theme mode".
html_context = {"default_mode": "auto"}
html_last_updated_fmt = None
