"""Offline price lists for the campaign estimate: a price per part per country, one
currency, exact decimals (never floats, never fetched).

Three inputs: a mapping ``{"GR": "0.045"}``, a CSV with the columns
``country,price_per_part[,currency]``, and Twilio's Messaging Pricing JSON (a country
resource, a list of them, or ``{"countries": [...]}``), whose
``outbound_sms_prices[].prices[].current_price`` differ by carrier and number type: the
estimate takes the highest one, so it is never an underestimate.

>>> p = PriceList.from_mapping({"gr": "0.045", "CY": 0.05}, currency="EUR")
>>> p.currency, p.prices["GR"], p.prices["CY"]
('EUR', Decimal('0.045'), Decimal('0.05'))
>>> PriceList.from_csv("country,price_per_part,currency\\nGR,0.045,EUR\\n").prices
{'GR': Decimal('0.045')}
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import ArgumentTypeError, InputError

__all__ = ["PriceList", "load_prices"]

_COLUMNS = ("country", "price_per_part", "currency")



def _price(value: object, where: str) -> Decimal:
    if isinstance(value, bool):
        raise ArgumentTypeError(f"{where}: a price must be a number or a decimal str, not bool")
    if isinstance(value, float):
        # The shortest repr is the decimal that was written ({"GR": 0.045} -> 0.045),
        # not the binary double's expansion.
        value = repr(value)
    if isinstance(value, (int, Decimal)):
        price = Decimal(value)
    elif isinstance(value, str):
        try:
            price = Decimal(value.strip())
        except InvalidOperation:
            raise InputError(f"{where}: price {value!r} is not a decimal number") from None
    else:
        raise ArgumentTypeError(
            f"{where}: a price must be a number or a decimal str, not {type(value).__name__}"
        )
    if not price.is_finite() or price < 0:
        raise InputError(f"{where}: price {value!r} must be a finite number >= 0")
    return price


def _country(value: object, where: str) -> str:
    if not isinstance(value, str) or len(value.strip()) != 2 or not value.strip().isalpha():
        raise InputError(f"{where}: country {value!r} is not an ISO 3166-1 alpha-2 code")
    return value.strip().upper()


@dataclass(frozen=True)
class PriceList:
    """Prices per part by ISO 3166-1 alpha-2 country, in one ``currency`` (``None`` when
    the source names none)."""

    prices: dict[str, Decimal] = field(default_factory=dict)
    currency: str | None = None

    @classmethod
    def from_mapping(cls, prices: Mapping[str, Any], currency: str | None = None) -> PriceList:
        """From ``{country: price}``; a float is read as the decimal it was written as."""
        if not isinstance(prices, Mapping):
            raise ArgumentTypeError(f"prices must be a mapping, not {type(prices).__name__}")
        if currency is not None and not isinstance(currency, str):
            raise ArgumentTypeError(f"currency must be a str, not {type(currency).__name__}")
        table = {}
        for key, value in prices.items():
            where = f"prices[{key!r}]"
            table[_country(key, where)] = _price(value, where)
        return cls(table, currency)

    @classmethod
    def from_csv(cls, text: str) -> PriceList:
        """From CSV text with a header ``country,price_per_part[,currency]``."""
        reader = csv.reader(io.StringIO(text))
        header = [h.strip().lower() for h in next(reader, [])]
        unknown = [h for h in header if h not in _COLUMNS]
        if unknown:
            raise InputError(
                f"prices row 1: unknown column {unknown[0]!r}; the columns are "
                "country,price_per_part[,currency]"
            )
        if "country" not in header or "price_per_part" not in header:
            raise InputError("prices row 1: the header needs country and price_per_part")
        table: dict[str, Decimal] = {}
        currencies = set()
        for number, row in enumerate(reader, 2):
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(
                    f"prices row {number}: {len(row)} columns where the header has {len(header)}"
                )
            cells = dict(zip(header, row, strict=True))
            table[_country(cells["country"], f"prices row {number}, column country")] = _price(
                cells["price_per_part"], f"prices row {number}, column price_per_part"
            )
            if cells.get("currency", "").strip():
                currencies.add(cells["currency"].strip().upper())
        if len(currencies) > 1:
            raise InputError(f"prices: one currency per list, not {sorted(currencies)}")
        return cls(table, currencies.pop() if currencies else None)

    @classmethod
    def from_twilio(cls, document: Any) -> PriceList:
        """From Twilio Messaging Pricing JSON: the highest outbound ``current_price``."""
        if isinstance(document, Mapping) and "countries" in document:
            document = document["countries"]
        countries: Iterable[Any] = [document] if isinstance(document, Mapping) else document
        table: dict[str, Decimal] = {}
        currencies = set()
        for position, entry in enumerate(countries):
            if not isinstance(entry, Mapping) or "iso_country" not in entry:
                raise InputError(f"prices[{position}]: not a Twilio country price resource")
            where = f"prices[{position}] ({entry['iso_country']!r})"
            country = _country(entry["iso_country"], where)
            found = [
                _price(price.get("current_price"), f"{where} current_price")
                for carrier in entry.get("outbound_sms_prices") or ()
                for price in carrier.get("prices") or ()
            ]
            if found:
                table[country] = max(found)
            if entry.get("price_unit"):
                currencies.add(str(entry["price_unit"]).upper())
        if len(currencies) > 1:
            raise InputError(f"prices: one currency per list, not {sorted(currencies)}")
        return cls(table, currencies.pop() if currencies else None)

    @classmethod
    def coerce(cls, prices: object) -> PriceList | None:
        """``prices`` as accepted by ``estimate_campaign``: ``None``, a PriceList or a
        mapping of country to price (with, optionally, ``"currency"``).

        >>> PriceList.coerce({"GR": "0.05", "currency": "EUR"}).currency
        'EUR'
        """
        if prices is None or isinstance(prices, PriceList):
            return prices
        if isinstance(prices, Mapping):
            table = dict(prices)
            currency = table.pop("currency", None)
            return cls.from_mapping(table, currency=currency)
        raise ArgumentTypeError(
            f"prices must be a PriceList or a mapping of country to price, not "
            f"{type(prices).__name__}"
        )


def load_prices(text: str) -> PriceList:
    """A price list from the text of a CSV file or a JSON document (a ``{country:
    price}`` object, optionally with ``"currency"``, or Twilio's pricing JSON).

    >>> load_prices('{"currency": "EUR", "GR": "0.045"}').prices
    {'GR': Decimal('0.045')}
    """
    stripped = text.lstrip()
    if not stripped.startswith(("{", "[")):
        return PriceList.from_csv(text)
    try:
        document = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        raise InputError(f"prices: not valid JSON ({error})") from None
    if isinstance(document, list) or (
        isinstance(document, dict) and ("countries" in document or "iso_country" in document)
    ):
        return PriceList.from_twilio(document)
    if not isinstance(document, dict):
        raise InputError("prices: a JSON price list is an object or a list")
    currency = document.pop("currency", None)
    return PriceList.from_mapping(document, currency=currency)
