"""What the Chains page lists: exchange options with unique readable labels, saved and detected
chains."""

from __future__ import annotations

import re
from datetime import datetime

from dashboard.analysis.chains import detect_chains
from dashboard.analysis.matching import find_candidates
from dashboard.domain.members import Member, StoredChain
from dashboard.i18n import t
from dashboard.views.chain_options import exchange_options, listed_chains


def test_options_cover_flows_and_candidates_with_unique_readable_labels(leningrad):
    candidates = find_candidates(leningrad)
    options = exchange_options(leningrad, candidates)
    flows = [k for k in options if k.startswith("flow:")]
    assert len(flows) == len(leningrad.flows)
    assert len(options) == len(leningrad.flows) + len(candidates)
    labels = [o.label for o in options.values()]
    assert len(set(labels)) == len(labels)
    first = options[f"flow:{leningrad.flows['flow_id'].iloc[0]}"].label
    assert re.fullmatch(r".+ → .+ → .+ \(.+\) · .+", first)


def test_only_the_best_candidates_are_offered_but_a_saved_chains_members_stay(leningrad):
    candidates = find_candidates(leningrad)
    worst = candidates.iloc[-1]
    member = Member("candidate", f"{worst['have_stream_id']}>{worst['want_stream_id']}",
                    source_company=worst["source_company"],
                    target_company=worst["target_company"], material=worst["have_material"])
    options = exchange_options(leningrad, candidates, [member], limit=5)
    offered = [k for k in options if not k.startswith("flow:")]
    assert len(offered) == 6 and offered[-1].endswith(member.ref_id)
    best = exchange_options(leningrad, candidates.head(5))
    assert offered[:5] == [k for k in best if not k.startswith("flow:")]


def test_listed_chains_put_saved_ones_first_and_follow_the_shown_companies(leningrad):
    detected = detect_chains(leningrad.flows)
    when = datetime(2026, 1, 1)
    saved = StoredChain("abc", "Team <i>A</i>", "leningrad", when, when, (Member("flow", "x"),))
    listed = listed_chains([saved], detected, leningrad)
    assert next(iter(listed)) == "saved:abc"
    assert listed["saved:abc"].label == t("chainsui.saved_label", name="Team <i>A</i>")
    assert len(listed) == len(detected) + 1
    first = listed[f"detected:{detected[0].chain_id}"]
    assert [m.ref_id for m in first.members] == list(detected[0].flow_ids)
    only = listed_chains([], detected, leningrad, detected[-1].companies)
    assert f"detected:{detected[-1].chain_id}" in only and len(only) < len(detected)
