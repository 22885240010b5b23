"""Gateway requests as estimate input: what a Routee campaign request or an Infobip
``/sms/1/text/advanced`` request will cost, before it is posted.

Routee (``POST /sms/campaign``): ``body``, ``to``, ``contacts``, ``groups``,
``fallbackValues``. Its ``contacts`` and ``groups`` name contacts and groups kept at
Routee; give their records in ``directory`` (``{"contacts": {id: record}, "groups":
{name: {id: record}}}``), or inline them in the request in the same ``{id: record}`` form.

Infobip: each of ``messages[]`` is one campaign: ``text``, ``destinations[].to``
(international numbers, with or without ``+``), ``language.languageCode`` (``TR``,
``ES``, ``PT``, or ``AUTODETECT`` for every table) and ``transliteration`` (which Infobip
applies before sending, so the estimate prices the transliterated text).

>>> [c["to"] for c in campaigns({"messages": [{"text": "Hi",
...     "destinations": [{"to": "41793026727"}]}]})]
[['+41793026727']]
>>> campaigns({"body": "Hi [~n]", "to": ["+306912345678"], "fallbackValues": {"n": "x"}})[0]
{'body': 'Hi [~n]', 'to': ['+306912345678'], 'contacts': None, 'groups': None,
 'fallback_values': {'n': 'x'}}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import InputError
from .transliteration import transliterate

__all__ = ["campaigns"]


def _list(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where} must be a JSON array, not {type(value).__name__}")
    return value


def _resolve(value: Any, where: str, known: Mapping[str, Any] | None) -> Any:
    """Inline ``{id: record}`` as it is; a list of ids looked up in ``known``."""
    if value is None or isinstance(value, Mapping):
        return value
    names = _list(value, where)
    missing = [n for n in names if known is None or n not in known]
    if missing:
        raise InputError(
            f"{where} names {missing[0]!r}, which is kept at the gateway: give its records "
            "in the directory (sms-codec estimate --directory FILE)"
        )
    assert known is not None
    return {name: known[name] for name in names}


def _routee(document: Mapping[str, Any], directory: Mapping[str, Any]) -> dict[str, Any]:
    body = document.get("body")
    if not isinstance(body, str):
        raise InputError("request body: 'body' must be a string")
    return {
        "body": body,
        "to": _list(document.get("to"), "request 'to'"),
        "contacts": _resolve(document.get("contacts"), "request 'contacts'",
                             directory.get("contacts")),
        "groups": _resolve(document.get("groups"), "request 'groups'", directory.get("groups")),
        "fallback_values": document.get("fallbackValues"),
    }


def _language(message: Mapping[str, Any], where: str) -> str | None:
    language = message.get("language")
    if language is None:
        return None
    code = language.get("languageCode") if isinstance(language, Mapping) else None
    if not isinstance(code, str):
        raise InputError(f"{where}: 'language' must be {{\"languageCode\": ...}}")
    return "auto" if code.upper() == "AUTODETECT" else code.lower()


def _infobip(message: Any, where: str) -> dict[str, Any]:
    if not isinstance(message, Mapping) or not isinstance(message.get("text"), str):
        raise InputError(f"{where}: a message needs a string 'text'")
    language = _language(message, where)
    text = message["text"]
    mode = message.get("transliteration")
    if mode is not None:
        text = transliterate(text, mode, language=language).text
    numbers = []
    for position, destination in enumerate(_list(message.get("destinations"), where)):
        number = destination.get("to") if isinstance(destination, Mapping) else None
        if not isinstance(number, str):
            raise InputError(f"{where}.destinations[{position}]: 'to' must be a string")
        # Infobip takes international numbers without the plus.
        numbers.append(number if number.startswith("+") else "+" + number)
    return {"body": text, "to": numbers, "language": language}


def campaigns(
    document: Any, directory: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The ``estimate_campaign`` keyword arguments of each campaign in a request."""
    if not isinstance(document, Mapping):
        raise InputError("request: a JSON object is expected")
    if "messages" in document:
        return [_infobip(m, f"request messages[{i}]")
                for i, m in enumerate(_list(document["messages"], "request 'messages'"))]
    if "body" in document:
        return [_routee(document, directory or {})]
    raise InputError("request: neither a Routee campaign ('body') nor an Infobip request "
                     "('messages')")
