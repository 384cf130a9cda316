"""Exchanges from candidate rows and from the flows of a dataset."""

from __future__ import annotations

from dashboard.analysis.assessment import assess_chain
from dashboard.domain.exchange import candidate_exchange, flow_exchanges
from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_path


def test_candidate_rows_and_bundled_flows():
    row = {"source_company": "S", "target_company": "T", "have_material": "fly_ash",
           "want_material": "cement_raw_material", "quantity": 1000, "unit": "t/yr",
           "distance_km": 10.0, "hazardous": False}  # fmt: skip
    ex = candidate_exchange(row)
    assert (ex.material, ex.use, ex.status, ex.quantity) == (
        "fly_ash",
        "cement_raw_material",
        "candidate",
        1000.0,
    )
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    exchanges = flow_exchanges(dataset)
    assert len(exchanges) == len(dataset.flows)
    chain = assess_chain(exchanges)
    assert chain.totals["ghg_avoided_t_co2e"].known
    assert chain.totals["net_benefit_eur"].known
