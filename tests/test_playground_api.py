"""The playground's JSON API and server over real HTTP on loopback (no browser)."""

from __future__ import annotations

import http.client
import json
import select
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from _served import get, served

from sms_codec import analyze, split
from sms_codec.cli import main
from sms_codec.playground import MAX_BODY_CHARACTERS, MAX_REQUEST_BYTES, make_server
from sms_codec.wire import parse_udh


class Served:
    def __init__(self, **options: Any) -> None:
        self.httpd = make_server("127.0.0.1", 0, **options)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            conn.close()

    def analyze(self, payload: object) -> tuple[int, Any]:
        status, _, data = self.request(
            "POST", "/api/analyze", json.dumps(payload).encode(),
            {"Content-Type": "application/json"},
        )
        return status, json.loads(data)

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server() -> Iterator[Served]:
    served = Served()
    yield served
    served.close()


def test_gsm_body_with_escapes(server: Served) -> None:
    status, out = server.analyze({"body": "Hello [world] €5"})
    assert status == 200
    assert (out["encoding"], out["characters"], out["units"], out["parts"], out["remaining"]) == (
        "GSM7", 16, 19, 1, 141
    )
    assert out["split"] == [{"start": 0, "end": 16, "text": "Hello [world] €5", "units": 19}]
    assert [(c["character"], c["codePoint"], c["name"], c["cost"]) for c in out["special"]] == [
        ("[", "U+005B", "LEFT SQUARE BRACKET", "escape"),
        ("]", "U+005D", "RIGHT SQUARE BRACKET", "escape"),
        ("€", "U+20AC", "EURO SIGN", "escape"),
    ]
    assert {k: out[k] for k in analyze("Hello [world] €5").to_dict()} == analyze(
        "Hello [world] €5"
    ).to_dict()


def test_turkish_body_takes_the_turkish_locking_table(server: Served) -> None:
    # ğ is in the Turkish locking table: 6 septets beside a 4-octet UDH (155 septets).
    status, out = server.analyze({"body": "ağabey", "language": "tr"})
    assert status == 200
    assert (out["encoding"], out["units"], out["remaining"], out["lockingShift"],
            out["singleShift"], out["special"]) == ("GSM7", 6, 149, "tr", None, [])
    status, plain = server.analyze({"body": "ağabey"})
    assert (plain["encoding"], plain["special"][0]["character"]) == ("UCS2", "ğ")


def test_emoji_on_a_part_boundary_starts_the_next_part(server: Served) -> None:
    body = "a" * 66 + "😀" + "bbb"
    status, out = server.analyze({"body": body})
    assert status == 200
    assert (out["encoding"], out["units"], out["parts"], out["unitsPerPart"], out["remaining"]) == (
        "UCS2", 71, 2, 67, 62
    )
    assert [(p["text"], p["units"]) for p in out["split"]] == [("a" * 66, 66), ("😀bbb", 5)]
    assert [p["text"] for p in out["split"]] == split(body)
    assert out["special"][0]["units"] == 2


def test_family_emoji_is_never_cut(server: Served) -> None:
    family = "👨\u200d👩\u200d👧"
    status, out = server.analyze({"body": "a" * 64 + family + " ok"})
    assert status == 200
    assert [p["text"] for p in out["split"]] == ["a" * 64, family + " ok"]
    assert [p["units"] for p in out["split"]] == [64, 11]


def test_short_links_price_the_body_as_sent(server: Served) -> None:
    status, out = server.analyze({
        "body": "See example.com/a/very/long/path/indeed/yes now",
        "short_links": {"base_url": "https://sms.example/", "code_length": 7},
    })
    assert status == 200
    assert out["text"] == "See https://sms.example/xxxxxxx now"
    assert (out["characters"], out["original"]["characters"]) == (35, 47)


def test_segments_in_hex(server: Served) -> None:
    status, out = server.analyze({"body": "a" * 161, "segments": True})
    assert status == 200
    first, second = out["split"]
    assert (first["udh"][:6], first["udh"][8:], second["udh"][8:]) == ("050003", "0201", "0202")
    assert first["udh"][6:8] == second["udh"][6:8]  # one reference for the whole message
    assert second["userData"] == second["udh"] + "61" * 8
    assert (first["dataCoding"], first["udl"], second["udl"]) == (0, 7 + 153, 7 + 8)
    concat = parse_udh(bytes.fromhex(first["udh"])).concat
    assert concat is not None and (concat.total, concat.sequence) == (2, 1)


def test_segments_past_255_parts_are_reported_not_refused(server: Served) -> None:
    status, out = server.analyze({"body": "a" * (153 * 255 + 1), "segments": True})
    assert status == 200
    assert out["parts"] == 256
    assert "256 parts" in out["segmentsError"]
    assert "userData" not in out["split"][0]


def test_transcode_detail_marks_each_replacement(server: Served) -> None:
    body = "Привет! " * 10  # 80 UCS-2 units: 2 parts; 80 septets transliterated: 1 part
    status, out = server.analyze({"body": body, "transcode": True})
    assert status == 200
    detail = out["transcodeDetail"]
    assert (out["parts"], detail["offered"], detail["parts"], detail["partsSaved"]) == (
        2, True, 1, 1
    )
    assert detail["message"] == "Privet! " * 10
    assert len(detail["replacements"]) == 60
    for change in detail["replacements"]:
        assert detail["message"][change["at"]:change["at"] + change["length"]] == (
            change["replacement"]
        )
    assert out["special"][0]["replacement"] == "P"


def test_transcode_with_a_longer_replacement_keeps_positions(server: Served) -> None:
    status, out = server.analyze({"body": "½ off… ok ő", "transcode": True})
    assert status == 200
    detail = out["transcodeDetail"]
    assert detail["message"] == "1/2 off... ok o"
    assert [(c["at"], c["length"]) for c in detail["replacements"]] == [(0, 3), (7, 3), (14, 1)]


def test_transcode_not_offered_says_why(server: Served) -> None:
    _, gsm = server.analyze({"body": "plain", "transcode": True})
    assert gsm["transcodeDetail"] == {"mode": "ALL", "offered": False,
                                      "reason": "the body already travels as GSM-7"}
    _, emoji = server.analyze({"body": "ok 😀", "transcode": "ALL"})
    assert emoji["transcodeDetail"]["reason"] == "no GSM-7 rendering for 1 character(s): 😀"


@pytest.mark.parametrize(
    ("payload", "field", "kind"),
    [
        ({"body": "hi", "language": "xx"}, "language", "OptionError"),
        ({"body": "hi", "language": ["tr", 5]}, "language", "ArgumentTypeError"),
        ({"body": "hi", "encoding": "latin1"}, "encoding", "OptionError"),
        ({"body": "Жук", "encoding": "gsm7"}, "encoding", "EncodingError"),
        ({"body": "hi", "transcode": "KLINGON"}, "transcode", "OptionError"),
        ({"body": "hi", "transcode": 1}, "transcode", "ArgumentTypeError"),
        ({"body": "hi", "short_links": True}, "short_links", "ArgumentTypeError"),
        ({"body": "hi", "short_links": {"base_url": "ftp://x"}}, "short_links", "LinkError"),
        ({"body": "hi", "segments": "yes"}, "segments", "ArgumentTypeError"),
        ({"body": "hi", "concat_reference": 12}, "concat_reference", "OptionError"),
        ({"body": "hi", "colour": "red"}, "colour", "OptionError"),
        ({"body": 5}, "body", "ArgumentTypeError"),
        ({"body": "a\ud800b"}, "body", "InvalidBodyError"),
        ({}, "body", "OptionError"),
        (["hi"], None, "ArgumentTypeError"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    server: Served, payload: object, field: str | None, kind: str
) -> None:
    status, out = server.analyze(payload)
    assert status == 400
    assert (out["error"]["status"], out["error"]["field"], out["error"]["type"]) == (
        400, field, kind
    )
    assert out["error"]["message"]


def test_not_json_and_not_utf8_are_400(server: Served) -> None:
    for data in (b"{nope", b'{"body": "\xff"}'):
        status, _, reply = server.request("POST", "/api/analyze", data,
                                          {"Content-Type": "application/json"})
        assert status == 400
        assert json.loads(reply)["error"]["field"] is None


def test_a_body_over_the_bound_is_a_413(server: Served) -> None:
    status, out = server.analyze({"body": "a" * (MAX_BODY_CHARACTERS + 1)})
    assert (status, out["error"]["field"], out["error"]["type"]) == (413, "body", "SizeLimitError")
    assert out["error"]["message"] == "body has 50001 characters; the bound is 50000"
    status, _ = server.analyze({"body": "a" * MAX_BODY_CHARACTERS})
    assert status == 200


def test_a_request_over_the_bound_is_a_413_json(server: Served) -> None:
    data = b'{"body": "' + b"a" * MAX_REQUEST_BYTES + b'"}'
    status, headers, reply = server.request("POST", "/api/analyze", data,
                                            {"Content-Type": "application/json"})
    assert status == 413
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert json.loads(reply)["error"]["type"] == "SizeLimitError"


def test_methods_paths_and_media_types(server: Served) -> None:
    status, headers, reply = server.request("GET", "/api/analyze")
    assert (status, headers["Allow"], json.loads(reply)["error"]["type"]) == (
        405, "POST", "MethodNotAllowed"
    )
    status, headers, _ = server.request("POST", "/", b"{}", {"Content-Type": "application/json"})
    assert (status, headers["Allow"]) == (405, "GET, HEAD")
    status, _, reply = server.request("GET", "/nope<script>")
    assert (status, json.loads(reply)["error"]["type"]) == (404, "NotFound")
    assert b"script" not in reply  # nothing of the request is echoed back
    status, _, reply = server.request("POST", "/api/analyze", b'{"body": "x"}',
                                      {"Content-Type": "text/plain"})
    assert (status, json.loads(reply)["error"]["type"]) == (415, "UnsupportedMediaType")


def test_missing_length_is_411() -> None:
    served = Served()
    try:
        with socket.create_connection(("127.0.0.1", served.port), timeout=10) as conn:
            conn.sendall(b"POST /api/analyze HTTP/1.0\r\nContent-Type: application/json\r\n\r\n")
            reply = b"".join(iter(lambda: conn.recv(65536), b""))
        assert reply.startswith(b"HTTP/1.0 411 ")
    finally:
        served.close()


def test_the_page_and_its_files_are_served_with_a_strict_policy(server: Served) -> None:
    status, headers, page = server.request("GET", "/")
    assert status == 200
    assert b'<textarea id="body"' in page
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    for path, kind in (("/playground.js", "text/javascript"), ("/playground.css", "text/css")):
        status, headers, data = server.request("GET", path)
        assert (status, headers["Content-Type"].split(";")[0]) == (200, kind)
        assert data and b"http://" not in data and b"https://cdn" not in data
    status, headers, data = server.request("HEAD", "/")
    assert (status, data, int(headers["Content-Length"])) == (200, b"", len(page))


def test_meta_lists_the_national_languages(server: Served) -> None:
    status, _, data = server.request("GET", "/api/meta")
    meta = json.loads(data)
    assert status == 200
    assert len(meta["languages"]) == 13
    assert {"code": "tr", "name": "Turkish", "locking": True} in meta["languages"]
    assert meta["limits"] == {"requestBytes": 1_048_576, "bodyCharacters": 50_000}


def test_an_idle_connection_is_closed_after_the_read_timeout() -> None:
    served = Served(timeout=0.3, deadline=30.0)
    try:
        with socket.create_connection(("127.0.0.1", served.port), timeout=20) as conn:
            assert conn.recv(1024) == b""  # closed by the server, not by our 20 s timeout
    finally:
        served.close()


def test_a_trickling_client_is_cut_at_the_deadline() -> None:
    served = Served(timeout=5.0, deadline=0.5)
    try:
        with socket.create_connection(("127.0.0.1", served.port), timeout=20) as conn:
            conn.sendall(b"POST /api/analyze HTTP/1.0\r\nX-Slow: ")
            cut = False
            for _ in range(200):  # a byte every 50 ms, well inside the read timeout
                readable, _, _ = select.select([conn], [], [], 0.05)
                if readable:
                    cut = conn.recv(1024) == b""
                    break
                conn.sendall(b"x")
            assert cut
    finally:
        served.close()


def test_the_pool_bounds_the_threads_and_still_serves() -> None:
    served = Served(workers=2, timeout=0.25)
    try:
        before = threading.active_count()
        idle = [socket.create_connection(("127.0.0.1", served.port)) for _ in range(6)]
        time.sleep(0.2)
        # Two workers and their two deadline timers at most, whatever the number of clients.
        assert threading.active_count() - before <= 4
        status, out = served.analyze({"body": "still served"})
        assert (status, out["parts"]) == (200, 1)
        for conn in idle:
            conn.close()
    finally:
        served.close()


def test_cli_serves_until_interrupted() -> None:
    with served("playground", "--port", "0") as (port, line):
        assert line.startswith("sms-codec playground: open http://127.0.0.1:")
        assert get(port, "/").status == 200


def test_cli_busy_port_is_one_line_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["playground", "--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"sms-codec playground: error: cannot listen on 127.0.0.1:{port}")


def test_cli_port_out_of_range_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["playground", "--port", "70000"]) == 2
    assert "--port must be between 0 and 65535" in capsys.readouterr().err
