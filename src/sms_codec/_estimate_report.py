"""The priced answer of a campaign estimate: :class:`CampaignEstimate` and the one
function, :func:`report`, that turns the recipients of a partial estimate into it.

Every distinct body (one per distinct tuple of label values) is rendered and analysed
once; each recipient's parts are its body's, so the totals are sums of counts times
parts, exact. Money is ``Decimal`` throughout.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import compress
from operator import countOf, itemgetter
from typing import Any

from ._estimate_bodies import Bodies
from ._estimate_savings import Counts, Priced, savings
from .analysis import BodyAnalysis, analyze
from .errors import CampaignRejectedError

#: A :class:`sms_codec.estimate.PartialEstimate` (typed loosely: that module imports this).
PartialEstimate = Any

__all__ = ["CampaignEstimate", "Tally", "assemble", "blacklist_of", "report"]

_REGION, _KEY, _GROUPS, _FLAGGED = itemgetter(0), itemgetter(1), itemgetter(3), itemgetter(4)

#: Routee's statuses for a campaign it rejects as a whole.
INVALID_NUMBER_STATUS, INVALID_NUMBER_CODE, NO_RECIPIENTS_STATUS = 400005000, "008", 400009004


@dataclass(frozen=True)
class CampaignEstimate:
    """What a campaign costs; :meth:`to_dict` gives Routee's ``smsAnalysis`` keys and
    the named extensions (money there as decimal strings, exact)."""

    number_of_recipients: int
    number_of_messages: int
    recipients_per_country: dict[str, int]
    parts_per_country: dict[str, int]
    parts_histogram: dict[int, int]
    recipients_per_group: dict[str, int]
    total_in_groups: int
    duplicates: int
    blacklisted: int
    invalid: tuple[tuple[str, str], ...]
    body_analysis: BodyAnalysis
    currency: str | None
    cost_total: Decimal | None
    cost_per_country: dict[str, dict[str, Any]]
    unpriced: tuple[str, ...]
    warnings: tuple[dict[str, Any], ...]
    savings: tuple[dict[str, Any], ...]
    _recipients: Mapping[str, tuple[Any, ...]] = field(repr=False)
    _contacts: Mapping[Any, str | None] = field(repr=False)
    _blacklist: frozenset[str] = field(repr=False)
    _analyses: dict[Any, BodyAnalysis] = field(repr=False)
    _render: Any = field(repr=False)

    def _excluded(self, e164: str, entry: tuple[Any, ...]) -> bool:
        return bool(entry[4]) or e164 in self._blacklist

    def recipients(self) -> Iterator[tuple[str, str, BodyAnalysis]]:
        """``(e164, region, analysis of the body it is sent)`` for every recipient."""
        for e164, entry in self._recipients.items():
            if not self._excluded(e164, entry):
                yield e164, entry[0], self._analyses[entry[1]]

    def body_of(self, e164: str) -> str:
        """The body the recipient ``e164`` is sent (its labels filled in)."""
        return str(self._render(self._recipients[e164][1]))

    def to_dict(self) -> dict[str, Any]:
        """Routee's ``smsAnalysis`` shape plus the extensions; JSON-serialisable."""
        contacts = {}
        for contact, e164 in self._contacts.items():
            if e164 is not None:
                entry = self._recipients[e164]
                contacts[str(contact)] = {
                    "recipient": e164, "recipientCountry": entry[0],
                    "blacklisted": self._excluded(e164, entry),
                }
        cost = None
        if self.cost_total is not None:
            cost = {
                "currency": self.currency,
                "total": str(self.cost_total),
                "perCountry": {
                    cc: {**row, "pricePerPart": str(row["pricePerPart"]),
                         "total": str(row["total"])}
                    for cc, row in self.cost_per_country.items()
                },
                "unpriced": list(self.unpriced),
            }
        return {
            "contacts": contacts,
            "numberOfRecipients": self.number_of_recipients,
            "recipientCountries": {e164: entry[0] for e164, entry in self._recipients.items()
                                   if not self._excluded(e164, entry)},
            "recipientsPerCountry": dict(self.recipients_per_country),
            "recipientsPerGroup": dict(self.recipients_per_group),
            "totalInGroups": self.total_in_groups,
            "bodyAnalysis": self.body_analysis.to_dict(),
            "numberOfMessages": self.number_of_messages,
            "partsHistogram": {str(k): v for k, v in self.parts_histogram.items()},
            "partsPerCountry": dict(self.parts_per_country),
            "invalidRecipients": [{"recipient": r, "reason": why} for r, why in self.invalid],
            "duplicates": self.duplicates,
            "blacklisted": self.blacklisted,
            "cost": cost,
            "warnings": [_jsonable(w) for w in self.warnings],
            "savings": [_jsonable(s) for s in self.savings],
        }


def _jsonable(item: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in item.items()}


def blacklist_of(campaign: Any) -> tuple[frozenset[str], int]:
    """The E.164 numbers of ``campaign``'s blacklist, and how many entries are not valid."""
    numbers = campaign.numbers
    found, unreadable = set(), 0
    for number in campaign.blacklist:
        normal = numbers.normalise(number) if isinstance(number, str) else "not a str"
        if isinstance(normal, str):
            unreadable += 1
        else:
            found.add(normal[0])
    return frozenset(found), unreadable


def _options(campaign: Any) -> dict[str, Any]:
    return {k: v for k, v in campaign.options.items() if v is not None}


def _reject(invalid: list[tuple[str, str, Any]], recipients: int) -> None:
    if invalid:
        shown = ", ".join(f"{r!r} ({why})" for r, why, _ in invalid[:5])
        more = f" and {len(invalid) - 5} more" if len(invalid) > 5 else ""
        raise CampaignRejectedError(
            f"{len(invalid)} invalid recipient(s): {shown}{more}",
            status=INVALID_NUMBER_STATUS, code=INVALID_NUMBER_CODE,
            invalid=tuple((r, why) for r, why, _ in invalid),
        )
    if recipients == 0:
        raise CampaignRejectedError("the campaign has no recipient", status=NO_RECIPIENTS_STATUS)


@dataclass
class Tally:
    """The recipients of a campaign, counted, as :func:`assemble` prices them: what the
    records path (:func:`report`) and the columnar one (:mod:`sms_codec.estimate_arrow`)
    both produce. ``counts``: a :class:`Counts` (or one of the same interface)."""

    recipients: int
    blacklisted: int
    per_group: Counter[str]
    in_groups_only: int
    counts: Any
    duplicates: int
    #: ``(number as given, reason, contact id)`` per invalid record, in order.
    invalid: list[tuple[str, str, Any]]
    #: e164 -> (region, key, direct, groups, flagged), and contact id -> e164 (or None).
    numbers: Mapping[str, tuple[Any, ...]]
    contacts: Mapping[Any, str | None]


def report(partial: PartialEstimate) -> CampaignEstimate:
    """Price the recipients ``partial`` holds (see :meth:`PartialEstimate.finish`)."""
    blacklist, unreadable = blacklist_of(partial.campaign)
    numbers = partial.numbers
    if blacklist or any(map(_FLAGGED, numbers.values())):
        included = [entry for e164, entry in numbers.items()
                    if not entry[4] and e164 not in blacklist]
    else:
        included = list(numbers.values())
    per_group: Counter[str] = Counter()
    in_groups_only = 0
    for entry in compress(included, map(_GROUPS, included)):
        per_group.update(entry[3])
        in_groups_only += not entry[2]
    valid_contacts = len(partial.contacts) - countOf(partial.contacts.values(), None)
    tally = Tally(
        recipients=len(included), blacklisted=len(numbers) - len(included),
        per_group=per_group, in_groups_only=in_groups_only,
        # Counted in C over every recipient; Python loops only over distinct bodies.
        counts=lambda: Counts(list(map(_REGION, included)), list(map(_KEY, included))),
        duplicates=partial.to_entries + valid_contacts - len(numbers),
        invalid=partial.invalid, numbers=numbers, contacts=partial.contacts,
    )
    return assemble(partial.campaign, tally, blacklist, unreadable)


def assemble(campaign: Any, tally: Tally, blacklist: frozenset[str], unreadable: int
             ) -> CampaignEstimate:
    """The :class:`CampaignEstimate` of ``tally`` (``counts`` there may be a function
    that makes it: the strict check comes first)."""
    template = campaign.template
    recipients = tally.recipients
    if campaign.strict:
        _reject(tally.invalid, recipients)
    options = _options(campaign)
    counts = tally.counts() if callable(tally.counts) else tally.counts
    per_key = counts.per_key
    bodies = Bodies(template, per_key, options)
    analyses = bodies.analyses
    parts_of = {key: analyses[key].parts for key in per_key}
    histogram: Counter[int] = Counter()
    per_country: Counter[str] = Counter()
    parts_country: Counter[str] = Counter()
    for (region, parts), n in counts.region_parts(parts_of).items():
        histogram[parts] += n
        per_country[region] += n
        parts_country[region] += n * parts
    priced = Priced(campaign.prices)
    cost_rows = priced.rows(per_country, parts_country)
    duplicates = tally.duplicates
    warnings = _warnings(template, tally.invalid, per_key, analyses, unreadable, duplicates,
                         priced, per_country, recipients)
    return CampaignEstimate(
        number_of_recipients=recipients,
        number_of_messages=sum(parts_country.values()),
        recipients_per_country=dict(sorted(per_country.items())),
        parts_per_country=dict(sorted(parts_country.items())),
        parts_histogram=dict(sorted(histogram.items())),
        recipients_per_group=dict(sorted(tally.per_group.items())),
        total_in_groups=tally.in_groups_only,
        duplicates=duplicates,
        blacklisted=tally.blacklisted,
        invalid=tuple((r, why) for r, why, _ in tally.invalid),
        body_analysis=analyze(template.body, **options),
        currency=priced.currency,
        cost_total=priced.total(cost_rows),
        cost_per_country=cost_rows,
        unpriced=priced.unpriced(per_country),
        warnings=tuple(warnings),
        savings=tuple(savings(bodies, counts, options, priced)),
        _recipients=tally.numbers,
        _contacts=tally.contacts,
        _blacklist=blacklist,
        _analyses=analyses,
        _render=template.render,
    )


def _warnings(
    template: Any,
    invalid: list[tuple[str, str, Any]],
    per_key: Counter[Any],
    analyses: dict[Any, BodyAnalysis],
    unreadable: int,
    duplicates: int,
    priced: Priced,
    per_country: Counter[str],
    recipients: int,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    missing: Counter[str] = Counter()
    unicode = too_long = 0
    for key, n in per_key.items():
        if None in key:
            missing.update({label: n for label in template.missing(key)})
        unicode += n * analyses[key].unicode
        too_long += n * (analyses[key].parts > 255)
    for label, n in missing.most_common():
        out.append({"type": "missingLabel", "label": label, "recipients": n,
                    "message": f"label {label!r} is missing with no fallback for {n} "
                               f"recipient(s); '[~{label}]' is sent and priced as written"})
    if invalid:
        out.append({"type": "invalidRecipients", "recipients": len(invalid),
                    "message": f"{len(invalid)} invalid number(s) left out; "
                               "Routee would reject the whole campaign (400005000, 008)"})
    if recipients == 0:
        out.append({"type": "noRecipients", "recipients": 0,
                    "message": "no recipient; Routee would reject the campaign (400009004)"})
    if too_long:
        out.append({"type": "tooLong", "recipients": too_long,
                    "message": f"{too_long} recipient(s) get a body over 255 parts, "
                               "which cannot be sent"})
    if unicode:
        out.append({"type": "unicode", "recipients": unicode,
                    "message": f"{unicode} recipient(s) get a body sent as UCS-2"})
    unpriced = priced.unpriced(per_country)
    if unpriced and priced.prices is not None:
        count = sum(per_country[c] for c in unpriced)
        out.append({"type": "unpriced", "recipients": count, "countries": list(unpriced),
                    "message": f"no price for {', '.join(unpriced)} ({count} recipient(s))"})
    if duplicates:
        out.append({"type": "duplicates", "recipients": duplicates,
                    "message": f"{duplicates} duplicate number(s) counted once"})
    if unreadable:
        out.append({"type": "blacklistInvalid", "recipients": unreadable,
                    "message": f"{unreadable} blacklist entry(ies) are not valid numbers"})
    return out
