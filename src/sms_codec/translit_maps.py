"""The transliteration maps, as data: one ``dict`` of character -> GSM replacement each.

Every value is GSM-7 under the default alphabet and its extension table, so a map never
needs a national language table to be useful. Upper and lower case are written out, not
derived, because the case rules differ by script (Turkish ``ı``/``İ``, the Greek handset
convention). ``docs/transliteration.md`` shows every map as a table, rendered by
``scripts/render_translit_docs.py`` from this module.

>>> RUSSIAN["щ"], BULGARIAN["щ"], UKRAINIAN["г"], GREEK["λ"], CENTRAL_EUROPEAN["ő"]
('shch', 'sht', 'h', 'Λ', 'o')
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "BALTIC",
    "BULGARIAN",
    "BULGARIAN_WORD_FINAL_AFTER_I",
    "CENTRAL_EUROPEAN",
    "COLOMBIAN",
    "GREEK",
    "MODE_MAPS",
    "PORTUGUESE",
    "RUSSIAN",
    "SERBIAN",
    "SERBIAN_CYRILLIC_TO_LATIN",
    "SERBIAN_LATIN_TO_GSM",
    "SERBIAN_MARKERS",
    "SYMBOLS",
    "TURKISH",
    "TYPOGRAPHIC",
    "UKRAINIAN",
    "UKRAINIAN_MARKERS",
    "UKRAINIAN_WORD_INITIAL",
]

#: Turkish letters outside the default alphabet (ç Ç ö Ö ü Ü: only ç is missing).
TURKISH: dict[str, str] = {
    "ç": "c", "ğ": "g", "Ğ": "G", "ı": "i", "İ": "I", "ş": "s", "Ş": "S",
    "â": "a", "Â": "A", "î": "i", "Î": "I", "û": "u", "Û": "U",
}

#: The handset convention: lower case to the GSM capitals; Δ Φ Γ Λ Ω Π Ψ Σ Θ Ξ are GSM
#: already, the other capitals become the Latin capital that looks the same.
GREEK: dict[str, str] = {
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
    "Ά": "A", "Έ": "E", "Ή": "H", "Ί": "I", "Ό": "O", "Ύ": "Y", "Ώ": "Ω", "Ϊ": "I", "Ϋ": "Y",
    "α": "A", "β": "B", "γ": "Γ", "δ": "Δ", "ε": "E", "ζ": "Z", "η": "H", "θ": "Θ",
    "ι": "I", "κ": "K", "λ": "Λ", "μ": "M", "ν": "N", "ξ": "Ξ", "ο": "O", "π": "Π",
    "ρ": "P", "σ": "Σ", "ς": "Σ", "τ": "T", "υ": "Y", "φ": "Φ", "χ": "X", "ψ": "Ψ",
    "ω": "Ω",
    "ά": "A", "έ": "E", "ή": "H", "ί": "I", "ό": "O", "ύ": "Y", "ώ": "Ω", "ϊ": "I",
    "ϋ": "Y", "ΐ": "I", "ΰ": "Y",
}

#: Russian, BGN/PCGN style written in plain ASCII: ё -> yo, and both signs -> apostrophe.
RUSSIAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "'", "ы": "y", "ь": "'", "э": "e", "ю": "yu",
    "я": "ya",
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "Yo", "Ж": "Zh",
    "З": "Z", "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O",
    "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "Kh", "Ц": "Ts",
    "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ъ": "'", "Ы": "Y", "Ь": "'", "Э": "E", "Ю": "Yu",
    "Я": "Ya",
}

#: Ukrainian, the national system of 2010 (KMU resolution 55): є ї й ю я take these
#: forms inside a word and :data:`UKRAINIAN_WORD_INITIAL` at its start; ь is dropped.
UKRAINIAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia",
    "А": "A", "Б": "B", "В": "V", "Г": "H", "Ґ": "G", "Д": "D", "Е": "E", "Є": "Ie",
    "Ж": "Zh", "З": "Z", "И": "Y", "І": "I", "Ї": "I", "Й": "I", "К": "K", "Л": "L",
    "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U",
    "Ф": "F", "Х": "Kh", "Ц": "Ts", "Ч": "Ch", "Ш": "Sh", "Щ": "Shch", "Ь": "", "Ю": "Iu",
    "Я": "Ia",
}

#: The word-initial forms of the Ukrainian national system.
UKRAINIAN_WORD_INITIAL: dict[str, str] = {
    "є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya",
    "Є": "Ye", "Ї": "Yi", "Й": "Y", "Ю": "Yu", "Я": "Ya",
}

#: Letters that only Ukrainian has among these alphabets: their presence selects it.
UKRAINIAN_MARKERS: frozenset[str] = frozenset("ґєіїҐЄІЇ")

#: Bulgarian, the Streamlined System (2009 transliteration act): Ъ -> A, Щ -> Sht.
BULGARIAN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "sht", "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ж": "Zh", "З": "Z",
    "И": "I", "Й": "Y", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P",
    "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "H", "Ц": "Ts", "Ч": "Ch",
    "Ш": "Sh", "Щ": "Sht", "Ъ": "A", "Ь": "Y", "Ю": "Yu", "Я": "Ya",
}

#: The Streamlined System writes a word-final "ия" as "ia": я after и at the end of a word.
BULGARIAN_WORD_FINAL_AFTER_I: dict[str, str] = {"я": "a", "Я": "A"}

#: Serbian Cyrillic to Gaj's Latin alphabet, letter for letter.
SERBIAN_CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Ђ": "Đ", "Е": "E", "Ж": "Ž",
    "З": "Z", "И": "I", "Ј": "J", "К": "K", "Л": "L", "Љ": "Lj", "М": "M", "Н": "N",
    "Њ": "Nj", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "Ћ": "Ć", "У": "U",
    "Ф": "F", "Х": "H", "Ц": "C", "Ч": "Č", "Џ": "Dž", "Ш": "Š",
}

#: Gaj's letters that GSM lacks; đ keeps its sound as "dj", the rest lose the diacritic.
SERBIAN_LATIN_TO_GSM: dict[str, str] = {
    "č": "c", "ć": "c", "đ": "dj", "š": "s", "ž": "z",
    "Č": "C", "Ć": "C", "Đ": "Dj", "Š": "S", "Ž": "Z",
}

#: Letters that only Serbian has among these Cyrillic alphabets.
SERBIAN_MARKERS: frozenset[str] = frozenset("ђјљњћџЂЈЉЊЋЏ")

#: Serbian Cyrillic composed with Gaj-to-GSM, plus Gaj-to-GSM for Latin-script Serbian.
SERBIAN: dict[str, str] = {
    **{
        cyrillic: "".join(SERBIAN_LATIN_TO_GSM.get(letter, letter) for letter in latin)
        for cyrillic, latin in SERBIAN_CYRILLIC_TO_LATIN.items()
    },
    **SERBIAN_LATIN_TO_GSM,
}

#: Polish, Czech, Slovak, Hungarian, Romanian, Croatian and Slovenian letters that GSM
#: lacks. é ä ö ü É Ä Ö Ü are GSM and stay. ő and ű lose the accent rather than become ö
#: and ü, which are different letters in Hungarian.
CENTRAL_EUROPEAN: dict[str, str] = {
    # Polish
    "ą": "a", "Ą": "A", "ć": "c", "Ć": "C", "ę": "e", "Ę": "E", "ł": "l", "Ł": "L",
    "ń": "n", "Ń": "N", "ó": "o", "Ó": "O", "ś": "s", "Ś": "S", "ź": "z", "Ź": "Z",
    "ż": "z", "Ż": "Z",
    # Czech and Slovak
    "á": "a", "Á": "A", "č": "c", "Č": "C", "ď": "d", "Ď": "D", "ě": "e", "Ě": "E",
    "í": "i", "Í": "I", "ň": "n", "Ň": "N", "ř": "r", "Ř": "R", "š": "s", "Š": "S",
    "ť": "t", "Ť": "T", "ú": "u", "Ú": "U", "ů": "u", "Ů": "U", "ý": "y", "Ý": "Y",
    "ž": "z", "Ž": "Z", "ĺ": "l", "Ĺ": "L", "ľ": "l", "Ľ": "L", "ŕ": "r", "Ŕ": "R",
    "ô": "o", "Ô": "O",
    # Hungarian
    "ő": "o", "Ő": "O", "ű": "u", "Ű": "U",
    # Romanian, with the comma-below letters and their cedilla look-alikes
    "ă": "a", "Ă": "A", "â": "a", "Â": "A", "î": "i", "Î": "I", "ș": "s", "Ș": "S",
    "ț": "t", "Ț": "T", "ş": "s", "Ş": "S", "ţ": "t", "Ţ": "T",
    # Croatian and Slovenian
    "đ": "dj", "Đ": "Dj",
}

#: Lithuanian, Latvian and Estonian letters that GSM lacks (ä ö ü are GSM).
BALTIC: dict[str, str] = {
    # Lithuanian
    "ą": "a", "Ą": "A", "č": "c", "Č": "C", "ę": "e", "Ę": "E", "ė": "e", "Ė": "E",
    "į": "i", "Į": "I", "š": "s", "Š": "S", "ų": "u", "Ų": "U", "ū": "u", "Ū": "U",
    "ž": "z", "Ž": "Z",
    # Latvian
    "ā": "a", "Ā": "A", "ē": "e", "Ē": "E", "ģ": "g", "Ģ": "G", "ī": "i", "Ī": "I",
    "ķ": "k", "Ķ": "K", "ļ": "l", "Ļ": "L", "ņ": "n", "Ņ": "N",
    # Estonian
    "õ": "o", "Õ": "O",
}

#: Portuguese letters outside the default alphabet (à Ç é É ü Ü are GSM).
PORTUGUESE: dict[str, str] = {
    "á": "a", "Á": "A", "â": "a", "Â": "A", "ã": "a", "Ã": "A", "À": "A", "ç": "c",
    "ê": "e", "Ê": "E", "í": "i", "Í": "I", "ó": "o", "Ó": "O", "ô": "o", "Ô": "O",
    "õ": "o", "Õ": "O", "ú": "u", "Ú": "U", "ª": "a", "º": "o",
}

#: Spanish letters outside the default alphabet (é É ñ Ñ ü Ü ¿ ¡ are GSM).
COLOMBIAN: dict[str, str] = {
    "á": "a", "Á": "A", "í": "i", "Í": "I", "ó": "o", "Ó": "O", "ú": "u", "Ú": "U",
}

#: Symbols with an ASCII rendering: NON_UNICODE and ALL only, since they lengthen the text.
SYMBOLS: dict[str, str] = {
    "©": "(C)", "®": "(R)", "™": "TM", "℠": "SM", "℗": "(P)", "№": "No",
    "½": "1/2", "¼": "1/4", "¾": "3/4", "¹": "1", "²": "2", "³": "3",
    "×": "x", "÷": "/", "±": "+/-", "≤": "<=", "≥": ">=", "≠": "!=",
    "→": "->", "←": "<-", "↔": "<->", "⇒": "=>",
    "¢": "c", "₽": "RUB", "₴": "UAH", "₺": "TL", "₹": "INR", "₪": "ILS", "₩": "KRW",
    "₦": "NGN", "₱": "PHP", "₸": "KZT", "₼": "AZN", "₾": "GEL", "₿": "BTC",
}

#: Applied by every mode: quotes, primes, dashes, ellipsis, spaces, full-width ASCII,
#: bullets, and the invisible characters, which are removed.
TYPOGRAPHIC: dict[str, str] = {
    # quotes, apostrophes and primes
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "ʼ": "'", "ʹ": "'", "´": "'", "`": "'",
    "′": "'", "‵": "'", "‹": "'", "›": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‶": '"', "ʺ": '"', "«": '"',
    "»": '"',
    # dashes and the minus sign: every character of Unicode's Dash property (Unicode 17)
    "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "―": "-", "−": "-", "⁃": "-",
    "\u058a": "-", "\u05be": "-", "\u1400": "-", "\u1806": "-", "\u2053": "-",
    "\u207b": "-", "\u208b": "-", "\u2e17": "-", "\u2e1a": "-", "\u2e3a": "-",
    "\u2e3b": "-", "\u2e40": "-", "\u2e5d": "-", "\u301c": "-", "\u3030": "-",
    "\u30a0": "-", "\ufe31": "-", "\ufe32": "-", "\ufe58": "-", "\ufe63": "-",
    "\U00010d6e": "-", "\U00010ead": "-",
    # ellipsis and two-dot leader
    "…": "...", "‥": "..",
    # spaces: tab, no-break, the U+2002 block, narrow no-break, ideographic and others
    # (U+2000 and U+2001 need no entry: NFC turns them into U+2002 and U+2003)
    "\t": " ", "\u00a0": " ", "\u1680": " ", "\u2002": " ",
    "\u2003": " ", "\u2004": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ",
    "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
    "\u3000": " ",
    # line and paragraph separators
    "\u2028": "\n", "\u2029": "\n",
    # bullets and the fraction slash
    "•": "-", "‣": "-", "◦": "-", "∙": "-", "·": ".", "⁄": "/",
    # invisible: zero-width space/joiners, word joiner, BOM, soft hyphen, direction marks
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
    "\u200e": "", "\u200f": "", "\u202a": "", "\u202b": "", "\u202c": "", "\u202d": "",
    "\u202e": "", "\u2066": "", "\u2067": "", "\u2068": "", "\u2069": "",
    # more invisible ones: Arabic letter mark, Mongolian vowel separator, the invisible
    # operators, combining grapheme joiner, text and emoji presentation selectors
    "\u061c": "", "\u180e": "", "\u2061": "", "\u2062": "", "\u2063": "", "\u2064": "",
    "\u034f": "", "\ufe0e": "", "\ufe0f": "",
    # full-width ASCII (U+FF01..U+FF5E) and the full-width pound and yen signs
    **{chr(code): chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if code != 0xFF40},
    "｀": "'", "￡": "£", "￥": "¥",
}

#: The maps each mode applies in pass 3, first match wins. ``CYRILLIC`` and ``ALL`` pick
#: their Cyrillic map by the text (see ``docs/transliteration.md``); the tuples here are
#: the defaults, used when the text has no Ukrainian or Serbian marker letter.
MODE_MAPS: Mapping[str, tuple[Mapping[str, str], ...]] = {
    "NONE": (),
    "SMART": (),
    "TURKISH": (TURKISH,),
    "GREEK": (GREEK,),
    "CYRILLIC": (RUSSIAN, UKRAINIAN),
    "BULGARIAN_CYRILLIC": (BULGARIAN,),
    "SERBIAN_CYRILLIC": (SERBIAN,),
    "CENTRAL_EUROPEAN": (CENTRAL_EUROPEAN,),
    "BALTIC": (BALTIC,),
    "PORTUGUESE": (PORTUGUESE,),
    "COLOMBIAN": (COLOMBIAN,),
    "NON_UNICODE": (SYMBOLS,),
    "ALL": (
        RUSSIAN, UKRAINIAN, SERBIAN, BULGARIAN, GREEK, TURKISH, CENTRAL_EUROPEAN, BALTIC,
        PORTUGUESE, COLOMBIAN, SYMBOLS,
    ),
}
