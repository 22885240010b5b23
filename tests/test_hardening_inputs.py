"""Bad arguments get a typed error that names them: a TypeError subclass for a wrong type,
a ValueError subclass for a wrong value; nothing is silently accepted or guessed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sms_codec import analyze, analyze_many, encode, split
from sms_codec.errors import ArgumentTypeError, OptionError, SmsCodecError
from sms_codec.gsm7 import pack_septets, unpack_septets
from sms_codec.planner import plan

CASES: list[tuple[str, Callable[..., Any], tuple[Any, ...], dict[str, Any], type, str]] = [
    ("analyze_many(str)", analyze_many, ("hello",), {}, ArgumentTypeError,
     "bodies must be an iterable of str, not str"),
    ("analyze_many(int)", analyze_many, (5,), {}, ArgumentTypeError,
     "bodies must be an iterable of str, not int"),
    ("nested language", analyze, ("x",), {"language": [["tr"]]}, ArgumentTypeError,
     "language[0] must be a str, not list"),
    ("int language", analyze, ("x",), {"language": 5}, ArgumentTypeError,
     "language must be None, a str or a sequence of str, not int"),
    ("bytes language", split, ("x",), {"language": b"tr"}, ArgumentTypeError,
     "language must be None, a str or a sequence of str, not bytes"),
    ("int encoding", analyze, ("x",), {"encoding": 7}, ArgumentTypeError,
     "encoding must be a str, not int"),
    ("list reference", analyze, ("x",), {"concat_reference": [8]}, ArgumentTypeError,
     "concat_reference must be an int, not list ([8])"),
    ("float reference in encode", encode, ("x",), {"concat_reference": 8.0}, ArgumentTypeError,
     "concat_reference must be an int, not float (8.0)"),
    ("float reference in plan", plan, ("x",), {"concat_reference": 16.0}, ArgumentTypeError,
     "concat_reference must be an int, not float (16.0)"),
    ("negative count", unpack_septets, (b"\x31\xd9\x0c",), {"count": -5}, OptionError,
     "count must be an int >= 0, not -5"),
    ("str septets", pack_septets, ("abc",), {}, ArgumentTypeError,
     "septets must be bytes, not str"),
    ("float fill bits", pack_septets, (b"a", 1.0), {}, ArgumentTypeError,
     "fill_bits must be an int, not float (1.0)"),
    ("fill bits out of range", unpack_septets, (b"a", 7), {}, OptionError,
     "fill_bits must be an int in 0..6, not 7"),
    ("int octets", unpack_septets, (5,), {}, ArgumentTypeError, "octets must be bytes, not int"),
]


@pytest.mark.parametrize(
    ("function", "args", "kwargs", "error", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_bad_argument_is_a_typed_error(
    function: Callable[..., Any],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: type,
    message: str,
) -> None:
    with pytest.raises(error) as info:
        function(*args, **kwargs)
    assert str(info.value) == message
    assert isinstance(info.value, SmsCodecError)
    builtin = TypeError if error is ArgumentTypeError else ValueError
    assert isinstance(info.value, builtin)
