"""Render the transliteration maps of ``sms_codec.translit_maps`` into docs/transliteration.md.

The tables go between the ``<!-- maps:begin -->`` and ``<!-- maps:end -->`` markers;
everything else in the document is written by hand.

    python scripts/render_translit_docs.py          # rewrite the tables
    python scripts/render_translit_docs.py --check  # exit 1 when the document is stale
"""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Mapping
from pathlib import Path

from sms_codec import translit_maps as maps

ROOT = Path(__file__).resolve().parent.parent

DOC = ROOT / "docs" / "transliteration.md"
BEGIN = "<!-- maps:begin -->"
END = "<!-- maps:end -->"
PAIRS_PER_ROW = 4

SECTIONS: tuple[tuple[str, str, Mapping[str, str]], ...] = (
    ("TURKISH", "Turkish (mode `TURKISH`)", maps.TURKISH),
    ("GREEK", "Greek (mode `GREEK`)", maps.GREEK),
    ("RUSSIAN", "Russian (mode `CYRILLIC`)", maps.RUSSIAN),
    ("UKRAINIAN", "Ukrainian (mode `CYRILLIC`), inside a word", maps.UKRAINIAN),
    (
        "UKRAINIAN_WORD_INITIAL",
        "Ukrainian (mode `CYRILLIC`), at the start of a word",
        maps.UKRAINIAN_WORD_INITIAL,
    ),
    ("BULGARIAN", "Bulgarian (mode `BULGARIAN_CYRILLIC`)", maps.BULGARIAN),
    (
        "BULGARIAN_WORD_FINAL_AFTER_I",
        "Bulgarian: я after и at the end of a word (-ия -> -ia)",
        maps.BULGARIAN_WORD_FINAL_AFTER_I,
    ),
    (
        "SERBIAN_CYRILLIC_TO_LATIN",
        "Serbian, step 1: Cyrillic to Gaj's Latin (mode `SERBIAN_CYRILLIC`)",
        maps.SERBIAN_CYRILLIC_TO_LATIN,
    ),
    (
        "SERBIAN_LATIN_TO_GSM",
        "Serbian, step 2: Gaj's Latin to GSM (mode `SERBIAN_CYRILLIC`)",
        maps.SERBIAN_LATIN_TO_GSM,
    ),
    ("CENTRAL_EUROPEAN", "Central European (mode `CENTRAL_EUROPEAN`)", maps.CENTRAL_EUROPEAN),
    ("BALTIC", "Baltic (mode `BALTIC`)", maps.BALTIC),
    ("PORTUGUESE", "Portuguese (mode `PORTUGUESE`)", maps.PORTUGUESE),
    ("COLOMBIAN", "Spanish (mode `COLOMBIAN`)", maps.COLOMBIAN),
    ("SYMBOLS", "Symbols (modes `NON_UNICODE` and `ALL`)", maps.SYMBOLS),
    ("TYPOGRAPHIC", "Typographic (every mode)", maps.TYPOGRAPHIC),
)


def _visible(text: str) -> bool:
    # Marks such as the variation selectors are "printable" but show nothing on their own.
    marks = any(unicodedata.category(c) in ("Mn", "Me") for c in text)
    # A character this Python's Unicode database does not know yet (Cn: U+2E5D, a dash of
    # Unicode 14, on Python 3.10) is assigned by the newer one the maps follow: printable.
    printable = all(c.isprintable() or unicodedata.category(c) == "Cn" for c in text)
    return printable and text.strip() == text and "|" not in text and not marks


def _shown(text: str) -> str:
    """A replacement as a reader sees it."""
    if text == "":
        return "*(removed)*"
    if text == " ":
        return "space"
    if text == "\n":
        return "line feed"
    if _visible(text):
        return f"`` {text} ``" if "`" in text else f"`{text}`"
    return " ".join(f"U+{ord(c):04X}" for c in text)


def _key(char: str) -> str:
    """A mapped character with its code point, and its name when it is invisible."""
    if _visible(char):
        return f"{_shown(char)} U+{ord(char):04X}"
    return f"U+{ord(char):04X} {unicodedata.name(char, 'CHARACTER TABULATION').lower()}"


def table(mapping: Mapping[str, str]) -> str:
    """A Markdown table of ``mapping``, four ``from -> to`` pairs a row."""
    head = "| " + " | ".join(["From", "To"] * PAIRS_PER_ROW) + " |"
    rule = "|" + "---|" * (2 * PAIRS_PER_ROW)
    items = list(mapping.items())
    rows = []
    for start in range(0, len(items), PAIRS_PER_ROW):
        chunk = items[start : start + PAIRS_PER_ROW]
        cells = [cell for k, v in chunk for cell in (_key(k), _shown(v))]
        cells += [""] * (2 * PAIRS_PER_ROW - len(cells))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join([head, rule, *rows])


def render() -> str:
    """The generated block, markers included."""
    blocks = [BEGIN, ""]
    for name, title, mapping in SECTIONS:
        blocks.append(f"### {title}")
        blocks.append("")
        blocks.append(f"`sms_codec.translit_maps.{name}`, {len(mapping)} entries.")
        blocks.append("")
        blocks.append(table(mapping))
        blocks.append("")
    blocks.append(END)
    return "\n".join(blocks)


def updated(document: str) -> str:
    """``document`` with its generated block replaced by a fresh one."""
    start = document.index(BEGIN)
    end = document.index(END) + len(END)
    return document[:start] + render() + document[end:]


def main(argv: list[str]) -> int:
    document = DOC.read_text(encoding="utf-8")
    fresh = updated(document)
    if "--check" in argv:
        if fresh != document:
            print(f"{DOC} is stale: run scripts/render_translit_docs.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
