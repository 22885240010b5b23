"""What every ``sms-codec`` subcommand shares: the parser class, the stdin reader, the
language option, and the one map from an error to an exit code and a one-line message.

Exit codes: 0 ok, 1 failure (an :class:`~sms_codec.errors.SmsCodecError`), 2 usage
(argparse, :class:`~sms_codec.errors.OptionError`, :class:`~sms_codec.errors.LinkError`,
:class:`~sms_codec.errors.ArgumentTypeError`), 130 interrupted.

>>> parse_languages("tr,es")
['tr', 'es']
>>> parse_languages("auto")
'auto'
>>> from sms_codec.errors import EncodingError, StoreError
>>> [exit_code(e) for e in (OptionError("x"), LinkError("x"), StoreError("x"),
...                         EncodingError([]), KeyboardInterrupt())]
[2, 2, 1, 1, 130]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn, Protocol, TypeVar

from ..errors import ArgumentTypeError, LinkError, OptionError, SmsCodecError

__all__ = [
    "EXIT_FAILURE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_USAGE",
    "Failure",
    "Handler",
    "Parser",
    "Server",
    "check_port",
    "exit_code",
    "listen",
    "parse_languages",
    "read_text",
    "report",
    "run",
    "serve_until_interrupted",
]

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

#: The errors that mean the command line itself was wrong.
USAGE_ERRORS: tuple[type[BaseException], ...] = (
    OptionError,
    ArgumentTypeError,
    LinkError,
    argparse.ArgumentTypeError,
)

#: A subcommand's handler: the parsed namespace in, the exit code out.
Handler = Callable[[argparse.Namespace], int]


class Failure(SmsCodecError):
    """A subcommand could not do its work for a reason outside sms_codec (a busy port)."""


class Server(Protocol):
    """What ``serve`` and ``playground`` run: a ``socketserver``-shaped server."""

    def serve_forever(self) -> None: ...  # pragma: no cover - a protocol

    def server_close(self) -> None: ...  # pragma: no cover - a protocol


ServerT = TypeVar("ServerT", bound=Server)


def check_port(port: int) -> None:
    """A ``--port`` out of range is a usage error.

    >>> check_port(70000)
    Traceback (most recent call last):
    ...
    sms_codec.errors.OptionError: --port must be between 0 and 65535, got 70000
    """
    if not 0 <= port <= 65535:
        raise OptionError(f"--port must be between 0 and 65535, got {port}")


def listen(start: Callable[[], ServerT], host: str, port: int) -> ServerT:
    """``start()`` the server of a ``--host``/``--port`` pair; a socket that cannot be
    bound is a :class:`Failure` naming the address.

    >>> def busy() -> Server:
    ...     raise OSError(98, "Address already in use")
    >>> listen(busy, "127.0.0.1", 80)
    Traceback (most recent call last):
    ...
    sms_codec.cli._common.Failure: cannot listen on 127.0.0.1:80: Address already in use
    """
    try:
        return start()
    except OSError as error:
        raise Failure(f"cannot listen on {host}:{port}: {error.strerror}") from error


def serve_until_interrupted(server: Server, close: Callable[[], None] = lambda: None) -> int:
    """Serve until Ctrl-C, then close the server and ``close()`` what it used; exit 0."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        close()
    return EXIT_OK


class Parser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def read_text(text: str) -> str:
    """``text`` itself, or standard input for ``-`` with one trailing newline dropped."""
    if text != "-":
        return text
    data = sys.stdin.read()
    return data[:-1] if data.endswith("\n") else data


def parse_languages(value: str) -> str | list[str]:
    """A ``--language`` value: a comma-separated list becomes a list of codes; one code
    (or ``auto``, ``NONE``) stays as given. Used as the option's argparse ``type``."""
    if "," not in value:
        return value
    return [code.strip() for code in value.split(",") if code.strip()]


def exit_code(error: BaseException) -> int:
    """The exit code of an error a handler raised."""
    if isinstance(error, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    if isinstance(error, USAGE_ERRORS):
        return EXIT_USAGE
    return EXIT_FAILURE


def report(command: str, message: str) -> None:
    """Print the one error line of ``sms-codec <command>`` on standard error."""
    print(f"sms-codec {command}: error: {message}", file=sys.stderr)


def run(command: str, handler: Handler, args: argparse.Namespace) -> int:
    """Call ``handler``; an error becomes its exit code and one line on stderr, never a
    traceback (an unexpected error is reported with its type, exit code 1)."""
    try:
        return handler(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except (SmsCodecError, argparse.ArgumentTypeError) as error:
        report(command, str(error))
        return exit_code(error)
    except Exception as error:  # the command line never shows a traceback
        report(command, f"{type(error).__name__}: {error}")
        return exit_code(error)
