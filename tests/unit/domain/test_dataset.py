"""The shared filters: sector, region and material narrow companies, streams and flows."""

from __future__ import annotations

from dashboard.domain.dataset import apply_filters, filter_options

from ..summary_data import small


def test_filters_keep_streams_and_flows_of_kept_companies():
    dataset = small()
    assert filter_options(dataset)["sector"] == ["A", "C", "D"]
    only_c = apply_filters(dataset, sectors=["C"])
    assert list(only_c.companies["company_id"]) == ["A"]
    assert list(only_c.streams["stream_id"]) == ["S1", "S4"]
    assert only_c.flows.empty
    grain = apply_filters(dataset, materials=["spent_grain"])
    assert list(grain.streams["stream_id"]) == ["S1", "S5"]
    assert list(grain.flows["flow_id"]) == ["F1"]
