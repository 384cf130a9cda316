"""Chain members: a stored candidate or a vanished flow still stands for an exchange."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.analysis.matching import find_candidates
from dashboard.domain.members import Member, candidate_members, flow_members, member_exchanges


def test_a_stored_candidate_becomes_an_exchange_from_the_datasets_streams(leningrad):
    row = find_candidates(leningrad).iloc[0]
    [member] = candidate_members(pd.DataFrame([row]))
    assert member.ref_id == f"{row['have_stream_id']}>{row['want_stream_id']}"
    [ex] = member_exchanges([member], leningrad)
    assert (ex.source_company, ex.target_company) == (row["source_company"], row["target_company"])
    assert ex.use == row["use"] and ex.status == "candidate"
    assert ex.distance_km == pytest.approx(row["distance_km"], abs=0.06)


def test_a_flow_that_no_longer_exists_falls_back_to_its_stored_fields(leningrad):
    [flow] = flow_members(leningrad.flows.head(1))
    gone = Member("flow", "no-such-flow", flow.source_company, flow.target_company,
                  flow.material, flow.quantity, flow.unit)  # fmt: skip
    [kept, fallback] = member_exchanges([flow, gone], leningrad)
    assert kept.exchange_id == flow.ref_id and kept.status == leningrad.flows["status"].iloc[0]
    assert fallback.exchange_id == "no-such-flow"
    assert (fallback.material, fallback.quantity) == (flow.material, flow.quantity)
    assert fallback.distance_km == pytest.approx(kept.distance_km)
