"""A chain measure's reasons, each once with the exchanges it applies to, readable."""

from __future__ import annotations

import pytest

from dashboard.analysis.chains import detect_chains
from dashboard.analysis.policy.catalogue import bundled_catalogue
from dashboard.analysis.policy.findings import chain_findings, flow_findings
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import load_or_raise
from dashboard.views.policy_text import (
    finding_reasons,
    findings_table,
    measure_summary,
    reason_groups,
    reasons_markdown,
)


@pytest.fixture(scope="module")
def biogas_chain():
    dataset = load_or_raise(DATASETS_DIR / "leningrad")
    chain = next(c for c in detect_chains(dataset.flows) if "len-f01" in c.flow_ids)
    items = chain_findings(flow_findings(dataset, bundled_catalogue()), chain.flow_ids)
    return {i.measure.measure_id: i for i in items}


def test_a_sentence_repeated_per_flow_is_written_once_with_its_flows(biogas_chain):
    item = biogas_chain["RU-7FZ-BY-PRODUCT"]
    assert len(item.flows) == 6
    per_flow = [finding_reasons(f)[0] for f in item.findings]
    assert len(set(per_flow)) == 6
    groups = reason_groups(item)
    assert len(groups) == 1
    text, ids = groups[0]
    assert ids == item.flows
    assert text.startswith(t("policy.generic.party.source").capitalize())
    assert t("policy.generic.material") in text and "Neva Demo Brewery" not in text
    reasons = findings_table([item]).at[0, "reasons"]
    assert reasons == text


def test_a_reason_for_one_flow_keeps_its_names(biogas_chain):
    single = [i for i in biogas_chain.values() if len(i.flows) == 1]
    assert single
    for item in single:
        (text, ids), *_ = reason_groups(item)
        assert text == finding_reasons(item.findings[0])[0] and ids == item.flows


def test_reasons_read_as_a_list_naming_the_exchanges(biogas_chain):
    item = biogas_chain["RU-7FZ-BY-PRODUCT"]
    labels = {f: f"label of {f}" for f in item.flows}
    markdown = reasons_markdown(item, labels)
    assert markdown.startswith("- ") and markdown.count("\n- ") == 0
    assert t("policy.applies_to", count=6) in markdown
    assert all(f"label of {f}".replace("-", "\\-") in markdown for f in item.flows)
    summary = measure_summary([item])
    assert "reasons" not in summary.columns and summary.at[0, "flows"] == 6
