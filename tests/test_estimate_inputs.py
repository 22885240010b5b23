"""The estimate's inputs: the number shortcut against phonenumbers' full parse, and the
three offline price list formats with their errors."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
from _phonenumbers import require

from sms_codec._estimate_numbers import Numbers
from sms_codec.errors import ArgumentTypeError, InputError
from sms_codec.estimate import PriceList, load_prices

phonenumbers = require()

pytestmark = pytest.mark.usefixtures("twin")


def _samples() -> list[str]:
    """Every region's example numbers, and near misses of each (a digit changed, one
    dropped, one added, a national prefix kept after the calling code)."""
    rng = random.Random(12)
    out = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE):
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
            code = str(example.country_code)
            out += [e164, e164[:-1], e164 + "7", f"+{code}0{e164[len(code) + 1:]}"]
            for _ in range(3):
                digits = list(e164)
                digits[rng.randrange(2, len(digits))] = str(rng.randrange(10))
                out.append("".join(digits))
    return out


def test_the_shortcut_answers_what_a_full_parse_answers() -> None:
    numbers = Numbers()
    samples = _samples()
    answered = 0
    for number in samples:
        fast = numbers.fast(number)
        if fast is not None:
            answered += 1
            assert fast == numbers.parse(number), number
    # The shortcut must carry the valid numbers already in E.164, not hand them to parse.
    canonical = [n for n in samples if numbers.parse(n) == (n, numbers.parse(n)[1])]
    missed = [n for n in canonical if numbers.fast(n) is None]
    assert answered >= len(canonical) - len(missed)
    assert len(missed) <= 0.02 * len(canonical), missed[:10]


def test_full_parse_cases() -> None:
    numbers = Numbers("GB")
    assert numbers.normalise("07911 123456") == ("+447911123456", "GG")
    assert numbers.normalise("+44 7400 123456") == ("+447400123456", "GB")
    assert numbers.normalise("+4407400123456") == ("+447400123456", "GB")  # the 0 is dropped
    assert numbers.normalise("+79161234567") == ("+79161234567", "RU")
    assert numbers.normalise("+77012345678") == ("+77012345678", "KZ")
    assert numbers.normalise("123") == "not a valid number for GB"
    assert numbers.normalise("") == "The string supplied did not seem to be a phone number."


def test_price_mapping_keeps_the_written_decimal() -> None:
    p = PriceList.from_mapping({"gr": 0.1, "US": 1, "CY": Decimal("0.0450")}, currency="EUR")
    assert p.prices == {"GR": Decimal("0.1"), "US": Decimal(1), "CY": Decimal("0.0450")}
    assert 3 * p.prices["GR"] == Decimal("0.3")  # 3 * 0.1 as a float is 0.30000000000000004
    with pytest.raises(InputError, match=r"prices\['GRC'\]: country 'GRC'"):
        PriceList.from_mapping({"GRC": 1})
    with pytest.raises(InputError, match="must be a finite number >= 0"):
        PriceList.from_mapping({"GR": "-1"})
    with pytest.raises(ArgumentTypeError, match=r"prices\['GR'\]: a price must be"):
        PriceList.from_mapping({"GR": [1]})


def test_price_csv() -> None:
    p = PriceList.from_csv("Country,price_per_part,currency\nGR,0.045,eur\n\nus,0.0079,EUR\n")
    assert (p.prices, p.currency) == ({"GR": Decimal("0.045"), "US": Decimal("0.0079")}, "EUR")
    assert PriceList.from_csv("country,price_per_part\nGR,1\n").currency is None
    with pytest.raises(InputError, match="row 1: unknown column 'price'"):
        PriceList.from_csv("country,price\nGR,1\n")
    with pytest.raises(InputError, match="row 3, column price_per_part: price 'x'"):
        PriceList.from_csv("country,price_per_part\nGR,1\nUS,x\n")
    with pytest.raises(InputError, match="row 2: 3 columns"):
        PriceList.from_csv("country,price_per_part\nGR,1,2\n")
    with pytest.raises(InputError, match="one currency per list"):
        PriceList.from_csv("country,price_per_part,currency\nGR,1,EUR\nUS,1,USD\n")


def test_price_twilio_json_takes_the_highest_outbound_price() -> None:
    greece = (
        '{"country": "Greece", "iso_country": "GR", "price_unit": "USD", '
        '"outbound_sms_prices": [{"carrier": "A", "prices": [{"number_type": "mobile", '
        '"base_price": "0.06", "current_price": "0.0585"}]}, {"carrier": "B", "prices": '
        '[{"number_type": "mobile", "base_price": "0.06", "current_price": "0.0601"}]}], '
        '"inbound_sms_prices": [{"number_type": "mobile", "current_price": "0.5"}]}'
    )
    p = load_prices(greece)
    assert (p.prices, p.currency) == ({"GR": Decimal("0.0601")}, "USD")
    assert load_prices(f'{{"countries": [{greece}]}}').prices == p.prices
    assert load_prices(f"[{greece}]").prices == p.prices
    with pytest.raises(InputError, match="not valid JSON"):
        load_prices("{")
    with pytest.raises(InputError, match=r"prices\[0\]: not a Twilio"):
        load_prices('[{"country": "Greece"}]')


def test_shared_calling_codes_are_one_expression_in_phonenumbers_order() -> None:
    numbers = Numbers()
    cases = {
        "+12125550123": "US", "+14165550123": "CA", "+18765550123": "JM",
        "+79161234567": "RU", "+77012345678": "KZ", "+447400123456": "GB",
        "+441481256789": "GG",
    }
    for number, region in cases.items():
        assert numbers.fast(number) == (number, region)
    # The Bahamas' leading digits (242) match and its patterns do not: no later +1
    # region may answer, the full parse decides.
    assert numbers.fast("+12425551234") is None
    assert numbers.parse("+12425551234") == "not a valid number for US"
    # Too short, spaced, or digits that are not ASCII: left to the full parse.
    for number in ("+1212555012", "+1 2125550123", "+1２１２５５５０１２３"):
        assert numbers.fast(number) is None


def test_a_number_seen_in_e164_is_not_read_again() -> None:
    from sms_codec import estimate_campaign

    contacts = {"a": {"mobile": "6912345670", "labels": {"name": "Ana"}},
                "b": {"mobile": "+306912345670", "labels": {"name": "Bob"}}}
    e = estimate_campaign("Hi [~name]", to=["+306912345670"], contacts=contacts,
                          default_country="GR")
    assert (e.number_of_recipients, e.duplicates, e.blacklisted) == (1, 2, 0)
    assert e.body_of("+306912345670") == "Hi Ana"
    assert {c: d["recipient"] for c, d in e.to_dict()["contacts"].items()} == {
        "a": "+306912345670", "b": "+306912345670"}
    flagged = estimate_campaign(
        "Hi", contacts=contacts, default_country="GR",
        groups={"g": {"c": {"mobile": "+306912345670", "blacklisted": True}}})
    assert (flagged.number_of_recipients, flagged.blacklisted) == (0, 1)
