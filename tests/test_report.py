"""`aipath plan --format html`: one self-contained page to send, checked as HTML and in a browser.

The structural tests parse the page with html.parser; the browser tests open it in headless
Chromium (skipped, saying how to install it, where there is none) and look at what it rendered.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aipath import build_graph, build_request, load_catalog, plan
from aipath.cli import app
from aipath.exports import plan_figure, svg, to_dot
from aipath.render.formatting import _question, totals_sentences
from aipath.render.html import _CSS, plan_html
from aipath.render.svg import safe_svg
from aipath.render.timeline import timeline_html

from .conftest import cred

TODAY = dt.date(2026, 12, 1)
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(not HAS_DOT,
                               reason="Graphviz 'dot' not installed: apt-get install graphviz")


# --- a small DOM from html.parser -----------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str | None]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def all(self, tag: str | None = None) -> list[Node]:
        found = []
        for c in self.children:
            if isinstance(c, Node):
                if tag is None or c.tag == tag:
                    found.append(c)
                found.extend(c.all(tag))
        return found

    def by_id(self, ident: str) -> Node:
        hits = [n for n in self.all() if n.attrs.get("id") == ident]
        assert len(hits) == 1, (ident, len(hits))
        return hits[0]


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs))
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        # Every element the page opens, it closes: a mismatch is a bug in the page.
        assert self.stack[-1].tag == tag, (self.stack[-1].tag, tag)
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    b = _Builder()
    b.feed(page)
    b.close()
    assert b.stack == [b.root], [n.tag for n in b.stack]
    return b.root


def external_references(doc: Node) -> list[str]:
    """Everything in the page that a browser would fetch or run; empty for a good page."""
    bad = []
    for n in doc.all():
        if n.tag in ("script", "link", "img", "iframe", "object", "embed", "base", "image",
                     "use", "foreignobject", "audio", "video", "source", "meta") and not (
                n.tag == "meta" and set(n.attrs) <= {"charset", "name", "content"}):
            bad.append(f"<{n.tag}>")
        for name, value in n.attrs.items():
            value = value or ""
            if name.startswith("on"):
                bad.append(f"{n.tag} {name}=")
            if name in ("src", "srcset", "poster", "action", "formaction", "data", "style",
                        "xlink:href", "background"):
                bad.append(f"{n.tag} {name}={value}")
            if name == "href" and (n.tag != "a" or not re.match(r"(#|https?://)", value)):
                bad.append(f"{n.tag} href={value}")
            if "http" in value and not (n.tag == "a" and name == "href"):
                bad.append(f"{n.tag} {name}={value}")
            if "url(" in value.lower():
                bad.append(f"{n.tag} {name}={value}")
    for style in doc.all("style"):
        css = style.text().lower()
        if "url(" in css or "@import" in css or "http" in css:
            bad.append("style fetches")
    return bad


def nurse_plan():
    cat = load_catalog()
    return cat, plan(cat, build_graph(cat), build_request(cat, role="nurse", today=TODAY))


@pytest.fixture(scope="module")
def nurse() -> tuple:
    """The nurse's report on the shipped catalogue, with its picture where Graphviz is."""
    cat, p = nurse_plan()
    picture = svg(to_dot(plan_figure(cat, p))) if HAS_DOT else None
    page = plan_html(cat, p, picture_svg=picture)
    return cat, p, page, parse(page)


# --- the page ---------------------------------------------------------------------------------


def test_one_document_with_its_own_style_only(nurse) -> None:
    """A whole page: doctype, charset, a title naming role and date, one inline style, no script."""
    _, p, page, doc = nurse
    assert page.startswith("<!doctype html>\n")
    assert [n.attrs for n in doc.all("meta") if "charset" in n.attrs] == [{"charset": "utf-8"}]
    assert doc.all("title")[0].text() == "aipath plan for nurse, 2026-12-01"
    # one style sheet: the page's, then the timeline's (its bars' places are rules there,
    # as the page has no style attributes)
    assert [s.text() for s in doc.all("style")] == [_CSS + timeline_html(p, dt.date(2026, 12, 1))[1]]
    assert "prefers-color-scheme: dark" in _CSS and "@media print" in _CSS
    assert doc.all("script") == [] and "<script" not in page.lower()
    assert external_references(doc) == []


def test_header_says_who_when_and_from_what(nurse) -> None:
    """Role, holdings, the plan's date, the catalogue's sha256 (short) and aipath's version."""
    from importlib.metadata import version

    cat, p, _, doc = nurse
    head = doc.all("header")[0].text()
    for needle in ("nurse", "Registered nurse", "bsn", "rn-licensure", "2026-12-01",
                   cat.sha256[:12], f"aipath {version('aipath')}"):
        assert needle in head, needle


def test_steps_in_order_with_their_explanations(nurse) -> None:
    """One row per step, in plan order, each with its id, name, provider, cost and reason."""
    _, p, _, doc = nurse
    rows = doc.by_id("steps").all("tbody")[0].all("tr")
    assert [r.attrs["id"] for r in rows] == [f"step-{s.order}" for s in p.steps]
    assert [r.all("strong")[0].text() for r in rows] == [s.credential.id for s in p.steps]
    for row, s in zip(rows, p.steps):
        text = row.text()
        c = s.credential
        assert str(s.order) in row.all("td")[0].text()
        for needle in (c.name, c.provider, s.reason, s.part, c.type):
            assert needle in text, (c.id, needle)
        assert all(w in text for w in s.warnings), c.id
    ancc = rows[[s.credential.id for s in p.steps].index("ancc-informatics-nursing")].text()
    assert "est. 1.7–2.4" in ancc and "(renamed)" in ancc  # an exam's preparation, not 36 months


def test_totals_in_words(nurse) -> None:
    """The same totals sentences as the table, and the skills covered."""
    _, p, _, doc = nurse
    text = doc.by_id("totals").text()
    for sentence in totals_sentences(p):
        assert sentence in text
    assert "Cost: $42,058–42,198 (all 4 steps have a published price)" in text
    assert "Skills covered: " + ", ".join(p.covered) in text


def test_every_check_is_a_question(nurse) -> None:
    """"Before you pay, check": every manual check of every step, asked as a question."""
    _, p, _, doc = nurse
    section = doc.by_id("checks")
    assert section.all("h2")[0].text() == "Before you pay, check"
    asked = [li.text() for li in section.all("li") if not li.all("li")]
    expected = [_question(c) for s in p.steps for c in s.manual_checks]
    assert expected and asked == expected
    assert "Do you have 2 years of nursing-practice?" in asked


def test_choices_notes_and_warnings(nurse) -> None:
    """"Why this and not that" names every alternative; the plan's warnings are listed."""
    _, p, _, doc = nurse
    choices = doc.by_id("choices").text()
    for s in p.steps:
        for a in s.alternatives:
            assert f"rather than {a.option}: {a.reason}" in choices
    warnings = [li.text() for li in doc.by_id("warnings").all("li")]
    assert warnings == list(p.warnings)


def test_sources_list_every_evidence_url_with_its_date(nurse) -> None:
    """Each step's evidence: kind, the date it was checked and a link to the page."""
    _, p, _, doc = nurse
    sources = doc.by_id("sources")
    items = [li for li in sources.all("li")]
    n = 0
    for s in p.steps:
        for e in s.credential.evidence:
            hits = [li for li in items if e.verified_on in li.text() and e.kind in li.text()
                    and (e.url is None or any(a.attrs.get("href") == e.url for a in li.all("a")))]
            assert hits, (s.credential.id, e)
            n += 1
    assert n >= len(p.steps)


def test_picture_is_inline_svg_without_prolog(nurse) -> None:
    """The picture is the plan's own SVG in the page: no XML prolog, doctype or namespace URL."""
    _, p, page, doc = nurse
    if not HAS_DOT:
        pytest.skip("Graphviz 'dot' not installed: apt-get install graphviz")
    pictures = doc.by_id("picture").all("svg")
    assert len(pictures) == 1 and "viewbox" in pictures[0].attrs  # html.parser lowercases
    labels = pictures[0].text()
    assert all(s.credential.id in labels for s in p.steps)
    assert "<?xml" not in page and "<!DOCTYPE svg" not in page and "xmlns" not in page


def test_without_a_picture_the_page_is_the_table_alone() -> None:
    cat, p = nurse_plan()
    doc = parse(plan_html(cat, p, picture_svg=None))
    assert doc.all("svg") == [] and not [n for n in doc.all() if n.attrs.get("id") == "picture"]
    assert len(doc.by_id("steps").all("tbody")[0].all("tr")) == len(p.steps)


def test_unknown_prices_are_never_zero(make_catalog) -> None:
    """A step with no published price shows an estimate or 'unknown', never $0."""
    cat = make_catalog([
        cred("priced", skills=["a"], cost={"usd": 100, "year": 2026}),
        cred("unpriced", skills=["b"]),
    ])
    p = plan(cat, build_graph(cat), build_request(cat, role="nurse", today=TODAY,
                                                  certificates_only=True))
    doc = parse(plan_html(cat, p, picture_svg=None))
    row = doc.by_id(f"step-{[s.credential.id for s in p.steps].index('unpriced') + 1}")
    cost = row.all("td")[2].text()
    assert cost.startswith(("est. $", "unknown")) and "$0" not in cost
    totals = doc.by_id("totals").text()
    assert "without a published price" in totals and "Cost: $0" not in totals


def test_what_the_plan_leaves_out_is_said(make_catalog) -> None:
    """The profession's recognised credentials left out (notes) and skills no step covers."""
    cat, _ = nurse_plan()
    p = plan(cat, build_graph(cat), build_request(cat, role="nurse", today=TODAY,
                                                  certificates_only=True))
    doc = parse(plan_html(cat, p, picture_svg=None))
    assert p.notes and [li.text() for li in doc.by_id("notes").all("li")] == list(p.notes)
    small = make_catalog([cred("only", skills=["a"], cost={"usd": 5})], skills=["a", "z"])
    p = plan(small, build_graph(small), build_request(small, role="nurse", today=TODAY,
                                                      certificates_only=True))
    assert p.missing == ("z",)
    totals = parse(plan_html(small, p, picture_svg=None)).by_id("totals").text()
    assert "Skills missing: z" in totals


# --- hostile text -------------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
STYLE = "</style><style>@import url(https://evil.example/x.css)</style>"


def hostile_catalog(make_catalog):
    return make_catalog(
        [
            cred("base", name=SCRIPT, provider=IMG, skills=["a"],
                 url="javascript:alert(1)",
                 evidence=[{"kind": "official", "url": "javascript:alert(2)",
                            "verified_on": "2026-11-24", "note": STYLE},
                           {"kind": "third-party", "url": 'https://example.org/?q="><b>x</b>',
                            "verified_on": "2026-11-20"}],
                 cost={"usd": 10, "basis": STYLE, "year": 2025}),
            cred("next", name="]]><!-- --><svg onload=alert(3)>", provider="P", skills=["b"],
                 entry={"all": ["base", {"text": SCRIPT}]}),
        ],
        backgrounds={"nurse": {"label": "<b>nurse</b>", "holds": [], "target_skills": ["a", "b"]}},
    )


@pytest.fixture
def hostile(make_catalog) -> tuple:
    cat = hostile_catalog(make_catalog)
    p = plan(cat, build_graph(cat), build_request(cat, role="nurse", today=TODAY,
                                                  certificates_only=True))
    picture = svg(to_dot(plan_figure(cat, p))) if HAS_DOT else None
    page = plan_html(cat, p, picture_svg=picture)
    return cat, p, page, parse(page)


def test_catalogue_text_is_text_never_markup(hostile) -> None:
    """Names, providers, notes, rules and URLs with markup in them are shown, not run."""
    _, p, page, doc = hostile
    assert [s.credential.id for s in p.steps] == ["base", "next"]
    assert external_references(doc) == []
    assert doc.all("script") == [] and doc.all("img") == [] and doc.all("b") == []
    assert len(doc.all("style")) == 1 and len(doc.all("svg")) == (1 if HAS_DOT else 0)
    text = doc.text()
    for shown in (SCRIPT, IMG, STYLE, "<b>nurse</b>", f"Can you show: {SCRIPT}?",
                  "javascript:alert(2)", 'https://example.org/?q="><b>x</b>'):
        assert shown in text, shown
    hrefs = [a.attrs["href"] for a in doc.all("a")]
    assert 'https://example.org/?q="><b>x</b>' in hrefs
    assert not [h for h in hrefs if h.startswith("javascript")]


@needs_dot
def test_a_hostile_label_cannot_leave_the_picture(hostile) -> None:
    """Graphviz's SVG carries catalogue names; rebuilt, they stay text inside <text>."""
    _, _, _, doc = hostile
    picture = doc.by_id("picture").all("svg")[0]
    assert SCRIPT in picture.text()
    assert {n.tag for n in picture.all()} <= {"g", "title", "polygon", "path", "ellipse", "text",
                                                "polyline"}


def test_safe_svg_keeps_drawing_and_drops_what_could_fetch_or_run() -> None:
    hostile_svg = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY boom "boom">]>
<svg width="10pt" height="10pt" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"
     xmlns:xlink="http://www.w3.org/1999/xlink" onload="alert(1)">
<script>alert(2)</script>
<style>@import url(https://evil.example/a.css);</style>
<g id="graph0" class="graph" transform="scale(1 1) rotate(0) translate(4 6)">
<title>&lt;script&gt;t&lt;/script&gt;</title>
<polygon fill="url(https://evil.example/f)" stroke="black" points="0,0 1,1"/>
<image xlink:href="https://evil.example/i.png" width="1" height="1"/>
<a xlink:href="javascript:alert(3)"><text x="1" y="2">link</text></a>
<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/x"/>
</foreignObject>
<use href="https://evil.example/s.svg#x"/>
<text x="1" y="2" style="background:url(https://evil.example/t)">kept &amp; shown</text>
</g>
</svg>"""
    out = safe_svg(hostile_svg)
    doc = parse(out)
    assert external_references(doc) == []
    assert [n.tag for n in doc.all()] == ["svg", "g", "title", "polygon", "text"]
    assert doc.all("polygon")[0].attrs == {"stroke": "black", "points": "0,0 1,1"}
    assert doc.all("g")[0].attrs["transform"] == "scale(1 1) rotate(0) translate(4 6)"
    assert doc.all("title")[0].text() == "<script>t</script>"
    assert "kept & shown" in doc.text() and "alert" not in out and "evil" not in out
    assert out.startswith('<svg width="10pt" height="10pt" viewBox="0 0 10 10">')


@pytest.mark.parametrize("text", ["", "<html></html>", "<svg><g></svg>", "<svg>&boom;</svg>",
                                  '<?xml version="1.0"?><svg xmlns="http://example.org/x"/>'])
def test_safe_svg_refuses_what_is_not_an_svg_document(text: str) -> None:
    with pytest.raises(ValueError, match="not an SVG document"):
        safe_svg(text)


def test_importing_the_report_module_is_light() -> None:
    """The library function for a page needs neither rich, yaml nor networkx."""
    code = ("import sys, aipath.render.html; print(json.dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('rich', 'yaml', 'networkx', 'typer'))))")
    proc = subprocess.run([sys.executable, "-c", "import json; " + code], capture_output=True,
                          text=True, check=True)
    assert json.loads(proc.stdout) == []


# --- the command ------------------------------------------------------------------------------


def test_plan_writes_the_page_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "nurse-plan.html"
    r = runner.invoke(app, ["plan", "--role", "nurse", "--today", "2026-12-01", "--format", "html",
                            "-o", str(target)])
    assert r.exit_code == 0, r.stderr
    note = [] if HAS_DOT else ["note: Graphviz 'dot' not found; the report has no picture"]
    assert r.stdout == "" and r.stderr.splitlines() == [*note, f"wrote {target}"]
    doc = parse(target.read_text(encoding="utf-8"))
    assert len(doc.all("svg")) == (1 if HAS_DOT else 0)
    assert len(doc.by_id("steps").all("tbody")[0].all("tr")) == 4


@pytest.mark.parametrize("name", ["plan.html", "PLAN.HTM"])
def test_an_html_file_needs_the_html_format(runner: CliRunner, tmp_path: Path, name: str) -> None:
    """`-o plan.html` with the table format is refused (exit 2), naming the format to use."""
    target = tmp_path / name
    r = runner.invoke(app, ["plan", "--role", "nurse", "-o", str(target)])
    assert r.exit_code == 2 and not target.exists()
    assert "use --format html" in r.stderr


def test_without_graphviz_the_page_has_no_picture_and_says_so(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """No `dot`: one note on stderr, the page on stdout without a picture, exit 0."""
    monkeypatch.setattr(shutil, "which", lambda _: None)
    r = runner.invoke(app, ["plan", "--role", "nurse", "-f", "html"])
    assert r.exit_code == 0
    assert r.stderr == "note: Graphviz 'dot' not found; the report has no picture\n"
    doc = parse(r.stdout)
    assert doc.all("svg") == [] and len(doc.by_id("steps").all("tbody")[0].all("tr")) == 4


def test_a_stdout_that_is_not_utf8_gets_character_references() -> None:
    """PYTHONIOENCODING=ascii: the page is ASCII, and reads the same in a browser."""
    proc = subprocess.run([sys.executable, "-m", "aipath", "plan", "--role", "nurse", "--today",
                           "2026-12-01", "-f", "html"], capture_output=True, timeout=120,
                          env={**os.environ, "PYTHONIOENCODING": "ascii"})
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout.decode("ascii")
    assert "&#8211;" in page  # the en dash of "$42,058–42,198"
    assert "Cost: $42,058–42,198" in parse(page).by_id("totals").text()


def test_graphviz_output_that_is_not_svg_leaves_the_page_without_a_picture(
        runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    import aipath.exports

    monkeypatch.setattr(shutil, "which", lambda _: "/usr/bin/dot")
    monkeypatch.setattr(aipath.exports, "svg", lambda _dot: "Warning: no fonts\n")
    r = runner.invoke(app, ["plan", "--role", "nurse", "-f", "html"])
    assert r.exit_code == 0
    assert r.stderr.startswith("note: not an SVG document") and r.stderr.count("\n") == 1
    assert parse(r.stdout).all("svg") == []


# --- in a browser -------------------------------------------------------------------------------

BROWSER = next((b for b in ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(b)), None)
needs_browser = pytest.mark.skipif(
    BROWSER is None, reason="chromium not installed: apt-get install chromium")
BROWSER_TIMEOUT_S = 90  # a cold start in a busy container takes a few seconds


def browse(page: Path, profile: Path, *flags: str) -> str:
    """Run headless Chromium on a file once; its stdout."""
    assert BROWSER is not None
    proc = subprocess.run(
        [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={profile}", *flags, page.as_uri()],
        capture_output=True, text=True, timeout=BROWSER_TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def png_rows(path: Path, limit: int) -> tuple[int, int, list[bytes]]:
    """Width, bytes per pixel and the first ``limit`` rows of an 8-bit PNG (stdlib only)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        (n,), kind = struct.unpack(">I", data[pos:pos + 4]), data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            width, _, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and interlace == 0 and colour in (2, 6)
        elif kind == b"IDAT":
            idat += body
    bpp = 3 if colour == 2 else 4
    raw, stride = zlib.decompressobj().decompress(idat, limit * (width * bpp + 1)), width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(min(limit, len(raw) // (stride + 1))):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, bpp, rows


def lightness(rows: list[bytes], bpp: int) -> list[int]:
    return [sum(r[x:x + 3]) // 3 for r in rows for x in range(0, len(r), bpp)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory, nurse) -> dict:
    """The nurse's page opened once for its DOM and twice for screenshots (light, dark)."""
    if BROWSER is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    import time

    folder = tmp_path_factory.mktemp("browser")
    page = folder / "nurse-plan.html"
    page.write_text(nurse[2], encoding="utf-8")
    started = time.monotonic()
    dom = browse(page, folder / "profile", "--dump-dom")
    light, dark = folder / "light.png", folder / "dark.png"
    browse(page, folder / "profile", f"--screenshot={light}", "--window-size=1200,2000")
    browse(page, folder / "profile", f"--screenshot={dark}", "--window-size=1200,2000",
           "--force-dark-mode")
    return {"dom": dom, "light": light, "dark": dark, "seconds": time.monotonic() - started}


@needs_browser
def test_browser_renders_the_steps_and_totals(rendered, nurse) -> None:
    """Chromium's DOM of the page: the step rows in order, the totals, nothing external."""
    _, p, _, _ = nurse
    doc = parse(rendered["dom"])
    rows = doc.by_id("steps").all("tbody")[0].all("tr")
    assert [r.all("strong")[0].text() for r in rows] == [s.credential.id for s in p.steps]
    text = re.sub(r"\s+", " ", doc.text())
    for sentence in totals_sentences(p):
        assert sentence in text
    assert "Before you pay, check" in text and "Sources" in text
    assert external_references(doc) == []
    assert len(doc.all("svg")) == (1 if HAS_DOT else 0)


@needs_browser
def test_screenshots_show_a_page_in_light_and_in_dark(rendered) -> None:
    """The light screenshot is a white page with dark text; dark mode turns the page dark."""
    for key in ("light", "dark"):
        assert rendered[key].stat().st_size > 50_000, key  # a blank 1200x2000 PNG is ~10 kB
    width, bpp, rows = png_rows(rendered["light"], 120)  # the header's rows
    assert width == 1200
    light = lightness(rows, bpp)
    assert light[0] > 240 and min(light) < 80  # white paper, dark heading
    _, bpp, rows = png_rows(rendered["dark"], 120)
    dark = lightness(rows, bpp)
    assert dark[0] < 40 and max(dark) > 200  # dark paper, light heading


@needs_browser
def test_browser_finds_no_markup_in_hostile_text(hostile, tmp_path: Path) -> None:
    """The browser's own parser, not just ours, sees catalogue markup as text."""
    page = tmp_path / "hostile.html"
    page.write_text(hostile[2], encoding="utf-8")
    doc = parse(browse(page, tmp_path / "profile", "--dump-dom"))
    assert doc.all("script") == [] and doc.all("img") == [] and len(doc.all("style")) == 1
    assert external_references(doc) == []
    assert SCRIPT in doc.text()
