"""pytest-benchmark: the campaign estimate against analyze_many over the same rendered
bodies (issue 12), at 20,000 recipients; ``campaign.py`` runs the 1,000,000 of the goal.

    python -m pytest benchmarks/test_campaign.py --benchmark-only
"""

from __future__ import annotations

from typing import Any

import pytest
from campaign import TEMPLATE, campaign, render_all

import sms_codec
from sms_codec import _estimate_dicts

RECIPIENTS = 20_000
PRICES = {"GR": "0.045", "TR": "0.02", "US": "0.0079", "CA": "0.0079", "RU": "0.06"}


@pytest.fixture(scope="module")
def contacts() -> dict[Any, dict[str, Any]]:
    return campaign(RECIPIENTS)


def test_estimate_campaign(benchmark: Any, kernels: str,
                           contacts: dict[Any, dict[str, Any]]) -> None:
    benchmark.group = "campaign"
    result = benchmark(sms_codec.estimate_campaign, TEMPLATE, contacts=contacts, prices=PRICES)
    assert result.number_of_recipients > 0


def test_estimate_campaign_by_records(benchmark: Any, kernels: str,
                                     contacts: dict[Any, dict[str, Any]],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The same estimate read record by record (a campaign under COLUMNS_FROM, or no
    pyarrow): the dictionaries-as-columns path's gain."""
    benchmark.group = "campaign"
    monkeypatch.setattr(_estimate_dicts, "COLUMNS_FROM", 10**12)
    result = benchmark(sms_codec.estimate_campaign, TEMPLATE, contacts=contacts, prices=PRICES)
    assert result.number_of_recipients > 0


def test_analyze_many_rendered(benchmark: Any, kernels: str,
                               contacts: dict[Any, dict[str, Any]]) -> None:
    benchmark.group = "campaign"
    bodies = render_all(contacts)
    assert len(benchmark(sms_codec.analyze_many, bodies)) == RECIPIENTS
