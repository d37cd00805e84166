"""The course website (`make site`): built once here, then every page opened in headless Chromium.

Checked on each page: no error in the browser console, every same-site link, stylesheet, script
and image answers 200 (and each `#anchor` exists), every image shows, the math is typeset by
MathJax (no raw `$$` or TeX left in the text, no MathJax error), nothing is loaded from another
host, and a lesson shows its Colab and GitHub links. A screenshot of each page is saved under
the run folder (`course_lib.run_dir("site_screenshots")`). Without Chromium the browser tests
skip and say how to install it; the build and the static checks run everywhere.
"""

from __future__ import annotations

import contextlib
import functools
import html
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import pytest
from _chromium import severe_console_entries, start_chromium

from course_lib.colab import badge_url, github_url
from course_lib.config import repo_root, run_dir
from course_lib.run import discover

WEBSITE_BUILD = repo_root() / "website" / "build.py"

# Every same-site URL a page refers to, absolute, with what refers to it.
COLLECT_URLS = """
const out = [];
for (const a of document.querySelectorAll('a[href]')) out.push(['link', a.href]);
for (const l of document.querySelectorAll('link[href]')) out.push(['link rel=' + l.rel, l.href]);
for (const s of document.querySelectorAll('script[src]')) out.push(['script', s.src]);
for (const i of document.querySelectorAll('img[src]')) out.push(['image', i.src]);
return out;
"""
BROKEN_IMAGES = "return [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src);"
# The page's text outside code, scripts and typeset math: where raw TeX would show if MathJax failed.
PROSE_TEXT = """
const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER', 'MJX-ASSISTIVE-MML']);
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
const parts = [];
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  let p = n.parentElement, hidden = false;
  for (; p; p = p.parentElement) if (skip.has(p.tagName)) { hidden = true; break; }
  if (!hidden) parts.push(n.textContent);
}
return parts.join(' ');
"""
WAIT_FOR_MATHJAX = """
const done = arguments[arguments.length - 1];
if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) { done('no mathjax'); return; }
MathJax.startup.promise.then(() => done('typeset'), (e) => done('error: ' + e));
"""
MATH_COUNTS = """
return {math: document.querySelectorAll('.math').length,
        typeset: document.querySelectorAll('mjx-container').length,
        errors: [...document.querySelectorAll('mjx-merror')].map(e => e.textContent)};
"""
RAW_TEX = re.compile(r"\$\$|\$[^$\n]{0,200}\\[A-Za-z]+[^$\n]{0,200}\$|\\\(|\\\[")


@pytest.fixture(scope="module")
def site() -> Path:
    """Build the site (incrementally: a second build in the same clone only redoes what changed)."""
    for package in ("sphinx", "myst_nb", "sphinx_book_theme"):
        pytest.importorskip(package, reason="the website's packages are missing: `pip install -r requirements.txt`")
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, str(WEBSITE_BUILD)], cwd=repo_root(), capture_output=True, text=True, timeout=900
    )
    assert out.returncode == 0, f"`make site` failed:\n{out.stdout[-3000:]}\n{out.stderr[-5000:]}"
    print(f"site built in {time.perf_counter() - start:.1f} s: {out.stdout.strip()}")
    return repo_root() / "build" / "site" / "html"


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("_"))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output readable
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """folder on http://127.0.0.1:<free port>/ from a thread, while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def served(site: Path):
    """The built site, served for the time of this module's tests."""
    with serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = start_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chrome
    finally:
        chrome.quit()


# ---- the build, without a browser -------------------------------------------------------------


def test_site_has_a_home_page_and_one_page_per_lesson_in_order(site: Path) -> None:
    lessons = [p.stem for p in discover()]
    for stem in lessons:
        assert (site / "notebooks" / f"{stem}.html").is_file(), f"no page for lesson {stem}"
    assert (site / "search.html").is_file() and (site / "searchindex.js").is_file(), "no search"
    home = (site / "index.html").read_text()
    assert "fast mode (CI)" in home and "full-mode headline metrics" in home, "the README's measured table is missing"
    sidebar = home[home.index("bd-docs-nav") :]
    sidebar = sidebar[: sidebar.index("</nav>")]
    order = re.findall(r'<a class="reference internal" href="notebooks/(\d\d_[^"#]+)\.html"', sidebar)
    assert order == lessons, f"the sidebar should list the lessons in order: {order}"
    for stem in lessons:
        page = (site / "notebooks" / f"{stem}.html").read_text()
        assert html.escape(badge_url(f"{stem}.ipynb")) in page, f"{stem}: no Open-in-Colab link"
        assert html.escape(github_url(f"{stem}.ipynb")) in page, f"{stem}: no GitHub link"
        assert re.search(r'<img[^>]+src="[^"]*\.png"', page), f"{stem}: no figure"
        assert 'class="highlight-ipython3' in page or 'class="cell_input' in page, f"{stem}: no code"
        download = site / "_sources" / "notebooks" / f"{stem}.ipynb"
        assert download.read_bytes() == (repo_root() / "notebooks" / f"{stem}.ipynb").read_bytes(), (
            f"{stem}: the download button should give the committed notebook"
        )


def test_site_pages_load_nothing_from_another_host(site: Path) -> None:
    """Scripts, stylesheets, fonts, images: all from the site itself (MathJax included), no CDN."""
    for page in pages(site):
        text = page.read_text()
        for tag in re.findall(r"<(?:script|img|link|source|iframe)\b[^>]*>", text):
            if re.search(r'\brel="(?:prev|next|index|search|canonical)"', tag):
                continue
            for url in re.findall(r'\b(?:src|href)="([^"]+)"', tag):
                assert not re.match(r"^(?:[a-z]+:)?//", url), f"{page.name} loads {url} from another host"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file(), "MathJax is not in the site"
    assert list((site / "_static" / "mathjax").rglob("*.woff")), "MathJax's fonts are not in the site"


# ---- every page in headless Chromium ----------------------------------------------------------


def _check_urls(origin: str, found: list[list[str]], cache: dict[str, str | None]) -> list[str]:
    """Same-site URLs that do not answer 200, or whose #anchor is not on the target page."""
    broken = []
    for kind, url in found:
        if not url.startswith(origin):
            continue
        base, fragment = urldefrag(url)
        if base not in cache:
            try:
                with urllib.request.urlopen(base, timeout=10) as response:
                    body = response.read()
                    cache[base] = body.decode("utf-8", "replace") if base.endswith((".html", "/")) else ""
            except urllib.error.HTTPError as err:
                cache[base] = None
                broken.append(f"{kind} {url}: HTTP {err.code}")
                continue
        if fragment and cache[base] and f'id="{unquote(fragment)}"' not in cache[base]:
            broken.append(f"{kind} {url}: no element with id {unquote(fragment)!r}")
    return broken


def check_page(browser, base: str, rel: str, cache: dict[str, str | None]) -> list[str]:
    """Open base + rel and return what is wrong with it (an empty list for a good page)."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base + rel)
    WebDriverWait(browser, 30).until(lambda b: b.execute_script("return document.readyState") == "complete")
    browser.set_script_timeout(60)
    problems = []
    mathjax = browser.execute_async_script(WAIT_FOR_MATHJAX)
    math = browser.execute_script(MATH_COUNTS)
    if math["math"]:
        if mathjax != "typeset" or math["typeset"] < math["math"]:
            problems.append(f"{rel}: math not typeset ({mathjax}; {math['typeset']} of {math['math']})")
        problems += [f"{rel}: MathJax error {e!r}" for e in math["errors"]]
    raw = RAW_TEX.findall(browser.execute_script(PROSE_TEXT))
    problems += [f"{rel}: raw TeX left in the text: {r!r}" for r in raw[:3]]
    problems += [f"{rel}: broken image {src}" for src in browser.execute_script(BROKEN_IMAGES)]
    problems += [f"{rel}: {b}" for b in _check_urls(base, browser.execute_script(COLLECT_URLS), cache)]
    problems += [f"{rel}: console error: {m}" for m in severe_console_entries(browser)]
    return problems


def test_every_page_in_a_browser(site: Path, served: str, browser) -> None:
    shots = run_dir("site_screenshots")
    cache: dict[str, str | None] = {}
    problems: list[str] = []
    start = time.perf_counter()
    all_pages = pages(site)
    for page in all_pages:
        rel = page.relative_to(site).as_posix()
        problems += check_page(browser, served, rel, cache)
        if rel.startswith("notebooks/"):
            hrefs = {a for _, a in browser.execute_script(COLLECT_URLS)}
            name = page.stem + ".ipynb"
            problems += [f"{rel}: no link to {url}" for url in (badge_url(name), github_url(name)) if url not in hrefs]
        browser.save_screenshot(str(shots / (rel.replace("/", "__").removesuffix(".html") + ".png")))
    print(f"{len(all_pages)} pages checked in {time.perf_counter() - start:.1f} s; screenshots in {shots}")
    assert len(all_pages) >= len(discover()) + 2
    assert not problems, "\n".join(problems)


BROKEN_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="missing.js"></script></head><body>
<p>Raw $$x^2$$ and <span class="math">\\(\\frac{a}{b}\\)</span></p>
<a href="nowhere.html">gone</a> <a href="#nope">no anchor</a> <img src="missing.png" alt="gone">
<script>console.error("boom")</script></body></html>
"""


def test_the_page_checks_catch_a_broken_page(tmp_path: Path, browser) -> None:
    """The checks above can fail: a page with every fault is reported for each of them."""
    (tmp_path / "page.html").write_text(BROKEN_PAGE)
    with serve(tmp_path) as base:
        report = "\n".join(check_page(browser, base, "page.html", {}))
    for fault in (
        "missing.js: HTTP 404",
        "nowhere.html: HTTP 404",
        "missing.png: HTTP 404",
        "broken image",
        "no element with id 'nope'",
        "raw TeX left",
        "math not typeset",
        "boom",
    ):
        assert fault in report, f"not caught: {fault}\n{report}"


def test_search_finds_a_lesson(served: str, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(served + "search.html?q=perceptron")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#search-results li a"))
    hits = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li a")]
    assert any(urlsplit(h).path.endswith("notebooks/01_perceptron.html") for h in hits), hits
    assert not severe_console_entries(browser)
