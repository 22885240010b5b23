"""The bodies the text benchmarks time: 160-character SMS with and without a link, a
160-character UCS-2 body for transliteration, and hostile link-like families.

>>> len(NO_LINK), len(ONE_LINK), len(UCS2)
(160, 160, 160)
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["NO_LINK", "ONE_LINK", "UCS2", "UCS2_GREEK", "URL_FAMILIES"]


def _fit(text: str, size: int = 160) -> str:
    return (text * (size // len(text) + 1))[:size]


#: Sentences, digits and punctuation; the '.' of each sentence is followed by a space.
NO_LINK = _fit("Hi Anna, your order 4821 is ready. Pick it up at the shop before 6 pm. Thanks! ")
#: The same with one bare link with a path.
ONE_LINK = (
    "Hi Anna, your order 4821 is ready: see example.com/o/4821 for details. Pick it up "
    "at the shop before 6 pm. Thanks, Bob! See you soon at the shop on Main st. Bye!"
)[:160]
#: Russian with typographic quotes and a dash: every letter has a context-free map.
UCS2 = _fit("Привет, Анна! Ваш заказ 4821 готов. Заберите его до 18:00. Спасибо — «Магазин». ")
#: Greek with accents, final sigma and capitals.
UCS2_GREEK = _fit("Καλημέρα Άννα! Η παραγγελία 4821 είναι έτοιμη στο κατάστημα. Ευχαριστούμε. ")


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: _fit(unit, size)


#: family -> link-like body of ``size`` code points (hostile to a regex tried everywhere)
URL_FAMILIES: dict[str, Callable[[int], str]] = {
    "cyrillic dots": _repeat("Ссылка."),
    "latin dots": _repeat("a."),
    "mixed-script labels": _repeat("aб" * 31 + "."),
    "long labels": _repeat("abcdefghij" * 6 + "."),
    "schemes": _repeat("http://"),
    "closers": lambda size: "https://x.example/" + ")" * (size - 18),
    "links": _repeat("see example.com/x "),
}
