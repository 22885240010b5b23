"""The pre-send campaign estimate: exact parts and cost per recipient, per country and
in total, before anything is sent (Routee's campaign ``smsAnalysis``, and more).

:func:`estimate_campaign` takes the campaign as Routee's ``POST /sms/campaign`` does.
Underneath, recipients are a stream of :class:`Recipient` records fed to a
:class:`PartialEstimate` in batches; partial estimates of separate batches
:meth:`~PartialEstimate.merge` into the same answer as one estimate of all of them
(what an Arrow reader or a Spark partition merge needs), and
:meth:`~PartialEstimate.finish` prices the result.

>>> e = estimate_campaign("Hi [~name]!", to=["+306912345678"],
...                       contacts={"c1": {"mobile": "+306912345679", "labels": {"name": "Ana"}}},
...                       fallback_values={"name": "friend"}, prices={"GR": "0.045"})
>>> e.number_of_recipients, e.number_of_messages, str(e.cost_total)
(2, 2, '0.090')
>>> e.to_dict()["recipientsPerCountry"]
{'GR': 2}
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict, TypeVar

if TYPE_CHECKING:
    from typing_extensions import Unpack

from ._checks import check_bool, check_size, check_type
from ._estimate_dicts import columns_of_campaign
from ._estimate_numbers import Numbers
from ._estimate_prices import PriceList, load_prices
from ._estimate_report import CampaignEstimate, assemble, report
from ._estimate_requests import campaigns
from ._estimate_template import Key, Template
from .analysis import analyze
from .errors import ArgumentTypeError, OptionError
from .urls import ShortLinks

__all__ = [
    "OPTION_DEFAULTS",
    "Campaign",
    "CampaignEstimate",
    "Options",
    "PartialEstimate",
    "PriceList",
    "Recipient",
    "estimate_campaign",
    "estimate_request",
    "load_prices",
    "recipients_of",
]


class Recipient(NamedTuple):
    """One recipient record as the estimate reads it (a plain 5-tuple in this order will
    do): ``mobile`` as given; ``contact`` its id (``None`` for a plain ``to`` number);
    ``labels`` for personalisation; ``blacklisted``; ``group`` the group it came from
    (``None`` for ``to`` and ``contacts``)."""

    mobile: Any
    contact: Any = None
    labels: Mapping[str, Any] | None = None
    blacklisted: bool = False
    group: str | None = None


class Options(TypedDict, total=False):
    """The options of a campaign estimate, as keywords of :func:`estimate_campaign`,
    :meth:`Campaign.build` and :func:`sms_codec.estimate_arrow.estimate_arrow` (each
    passes them along as they are; :meth:`Campaign.build` checks them and knows the
    defaults: none, except ``blacklist=()``, ``encoding="auto"`` and ``strict=False``)."""

    fallback_values: Mapping[str, Any] | None
    blacklist: Iterable[Any]
    default_country: str | None
    prices: object
    language: str | Iterable[str] | None
    encoding: str
    transcode: bool | str | None
    short_links: ShortLinks | None
    strict: bool


#: The defaults of :class:`Options` (every other option defaults to ``None``).
OPTION_DEFAULTS: dict[str, Any] = {"blacklist": (), "encoding": "auto", "strict": False}

_F = TypeVar("_F", bound=Callable[..., Any])


def spelled_out(function: _F) -> _F:
    """Give a function taking ``**options: Unpack[Options]`` the signature that
    ``help()`` and ``inspect.signature`` show with each option spelled out.

    >>> [(p.name, p.default) for p in inspect.signature(estimate_campaign).parameters.values()
    ...  ][4:7]
    [('fallback_values', None), ('blacklist', ()), ('default_country', None)]
    """
    signature = inspect.signature(function)
    kept = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    named = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY,
                               default=OPTION_DEFAULTS.get(name),
                               annotation=getattr(annotation, "__forward_arg__", annotation))
             for name, annotation in Options.__annotations__.items()]
    function.__signature__ = signature.replace(parameters=kept + named)  # type: ignore[attr-defined]
    return function


@dataclass
class Campaign:
    """What every batch of one campaign shares: the template, the options and the
    number normaliser. Build it once; give it to each :class:`PartialEstimate`."""

    template: Template
    numbers: Numbers
    options: dict[str, Any]
    prices: PriceList | None
    blacklist: tuple[Any, ...]
    strict: bool
    #: The arguments it was built from: a campaign pickles as them (to reach another
    #: process, a Spark executor say) and two campaigns built alike are the same one.
    arguments: dict[str, Any]

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (self.arguments,)

    def same(self, other: Campaign) -> bool:
        """Whether ``other`` was built from the same arguments (so their partial
        estimates may merge).

        >>> Campaign.build("Hi", prices={"GR": 1}).same(Campaign.build("Hi", prices={"GR": 1}))
        True
        """
        return self is other or _fingerprint(self.arguments) == _fingerprint(other.arguments)

    @classmethod
    def build(cls, body: str, **options: Unpack[Options]) -> Campaign:
        """Check the options once; see :func:`estimate_campaign` for their meaning (and
        :class:`Options`: the one list of them, with their defaults here).

        >>> Campaign.build("Hi", langauge="tr")
        Traceback (most recent call last):
        ...
        TypeError: an estimate got an unexpected keyword argument 'langauge'
        """
        unknown = [name for name in options if name not in Options.__annotations__]
        if unknown:
            raise TypeError(f"an estimate got an unexpected keyword argument {unknown[0]!r}")
        fallback_values = options.get("fallback_values")
        blacklist = options.get("blacklist", OPTION_DEFAULTS["blacklist"])
        default_country = options.get("default_country")
        prices = options.get("prices")
        short_links = options.get("short_links")
        strict = options.get("strict", OPTION_DEFAULTS["strict"])
        check_type(body, "body", str, "a str")
        check_size(len(body), "body")
        if short_links is not None:
            check_type(short_links, "short_links", ShortLinks, "a ShortLinks")
        if isinstance(blacklist, (str, bytes)) or not isinstance(blacklist, Iterable):
            raise ArgumentTypeError(
                f"blacklist must be an iterable of numbers, not {type(blacklist).__name__}"
            )
        analysis: dict[str, Any] = {
            "language": options.get("language"),
            "encoding": options.get("encoding", OPTION_DEFAULTS["encoding"]),
            "transcode": options.get("transcode"),
            "short_links": short_links,
        }
        # A bad option is refused now, not after a million recipients are read.
        analyze("", **analysis)
        template = Template(body, fallback_values)
        price_list = PriceList.coerce(prices)
        blacklist = tuple(blacklist)
        arguments = {
            "body": body, "fallback_values": dict(fallback_values or {}),
            "blacklist": blacklist, "default_country": default_country, "prices": price_list,
            "strict": strict, **analysis,
        }
        return cls(template, Numbers(default_country), analysis, price_list, blacklist,
                   check_bool(strict, "strict"), arguments)


def _rebuild(arguments: dict[str, Any]) -> Campaign:
    return Campaign.build(**arguments)


def _fingerprint(arguments: dict[str, Any]) -> tuple[Any, ...]:
    def plain(value: Any) -> Any:
        if isinstance(value, ShortLinks):
            return ("ShortLinks", value.base_url, value.code_length)
        if isinstance(value, (list, tuple)):
            return tuple(value)
        if isinstance(value, dict):
            return tuple(sorted(value.items()))
        return value

    return tuple(sorted((k, repr(plain(v))) for k, v in arguments.items()))


_UNSEEN = object()


class PartialEstimate:
    """The recipients of some batches of one :class:`Campaign`, not yet priced.

    Per distinct E.164 number it keeps ``(region, label values, direct, groups,
    blacklisted)``: the first record of a number gives its labels, later ones only add
    groups and the blacklisted flag, so merging is a union that keeps the earlier side.
    """

    def __init__(self, campaign: Campaign) -> None:
        check_type(campaign, "campaign", Campaign, "a Campaign")
        self.campaign = campaign
        self.numbers: dict[str, tuple[Any, ...]] = {}
        self.contacts: dict[Any, Any] = {}
        self.to_entries = 0
        self.invalid: list[tuple[str, str, Any]] = []
        self.keys: dict[Key, Key] = {}

    def add(self, records: Iterable[Recipient | tuple[Any, Any, Any, Any, Any]]) -> None:
        """Read a batch of :class:`Recipient` records (or 5-tuples in the same order)."""
        numbers, contacts, keys = self.numbers, self.contacts, self.keys
        fast, parse = self.campaign.numbers.fast, self.campaign.numbers.parse
        template = self.campaign.template
        names = template.names
        # The key of a recipient with no labels (or a template with none).
        empty = (None,) * len(names)
        invalid = self.invalid
        for position, (mobile, contact, labels, blacklisted, group) in enumerate(records):
            if blacklisted is not True and blacklisted is not False:
                check_bool(blacklisted, f"recipient {_name(contact, position)} blacklisted")
            if contact is not None:
                seen = contacts.get(contact, _UNSEEN)
                if seen is not _UNSEEN:  # the same contact again, from another group
                    if seen is not None:
                        numbers[seen] = _join(numbers[seen], group, blacklisted)
                    continue
            if type(mobile) is not str:
                raise ArgumentTypeError(
                    f"recipient {_name(contact, position)}: the number must be a str, not "
                    f"{type(mobile).__name__}"
                )
            # Only a valid E.164 number is a key: a number seen before needs no reading.
            entry = numbers.get(mobile)
            if entry is not None:
                if contact is None:
                    self.to_entries += 1
                else:
                    contacts[contact] = mobile
                numbers[mobile] = _join(entry, group, blacklisted)
                continue
            found = fast(mobile) or parse(mobile)
            if isinstance(found, str):
                if contact is not None:
                    contacts[contact] = None
                invalid.append((mobile, found, contact))
                continue
            e164, region = found
            if contact is None:
                self.to_entries += 1
            else:
                contacts[contact] = e164
            # The shortcut answers with the very string it was given: already looked up.
            entry = None if e164 is mobile else numbers.get(e164)
            if entry is not None:
                numbers[e164] = _join(entry, group, blacklisted)
                continue
            if labels is None:
                key = empty
            elif type(labels) is dict or isinstance(labels, Mapping):
                key = tuple(map(labels.get, names)) if labels else empty
            else:
                raise ArgumentTypeError(
                    f"recipient {_name(contact, position)}: labels must be a mapping, not "
                    f"{type(labels).__name__}"
                )
            try:
                interned = keys.get(key)
            except TypeError:  # an unhashable value (a list): check() names it below
                interned = None
            if interned is None:
                template.check(key, f"recipient {_name(contact, position)}")
                interned = keys[key] = key
            numbers[e164] = (region, interned, group is None,
                             None if group is None else frozenset((group,)), blacklisted)

    def merge(self, other: PartialEstimate) -> PartialEstimate:
        """Fold ``other`` (later batches of the same campaign) into this one; returns self.

        ``a.merge(b).finish()`` equals one estimate of ``a``'s records followed by ``b``'s.
        """
        check_type(other, "other", PartialEstimate, "a PartialEstimate")
        if not self.campaign.same(other.campaign):
            raise OptionError("merge: both partial estimates must come from one Campaign")
        known = self.contacts  # a contact this side has seen is not read again
        self.invalid.extend(
            item for item in other.invalid if item[2] is None or item[2] not in known
        )
        for contact, e164 in other.contacts.items():
            known.setdefault(contact, e164)
        self.to_entries += other.to_entries
        numbers = self.numbers
        for e164, (region, key, direct, groups, flagged) in other.numbers.items():
            entry = numbers.get(e164)
            if entry is None:
                numbers[e164] = (region, self.keys.setdefault(key, key), direct, groups,
                                 flagged)
                continue
            joined = entry[3] if not groups else groups if entry[3] is None else (
                entry[3] | groups)
            numbers[e164] = (entry[0], entry[1], entry[2] or direct, joined,
                             entry[4] or flagged)
        return self

    def finish(self) -> CampaignEstimate:
        """Analyse each distinct body once and price the campaign."""
        return report(self)


def _name(contact: Any, position: int) -> str:
    return f"{contact!r}" if contact is not None else f"at position {position}"


def _join(entry: tuple[Any, ...], group: str | None, blacklisted: bool) -> tuple[Any, ...]:
    """``entry`` seen once more, from ``group`` (``None``: from ``to`` or contacts)."""
    region, key, direct, groups, flagged = entry
    if group is None:
        direct = True
    elif groups is None:
        groups = frozenset((group,))
    elif group not in groups:
        groups = groups | {group}
    return region, key, direct, groups, flagged or blacklisted


def _contact_records(
    members: object, where: str, group: str | None
) -> Iterable[tuple[Any, Any, Any, Any, Any]]:
    if not isinstance(members, Mapping):
        raise ArgumentTypeError(f"{where} must be a mapping of contact id to record, not "
                                f"{type(members).__name__}")
    for contact, record in members.items():
        if type(record) is not dict and not isinstance(record, Mapping):
            raise ArgumentTypeError(f"{where}[{contact!r}] must be a mapping, not "
                                    f"{type(record).__name__}")
        try:
            mobile = record["mobile"]
        except KeyError:
            raise OptionError(f"{where}[{contact!r}] has no 'mobile'") from None
        # Plain 5-tuples: what add() unpacks, without a NamedTuple built per recipient.
        yield (mobile, contact, record.get("labels"), record.get("blacklisted", False), group)


def recipients_of(
    to: Iterable[Any] = (),
    contacts: Mapping[Any, Any] | None = None,
    groups: Mapping[str, Any] | None = None,
) -> Iterable[Recipient | tuple[Any, Any, Any, Any, Any]]:
    """The records of Routee's ``to``, ``contacts`` and ``groups``, in that order of
    precedence (a contact's labels win over a plain number; groups come last).

    >>> [r[0] for r in recipients_of(["+1"], {"a": {"mobile": "+2"}}, {"g": {}})]
    ['+2', '+1']
    """
    if isinstance(to, (str, bytes)) or not isinstance(to, Iterable):
        raise ArgumentTypeError(f"to must be an iterable of numbers, not {type(to).__name__}")
    if contacts is not None:
        yield from _contact_records(contacts, "contacts", None)
    for number in to:
        yield Recipient(number)
    if groups is not None:
        if not isinstance(groups, Mapping):
            raise ArgumentTypeError(f"groups must be a mapping, not {type(groups).__name__}")
        for name, members in groups.items():
            check_type(name, "a group name", str, "a str")
            yield from _contact_records(members, f"groups[{name!r}]", name)


@spelled_out
def estimate_campaign(
    body: str,
    *,
    to: Iterable[Any] = (),
    contacts: Mapping[Any, Any] | None = None,
    groups: Mapping[str, Any] | None = None,
    **options: Unpack[Options],
) -> CampaignEstimate:
    """What a campaign costs before it is sent, exactly, recipient by recipient.

    ``to``: plain numbers (no labels). ``contacts``: ``{id: {"mobile": ..., "labels":
    {...}, "blacklisted": bool}}``. ``groups``: ``{name: {id: record}}``. A number given
    more than once (across all three) is one recipient; a blacklisted one (flagged on
    any record, or in ``blacklist``) is none. ``default_country`` reads national numbers.
    ``prices``: a :class:`PriceList` or ``{country: price per part}``. ``language``,
    ``encoding``, ``transcode`` and ``short_links`` as for :func:`sms_codec.analyze`.
    ``strict=True`` raises :class:`~sms_codec.errors.CampaignRejectedError` where Routee
    rejects the campaign (an invalid number; no recipient).

    >>> e = estimate_campaign("Γεια σου [~name]", to=["+306912345678", "+30 691 234 5678"],
    ...                       prices={"GR": 0.05})
    >>> e.number_of_recipients, e.duplicates, e.to_dict()["warnings"][0]["type"]
    (1, 1, 'missingLabel')
    """
    campaign = Campaign.build(body, **options)
    parts = columns_of_campaign(campaign.template.names, to, contacts, groups)
    if parts is not None:  # a large campaign of plain values: counted as columns
        # Imported here: the column counting costs `import sms_codec` about 20 ms.
        from ._estimate_columns import tally_of

        return assemble(campaign, *tally_of(campaign, parts))
    partial = PartialEstimate(campaign)
    partial.add(recipients_of(to, contacts, groups))
    return partial.finish()


def estimate_request(
    document: Any, *, directory: Mapping[str, Any] | None = None, **options: Any
) -> list[CampaignEstimate]:
    """What a gateway request will cost: a Routee campaign request (one estimate) or an
    Infobip ``/sms/1/text/advanced`` request (one per message), as parsed JSON.
    ``options`` are :func:`estimate_campaign`'s (``prices``, ``default_country``, ...);
    what the request itself says (its language, say) wins.

    >>> [e.number_of_messages for e in estimate_request({"messages": [
    ...     {"text": "Ça va?", "destinations": [{"to": "306912345678"}]},
    ...     {"text": "Ça va?", "transliteration": "ALL", "destinations": [{"to": "+306912345678"}]},
    ... ]})]
    [1, 1]
    """
    return [estimate_campaign(**{**options, **campaign})
            for campaign in campaigns(document, directory)]
