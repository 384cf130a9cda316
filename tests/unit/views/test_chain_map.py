"""A chain on the map: only its companies and links."""

from __future__ import annotations

from dashboard.domain.members import flow_members, member_exchanges
from dashboard.views.chain_map import chain_map, map_layers, map_lines


def test_map_layers_draw_only_the_chains_companies(leningrad):
    members = flow_members(leningrad.flows.head(2))
    exchanges = member_exchanges(members, leningrad)
    assert len(map_lines(exchanges, leningrad)) == 2
    fmap = chain_map(exchanges, leningrad)
    for layer in map_layers(exchanges, leningrad):
        layer.add_to(fmap)
    html = fmap.get_root().render()
    names = leningrad.companies.set_index("company_id")["name"]
    chain = {c for ex in exchanges for c in (ex.source_company, ex.target_company)}
    plain = names[names.str.fullmatch(r"[\w .()-]+")]
    assert all(plain[c] in html for c in chain if c in plain.index)
    assert not any(plain[c] in html for c in set(plain.index) - chain)
