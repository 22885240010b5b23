"""The playground page in a real browser: Chromium driven through chromedriver.

Both come from the distribution's packages (``apt-get install chromium chromium-driver``;
``.ci/run`` installs them). The client below speaks the W3C WebDriver protocol, JSON over
HTTP to chromedriver on loopback, with the standard library alone. Without a browser the
tests skip; under CI (``CI=true``) they fail instead.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from sms_codec import TransliterationMode, analyze, split
from sms_codec.playground import analysis_response, make_server, parse_request

KEY_TAB = "\ue004"
KEY_SPACE = "\ue00d"
KEY_ESCAPE = "\ue00c"
KEY_RIGHT = "\ue014"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


def _find(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Browser:
    """One headless Chromium session, driven through chromedriver's WebDriver endpoint."""

    def __init__(self, chromium: str, driver: str) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [driver, f"--port={self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            self._start(chromium)
        except BaseException:
            self.process.kill()
            self.process.wait(timeout=30)
            raise

    def _start(self, chromium: str) -> None:
        for _ in range(200):
            try:
                if self._call("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            time.sleep(0.05)
        options = {"binary": chromium, "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1200,900", "--lang=en-US",
        ]}
        capabilities = {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": options}}
        self.session = self._call("POST", "/session", {"capabilities": capabilities})["sessionId"]

    def _call(self, method: str, path: str, body: object = None) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            data = None if body is None else json.dumps(body).encode()
            conn.request(method, path, body=data, headers={"Content-Type": "application/json"})
            reply = json.loads(conn.getresponse().read() or b"{}")
        finally:
            conn.close()
        value = reply.get("value")
        if isinstance(value, dict) and "error" in value:
            raise AssertionError(f"webdriver {path}: {value['error']}: {value.get('message')}")
        return value

    def command(self, method: str, path: str, body: object = None) -> Any:
        return self._call(method, f"/session/{self.session}{path}", body)

    def open(self, url: str) -> None:
        self.command("POST", "/url", {"url": url})

    def run(self, script: str, *args: object) -> Any:
        return self.command("POST", "/execute/sync", {"script": script, "args": list(args)})

    def element(self, css: str) -> str:
        found = self.command("POST", "/element", {"using": "css selector", "value": css})
        return str(found[ELEMENT])

    def click(self, css: str) -> None:
        self.command("POST", f"/element/{self.element(css)}/click", {})

    def type(self, css: str, text: str) -> None:
        self.command("POST", f"/element/{self.element(css)}/value", {"text": text})

    def keys(self, text: str) -> None:
        """Keys pressed on whatever has the focus, as a person at the keyboard would."""
        actions = [a for ch in text for a in ({"type": "keyDown", "value": ch},
                                              {"type": "keyUp", "value": ch})]
        self.command("POST", "/actions", {"actions": [
            {"type": "key", "id": "keyboard", "actions": actions}
        ]})

    def hover(self, css: str) -> None:
        """The mouse moved onto the middle of an element."""
        self.command("POST", "/actions", {"actions": [{
            "type": "pointer", "id": "mouse", "parameters": {"pointerType": "mouse"},
            "actions": [{"type": "pointerMove", "duration": 0, "x": 0, "y": 0,
                         "origin": {ELEMENT: self.element(css)}}],
        }]})

    def text(self, css: str) -> str:
        return str(self.run("return document.querySelector(arguments[0]).textContent;", css))

    def texts(self, css: str) -> list[str]:
        return list(self.run(
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent);", css
        ))

    def settle(self) -> None:
        """Wait until the page has drawn the answer to its latest input."""
        for _ in range(400):
            if self.run("return document.getElementById('playground').dataset.state;") == "ready":
                return
            time.sleep(0.025)
        raise AssertionError("the page never settled")

    def emulate_width(self, width: int) -> None:
        self.command("POST", "/goog/cdp/execute", {
            "cmd": "Emulation.setDeviceMetricsOverride",
            "params": {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True},
        })

    def close(self) -> None:
        try:
            self.command("DELETE", "")
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = _find("chromium", "chromium-browser", "google-chrome")
    driver = _find("chromedriver")
    if chromium is None or driver is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium or chromedriver is missing in CI: .ci/run must install them")
        pytest.skip("no Chromium and chromedriver: apt-get install chromium chromium-driver")
    session = Browser(chromium, driver)
    yield session
    session.close()


@pytest.fixture(scope="module")
def page_url() -> Iterator[str]:
    server = make_server("127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser: Browser, page_url: str) -> Browser:
    browser.emulate_width(1200)
    browser.open(page_url)
    browser.settle()
    return browser


def shown(page: Browser) -> dict[str, str]:
    return {name: page.text(f"#out-{name}") for name in
            ("encoding", "characters", "units", "parts", "remaining", "per-part", "tables")}


def expected(body: str, **options: Any) -> dict[str, str]:
    result = analyze(body, **options)
    names = {None: "default", "tr": "Turkish"}
    return {
        "encoding": result.encoding.value, "characters": str(result.characters),
        "units": str(result.units), "parts": str(result.parts),
        "remaining": str(result.remaining), "per-part": str(result.units_per_part),
        "tables": f"locking {names[result.locking_shift]} · single {names[result.single_shift]}",
    }


def test_typing_a_gsm_body(page: Browser) -> None:
    body = "Hello [world], the price is 5 € {net}"
    page.type("#body", body)
    page.settle()
    assert shown(page) == expected(body)
    assert shown(page)["units"] == "42"  # 37 characters, 5 of them escaped
    marks = page.run("return [...document.querySelectorAll('#parts .mark.escape')]"
                     ".map(m => [m.textContent, m.dataset.tip]);")
    assert [m[0] for m in marks] == ["[", "]", "€", "{", "}"]
    assert marks[0][1] == "LEFT SQUARE BRACKET · U+005B · 2 septets (escape) · kept"
    assert page.texts("#special tbody tr td:nth-child(2)") == [
        "U+005B", "U+005D", "U+20AC", "U+007B", "U+007D"
    ]


def test_turkish_body_with_the_turkish_tables(page: Browser) -> None:
    body = "Şükrü ağabey, yarın İstanbul'da buluşalım mı? Çok güzel olur!"
    page.click("#language option[value='tr']")
    page.type("#body", body)
    page.settle()
    assert shown(page) == expected(body, language="tr")
    assert shown(page)["encoding"] == "GSM7"
    assert analyze(body).encoding.value == "UCS2"  # without the tables it would not be
    assert page.texts("#parts .part-text") == split(body, language="tr")
    # The selector says which tables it chose, and the summary names the units left.
    chosen = analyze(body, language="tr")
    assert (chosen.locking_shift, chosen.single_shift) == ("tr", None)
    assert page.text("#language-tables") == "Chosen: locking Turkish · single default"
    assert page.run("return document.getElementById('language')"
                    ".getAttribute('aria-describedby');") == "language-tables"
    assert page.text("#remaining-label") == "Septets left"
    page.click("#language option[value='auto']")
    page.settle()
    result = analyze(body, language="auto")
    assert (result.locking_shift, result.single_shift) == ("tr", None)
    assert page.text("#language-tables") == "Chosen: locking Turkish · single default"
    assert page.text("#out-remaining") == str(result.remaining)


def test_emoji_body_across_a_part_boundary(page: Browser) -> None:
    family = "👨\u200d👩\u200d👧"
    body = "a" * 64 + family + " ok, see you 😀"
    # chromedriver types only the Basic Multilingual Plane: the rest is pasted in.
    page.type("#body", "a" * 64)
    page.run("const box = document.getElementById('body'); box.value += arguments[0];"
             "box.dispatchEvent(new Event('input'));", body[64:])
    page.settle()
    assert shown(page) == expected(body)
    blocks = page.texts("#parts .part-text")
    assert blocks == split(body) == ["a" * 64, family + " ok, see you 😀"]
    heads = page.texts("#parts .part-units")
    assert heads == ["64 / 67 UTF-16 units", "23 / 67 UTF-16 units"]


def test_transcode_toggle_from_the_keyboard(page: Browser) -> None:
    body = "Привет! Скидка 20% – “только сегодня”… Zażółć gęślą jaźń"
    page.type("#body", body)
    page.settle()
    # From the text box, the keyboard alone: Tab to the toggle, Space to switch it on.
    order = []
    for _ in range(4):
        page.keys(KEY_TAB)
        order.append(page.run("return document.activeElement.id;"))
    assert order == ["language", "encoding", "concat", "transcode"]
    page.keys(KEY_SPACE)
    page.settle()
    result = analyze(body, transcode=True)
    assert result.transcode is not None
    assert page.run("return document.getElementById('transcode-panel').hidden;") is False
    summary = page.text("#transcode-summary")
    saved = result.parts - result.transcode.parts
    assert page.text("#transcode-title") == "Transliterated, mode ALL"
    assert summary == (f"{result.transcode.parts} part(s) instead of {result.parts} ({saved} "
                       f"saved), {len(result.transcode.replacements)} replacement(s); tables: "
                       "locking default · single default.")
    marked = page.texts("#transcode-parts .transcoded mark")
    assert marked == [r.replacement for r in sorted(result.transcode.replacements,
                                                    key=lambda r: r.index)]
    assert page.text("#transcode-parts .transcoded") == result.transcode.message


def test_hostile_body_renders_as_text_and_runs_nothing(page: Browser) -> None:
    body = ('<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
            "\u202egnp.exe\u202c <b>bold</b> &amp; \u2066x\u2069")
    page.type("#body", body)
    page.settle()
    time.sleep(0.3)  # time for an injected image's error handler, were there one
    assert page.run("return window.pwned === undefined;") is True
    assert page.run("return document.querySelectorAll("
                    "'#parts img, #parts script, #parts b, #special img').length;") == 0
    assert shown(page) == expected(body)
    text = page.text("#parts .part-text")
    assert text.startswith("<script>window.pwned = 1</script><img src=x onerror=")
    # Bidi controls are drawn as their code points, so they reorder nothing.
    assert page.texts("#parts .badge") == ["U+202E", "U+202C", "U+2066", "U+2069"]
    # Nowhere outside the text box is a bidi control shown raw, the JSON answer included.
    results = page.text(".results") + page.text(".controls .summary")
    assert not set(results) & {"\u202e", "\u202c", "\u2066", "\u2069"}
    assert "\\u202e" in page.text("#json")
    data = json.loads(page.text("#json"))
    assert data == analysis_response(parse_request(json.dumps({
        "body": body, "language": "none", "encoding": "auto", "concat_reference": 8,
        "transcode": False, "short_links": None, "segments": False,
    }).encode()))
    # Transliterated, the controls are removed: each removal marked, described in code points.
    page.click("#transcode")
    page.settle()
    time.sleep(0.3)
    assert page.run("return window.pwned === undefined;") is True
    assert page.run("return document.querySelectorAll('.results img, .results script, "
                    ".results b').length;") == 0
    marks = page.run("return [...document.querySelectorAll('#transcode-parts .transcoded mark')]"
                     ".map(m => [m.textContent, m.dataset.tip]);")
    assert marks == [["", f"“{cp}” → “” (typographic)"]
                     for cp in ("U+202E", "U+202C", "U+2066", "U+2069")]
    results = page.text(".results")
    assert not set(results) & {"\u202e", "\u202c", "\u2066", "\u2069"}


def test_no_layout_shift_as_parts_change_and_readable_at_320px(page: Browser) -> None:
    geometry = ("return ['body', 'out-parts', 'out-units', 'parts'].map(id => {"
                "const r = document.getElementById(id).getBoundingClientRect();"
                "return [r.x, r.y, r.width, r.height];});")
    page.type("#body", "short")
    page.settle()
    before = page.run(geometry)
    page.type("#body", " and now much longer 😀 " * 20)
    page.settle()
    assert page.text("#out-parts") != "1"
    after = page.run(geometry)
    assert after[:3] == before[:3]  # the box, the numbers: where they were
    assert after[3][:3] == before[3][:3]  # the parts list grows downwards only
    page.emulate_width(320)
    page.open(page.run("return location.href;"))
    page.settle()
    overflow = page.run("return document.documentElement.scrollWidth;")
    assert overflow <= 320
    box = page.run("const r = document.getElementById('body').getBoundingClientRect();"
                   "return [r.left, r.right];")
    assert box[0] >= 0 and box[1] <= 320


def test_short_links_and_copy_json(page: Browser) -> None:
    body = "Sale today: example.com/summer/sale/2026/shoes?colour=red"
    page.type("#body", body)
    page.click("#short-links")
    page.settle()
    assert page.text("#parts .part-text") == "Sale today: https://sms.example/xxxxxxx"
    assert page.text("#out-original") == "1 part(s), 57 septets"
    origin = page.run("return location.origin;")
    page.command("POST", "/goog/cdp/execute", {"cmd": "Browser.grantPermissions", "params": {
        "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}})
    page.click("#copy-json")
    for _ in range(200):
        status = page.text("#status")
        if "JSON" in status:
            break
        time.sleep(0.025)
    assert status == "JSON copied."
    copied = page.command("POST", "/execute/async", {"args": [], "script":
                          "navigator.clipboard.readText().then(arguments[0]);"})
    assert copied == page.text("#json")
    assert json.loads(copied)["text"] == "Sale today: https://sms.example/xxxxxxx"


def test_an_error_is_shown_and_clears_the_numbers(page: Browser) -> None:
    page.click("#encoding option[value='gsm7']")
    page.type("#body", "Жук")
    page.settle()
    assert page.text("#out-parts") == "–"
    assert "Ж" in page.text("#error")
    # Nothing to copy while the numbers are cleared.
    assert page.run("return document.getElementById('copy-json').disabled;") is True
    page.click("#encoding option[value='auto']")
    page.settle()
    assert (page.text("#out-encoding"), page.text("#error")) == ("UCS2", "")


def test_transliteration_mode_selector(page: Browser) -> None:
    body = "Ελλάδα και Zażółć"
    page.type("#body", body)
    page.settle()
    assert page.run("return document.getElementById('transcode-mode').disabled;") is True
    modes = page.run("return [...document.querySelectorAll('#transcode-mode option')]"
                     ".map(o => o.value);")
    assert modes == [mode.value for mode in TransliterationMode]
    page.click("#transcode")
    page.settle()
    assert page.text("#transcode-parts .transcoded") == "EΛΛAΔA KAI Zazolc"  # ALL: Greek capitals
    page.click("#transcode-mode option[value='CYRILLIC']")
    page.settle()
    result = analyze(body, transcode="CYRILLIC")
    assert result.transcode is not None
    assert result.transcode.message == "Ellada kai Zazolc"
    assert page.text("#transcode-title") == "Transliterated, mode CYRILLIC"
    assert page.text("#transcode-parts .transcoded") == result.transcode.message
    assert page.texts("#transcode-parts .transcoded mark") == [
        r.replacement for r in sorted(result.transcode.replacements, key=lambda r: r.index)
    ]
    assert page.text("#transcode-summary").startswith("1 part(s) instead of 1 (0 saved), 13 ")
    page.click("#transcode-mode option[value='SMART']")
    page.settle()
    assert analyze(body, transcode="SMART").transcode is None
    assert page.text("#transcode-title") == "Transliterated, mode SMART"
    assert page.text("#transcode-summary").startswith("No GSM-7 version: ")


def _tip(page: Browser) -> list[Any]:
    return list(page.run(
        "const tip = document.getElementById('tip'); const r = tip.getBoundingClientRect();"
        "return [tip.hidden, getComputedStyle(tip).display, r.width > 0, tip.textContent];"
    ))


def test_highlights_are_reachable_and_described_from_the_keyboard(page: Browser) -> None:
    body = "Zażółć"
    page.type("#body", body)
    page.settle()
    # Tab from the text box through the options (disabled ones are skipped) to the first
    # highlight: the parts' highlights are one tab stop.
    order = []
    for _ in range(8):
        page.keys(KEY_TAB)
        order.append(page.run("const a = document.activeElement;"
                              "return a.id || a.className + ':' + a.textContent;"))
    assert order == ["language", "encoding", "concat", "transcode", "short-links", "segments",
                     "copy-json", "mark ucs2:ż"]
    focused = page.run("const a = document.activeElement;"
                       "return [a.getAttribute('aria-describedby'), a.tabIndex];")
    assert focused == ["tip", 0]
    assert _tip(page) == [False, "block", True,
                          "LATIN SMALL LETTER Z WITH DOT ABOVE · U+017C · forces UCS-2 · "
                          "transliterated to “z”"]
    page.keys(KEY_RIGHT)
    assert page.run("return document.activeElement.textContent;") == "ó"
    assert _tip(page)[3] == ("LATIN SMALL LETTER O WITH ACUTE · U+00F3 · forces UCS-2 · "
                             "transliterated to “o”")
    # One tab stop: the next Tab leaves the highlights for the table below.
    assert page.run("return [...document.querySelectorAll('#parts [data-tip]')]"
                    ".map(m => m.tabIndex);") == [-1, 0, -1, -1]
    page.keys(KEY_ESCAPE)
    assert _tip(page)[0] is True
    page.keys(KEY_TAB)
    assert page.run("return document.activeElement.closest('#parts') === null;") is True
    assert _tip(page)[0] is True
    # The mouse shows the same tooltip.
    page.hover("#parts .mark.ucs2:last-child")
    assert _tip(page) == [False, "block", True,
                          "LATIN SMALL LETTER C WITH ACUTE · U+0107 · forces UCS-2 · "
                          "transliterated to “c”"]


def test_narrow_page_summary_under_the_box_and_no_shift(page: Browser) -> None:
    page.emulate_width(320)
    page.open(page.run("return location.href;"))
    page.settle()
    box = "const r = document.getElementById('body').getBoundingClientRect();" \
          "return [r.x, r.y, r.width, r.height];"
    page.type("#body", "a" * 150)
    page.settle()
    before = page.run(box)
    assert page.text("#out-parts") == "1"
    page.type("#body", "b" * 20)  # 170 septets: two parts
    page.settle()
    assert page.text("#out-parts") == "2"
    assert page.run(box) == before
    place = page.run(
        "const y = (css) => document.querySelector(css).getBoundingClientRect();"
        "return [y('#body').bottom, y('.summary').top, y('.summary dl > div').top,"
        "y('#language').top];"
    )
    textarea_bottom, summary_top, first_box, first_option = place
    assert 0 <= summary_top - textarea_bottom <= 16  # the grid's gap, nothing between
    assert first_box == summary_top
    assert first_option > first_box
    widths = page.run("const d = document.documentElement; return [d.scrollWidth, d.clientWidth];")
    assert widths[0] <= widths[1] == 320
    # A hostile-width body: a long unbroken word, a wide table, the tooltip at the edge.
    page.run("const box = document.getElementById('body'); box.value = arguments[0];"
             "box.dispatchEvent(new Event('input'));", "x" * 300 + " €" * 40 + " ż" * 5)
    page.settle()
    page.hover("#parts .mark.ucs2")
    widths = page.run("const d = document.documentElement; return [d.scrollWidth, d.clientWidth];")
    assert widths[0] <= widths[1] == 320


def test_a_link_chooses_the_transliteration_mode(page: Browser, page_url: str) -> None:
    page.open("about:blank")  # a new load: the fixture's page differs only in the fragment
    page.open(page_url + "#body=%CE%95%CE%BB%CE%BB%CE%AC%CE%B4%CE%B1&transcode=1"
              "&transcode-mode=CYRILLIC")
    page.settle()
    result = analyze("Ελλάδα", transcode="CYRILLIC")
    assert result.transcode is not None and result.transcode.message == "Ellada"
    assert page.run("const m = document.getElementById('transcode-mode');"
                    "return [m.value, m.disabled];") == ["CYRILLIC", False]
    assert page.text("#transcode-parts .transcoded") == "Ellada"
