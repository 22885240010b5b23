"""``import sms_codec`` stays cheap for users who only count parts: the link stores,
the redirect service and their optional dependencies are loaded only when used."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sqlite3", "_sqlite3", "ua_parser", "wsgiref", "socketserver", "redis", "maxminddb")


def _loaded_after(statement: str) -> list[str]:
    code = (
        f"import sys, json; {statement}; "
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def test_import_sms_codec_loads_no_heavy_module() -> None:
    assert _loaded_after("import sms_codec") == []


def test_import_sms_codec_links_loads_no_heavy_module() -> None:
    assert _loaded_after("import sms_codec.links") == []


def test_the_check_sees_a_heavy_import() -> None:
    # Would pass vacuously if the subprocess looked at the wrong modules.
    assert "wsgiref" in _loaded_after("import sms_codec.tracking")
    assert "sqlite3" in _loaded_after("import sms_codec.links as l, tempfile, os; "
                                      "l.SQLiteStore(os.path.join(tempfile.mkdtemp(), 'x.db'))")
