"""The rendered book, opened page by page in headless Chromium (Debian's ``chromium``).

Serves ``_build/html`` on localhost and checks what a reader sees: no page 404s, no broken
local link or image, every chapter shows its figures (images that loaded, naturalWidth > 0)
and its math, the search page loads. Requests leaving localhost are blocked, except MathJax's
CDN address, which is answered from the copy that ``make browser`` installs from npm: every
equation is typeset as on the live site, and a page passes only when MathJax rendered each of
its math elements with no TeX error (``mjx-merror``). Screenshots of a few pages go to
``_build/screenshots/``.

Run by ``make test`` after the book build; skips with a message where no Chromium is found
(``.ci/run`` installs it so CI never skips).
"""

from __future__ import annotations

import functools
import http.server
import pathlib
import re
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MATHJAX_LOCAL = ROOT / "_build" / "npm" / "node_modules" / "mathjax" / "es5"
MATHJAX_URL = re.search(r"mathjax_path:\s*(\S+)", (ROOT / "_config.yml").read_text()).group(1)
MATHJAX_CDN = MATHJAX_URL.rsplit("/", 1)[0] + "/"  # the es5/ folder the pages load from
BROKEN_MATH = "/__broken_math__.html"  # a page served only to this test, with a TeX error

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None,
                       reason="no chromium on PATH: install Debian's chromium to run the browser check"),
    pytest.mark.skipif(not (HTML / "index.html").exists(), reason="no _build/html: run `make html` first"),
    pytest.mark.skipif(not MATHJAX_LOCAL.is_dir(), reason="no local MathJax: run `make browser`, which installs it"),
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-quic"],
        )
        yield b
        b.close()


def _broken_math_page() -> str:
    """A page like the book's, loading MathJax from the same address, with one undefined macro."""
    html = (HTML / "book" / "intro.html").read_text(encoding="utf-8")
    head = html.split("</head>", 1)[0]
    return (f'{head}</head><body><article><p><span class="math notranslate nohighlight">'
            r"\(\notamacro{x} + 1\)</span></p></article></body></html>")


@pytest.fixture(scope="module")
def page(browser, server):
    pg = browser.new_page(viewport={"width": 1280, "height": 900})

    def answer(route):
        url = route.request.url
        if url == server + BROKEN_MATH:
            route.fulfill(status=200, content_type="text/html", body=_broken_math_page())
        elif url.startswith(server):
            route.continue_()
        elif url.startswith(MATHJAX_CDN):
            route.fulfill(path=str(MATHJAX_LOCAL / urllib.parse.urlparse(url[len(MATHJAX_CDN):]).path))
        else:
            route.abort()

    pg.route("**/*", answer)
    yield pg
    pg.close()


def _math_report(page) -> tuple[int, int, int]:
    """(math elements, MathJax containers rendered in them, TeX errors) once MathJax is done."""
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise",
                           timeout=20_000)
    page.evaluate("() => MathJax.startup.promise.then(() => true)")
    return (page.locator("article .math").count(),
            page.locator("article .math mjx-container").count(),
            page.locator("mjx-merror").count())


def _pages() -> list[str]:
    return sorted(
        str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
        if not p.relative_to(HTML).parts[0].startswith("_")
    )


def _is_chapter(rel: str) -> bool:
    name = pathlib.PurePosixPath(rel)
    return name.parts[0] == "notebooks" and name.stem[:2].isdigit()


@functools.lru_cache(maxsize=None)
def _status(url: str) -> int:
    """The HTTP status of a local URL (the built site does not change during the check)."""
    try:
        with urllib.request.urlopen(url) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_book_has_pages():
    pages = _pages()
    assert "index.html" in pages and "search.html" in pages
    assert any(_is_chapter(p) for p in pages), "no chapter pages were built"


def _redirect_target(rel: str) -> str | None:
    """The target of a meta-refresh stub page (the book's index.html is one), else None."""
    text = (HTML / rel).read_text(encoding="utf-8", errors="replace")
    if 'http-equiv="Refresh"' not in text and "http-equiv='refresh'" not in text.lower():
        return None
    return text.split("url=", 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("rel", _pages())
def test_page(rel, page, server):
    target = _redirect_target(rel)
    if target is not None:
        assert (HTML / pathlib.PurePosixPath(rel).parent / target).exists(), f"{rel} redirects to a missing {target}"
        return
    response = page.goto(f"{server}/{rel}", wait_until="load")
    assert response is not None and response.status == 200, f"{rel} answered {response and response.status}"

    # Every local link and image resolves.
    urls = page.eval_on_selector_all(
        "a[href], img[src], link[rel=stylesheet][href], script[src]",
        "els => els.map(e => e.href || e.src)",
    )
    local = {urllib.parse.urldefrag(u)[0] for u in urls if u.startswith(server)}
    broken = sorted(u for u in local if _status(u) != 200)
    assert not broken, f"{rel}: broken local links {broken}"

    # Images that are in the page actually loaded.
    images = page.eval_on_selector_all(
        "article img", "els => els.map(e => [e.currentSrc || e.src, e.complete && e.naturalWidth])"
    )
    unloaded = [src for src, width in images if not width]
    assert not unloaded, f"{rel}: images that did not load {unloaded}"

    n_math = page.locator("article .math").count()
    if _is_chapter(rel):
        assert images, f"{rel}: a chapter without figures"
        assert n_math > 0, f"{rel}: a chapter without math markup"
    if n_math:
        n_math, n_rendered, n_errors = _math_report(page)
        assert n_errors == 0, f"{rel}: MathJax reports {n_errors} TeX errors"
        assert n_rendered == n_math, f"{rel}: MathJax rendered {n_rendered} of {n_math} math elements"


def test_a_tex_error_fails_the_math_check(page, server):
    page.goto(server + BROKEN_MATH, wait_until="load")
    n_math, n_rendered, n_errors = _math_report(page)
    assert (n_math, n_rendered) == (1, 1) and n_errors == 1


def test_search_page_loads(page, server):
    response = page.goto(f"{server}/search.html?q=entropy", wait_until="load")
    assert response.status == 200
    assert page.locator("input[name=q]").count() > 0


def test_screenshots(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    chapters = [p for p in _pages() if _is_chapter(p)]
    for rel in ["book/intro.html", *chapters]:
        page.goto(f"{server}/{rel}", wait_until="load")
        page.screenshot(path=str(SHOTS / (rel.replace("/", "_").removesuffix(".html") + ".png")), full_page=False)
    assert (SHOTS / "book_intro.png").stat().st_size > 0


COLAB = re.compile(r"https://colab\.research\.google\.com/github/([^/]+/[^/]+)/blob/([^/]+)/([^\"'#?]+\.ipynb)")


@pytest.mark.parametrize("rel", [p for p in _pages() if _is_chapter(p)])
def test_open_in_colab_targets_a_committed_notebook(rel):
    html = (HTML / rel).read_text(encoding="utf-8")
    links = set(COLAB.findall(html))
    assert links, f"{rel} has no Open-in-Colab link"
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    for repo, branch, path in links:
        assert f"github.com/{repo}" in config and f"branch: {branch}" in config, (repo, branch)
        assert (ROOT / path).is_file(), f"{rel}: the Colab link opens {path}, which is not in the repository"
        assert path == f"notebooks/{pathlib.PurePosixPath(rel).stem}.ipynb"
