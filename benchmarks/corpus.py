"""A deterministic benchmark corpus: six classes of SMS bodies, the same on every run.

Each class draws words from its own vocabulary with a seeded generator until a drawn
target length (in code points) is reached, then trims to it:

=============  ==========  ===========================================================
class          length      content
=============  ==========  ===========================================================
ascii          40-160      plain ASCII English, digits and punctuation
gsm_ext        100-400     GSM-7 Latin with accents and extension characters (€ [ ] ~ ...)
turkish        60-300      Turkish (ş ğ ı İ ç): UCS-2 by default, GSM-7 with language="tr"
emoji          50-300      English with emoji: skin tones, VS16, ZWJ sequences, flags
gsm_1000       1000        long GSM-7 text, about 1% extension characters
greek_russian  50-300      Greek and Russian words mixed
=============  ==========  ===========================================================

>>> [len(b) for b in corpus("gsm_1000", 3)]
[1000, 1000, 1000]
>>> corpus("ascii", 2) == corpus("ascii", 2)
True
"""

from __future__ import annotations

import random

__all__ = ["CLASSES", "corpus"]


def _words(text: str) -> list[str]:
    return text.split()


_ASCII = _words(
    "your order has shipped and will arrive on Tuesday between 9am and 5pm track it at "
    "example.com/t/ABC123 reply STOP to opt out code is 482913 do not share it with anyone "
    "hi Sam, meeting moved to 3:30 room 4B thanks! balance: $120.45 due 12/09 call us on "
    "+1 555 0100 appointment reminder for tomorrow please confirm Y or N"
)
_GSM_EXT = _words(
    "Prix: 12€ [promo] {code} ~ 50% réduction à Nöel! café crème, été, naive? ¿Qué tal? "
    "Ñandu, Ärger, Österreich, Übung, straße, Ørsted, Ålesund, Æble, Ça va? item|list "
    "path\\to\\file ^caret ~tilde {json} [x] total €99 Fete élève à l'école £5 ¥300 §2 Fete"
)
_TURKISH = _words(
    "Siparişiniz kargoya verildi yarın teslim edilecek Şifreniz 482913 kimseyle paylaşmayın "
    "İstanbul Ağustos güzel çiçek ılık ğüşıöç Işık Ömer Çağrı Gökçe doğrulama kodunuz "
    "teşekkür ederiz İyi günler müşteri hizmetleri randevunuz çarşamba saat 14:30"
)
_ENGLISH = _ASCII
_EMOJI = [
    "\U0001f600", "\U0001f389", "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\U0001f525",
    "\U0001f469\u200d\U0001f4bb", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f1ec\U0001f1f7", "\U0001f1fa\U0001f1f8", "\u2705", "\U0001f64f\U0001f3fb",
    "\U0001f680", "\U0001f602", "\u263a\ufe0f",
]
_GREEK_RUSSIAN = _words(
    "Καλημέρα σας η παραγγελία σας στάλθηκε κωδικός επιβεβαίωσης ευχαριστούμε πολύ "
    "Αθήνα Θεσσαλονίκη ραντεβού αύριο Здравствуйте ваш заказ отправлен код подтверждения "
    "никому не сообщайте Москва спасибо за покупку доставка завтра с 10 до 18 часов"
)

CLASSES: dict[str, tuple[int, int]] = {
    "ascii": (40, 160),
    "gsm_ext": (100, 400),
    "turkish": (60, 300),
    "emoji": (50, 300),
    "gsm_1000": (1000, 1000),
    "greek_russian": (50, 300),
}


def _word(rng: random.Random, kind: str) -> str:
    if kind == "ascii":
        return rng.choice(_ASCII)
    if kind in ("gsm_ext", "gsm_1000"):
        if kind == "gsm_1000" and rng.random() < 0.8:
            return rng.choice(_ASCII)
        return rng.choice(_GSM_EXT)
    if kind == "turkish":
        return rng.choice(_TURKISH)
    if kind == "emoji":
        return rng.choice(_EMOJI) if rng.random() < 0.2 else rng.choice(_ENGLISH)
    return rng.choice(_GREEK_RUSSIAN)


def _body(rng: random.Random, kind: str, size: int) -> str:
    words: list[str] = []
    length = -1
    while length < size:
        words.append(_word(rng, kind))
        length += len(words[-1]) + 1
    return " ".join(words)[:size]


def corpus(kind: str, count: int = 10_000, seed: int = 2026) -> list[str]:
    """``count`` bodies of class ``kind``; the same list for the same arguments."""
    low, high = CLASSES[kind]
    rng = random.Random(f"{seed}:{kind}")
    return [_body(rng, kind, rng.randint(low, high)) for _ in range(count)]
