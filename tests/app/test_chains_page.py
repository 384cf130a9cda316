"""The Chains page under AppTest: it runs on every bundled dataset, session factor overrides
change what it shows and Reset restores it, and saved chains are created, edited, renamed and
deleted through its widgets (the store is a SQLite file in tmp_path)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.assessment import assess_chain
from dashboard.analysis.chains import detect_chains
from dashboard.analysis.matching import find_candidates
from dashboard.domain.exchange import flow_exchanges
from dashboard.domain.factors import Factors
from dashboard.domain.members import member_key
from dashboard.domain.reference import DATASETS_DIR
from dashboard.i18n import t
from dashboard.io.datasets import bundled_datasets, load_path
from dashboard.store import chains as store
from dashboard.store import db
from dashboard.views.chain_options import exchange_options
from dashboard.views.markdown import escape_markdown
from dashboard.web import session
from dashboard.web.chain_panels import PANELS

from ..paths import APP

PAGE = "app_pages/chains.py"


@pytest.fixture(autouse=True)
def chain_store(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'chains.sqlite'}"
    monkeypatch.setenv(db.ENV_VAR, url)
    return url


def open_page(dataset_id: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params[session.DATASET] = dataset_id
    at.run()
    at.switch_page(PAGE)
    return at.run()


def open_tab(at: AppTest, panel: str) -> AppTest:
    """Open a tab of the page, as a click on it does (only the open tab is drawn)."""
    at.session_state[session.TABS] = t(f"chainsui.tab.{panel}")
    return at.run()


def tab(at: AppTest, panel: str):
    return at.tabs[list(PANELS).index(panel)]


def metric(at: AppTest, result: str) -> str:
    label = t(f"chainsui.result.{result}")
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("dataset_id", list(bundled_datasets()))
def test_page_runs_on_every_bundled_dataset(dataset_id):
    at = open_page(dataset_id)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("chainsui.title")
    dataset, _ = load_path(DATASETS_DIR / dataset_id)
    if detect_chains(dataset.flows):
        assert at.selectbox(key=session.CHAIN).value.startswith("detected:")
        assert len(at.tabs) == len(PANELS) and at.get("plotly_chart")
        # only the open tab is drawn
        assert not tab(at, "policy").dataframe
        open_tab(at, "policy")
        policy_tab = tab(at, "policy")
        assert policy_tab.label == t("chainsui.tab.policy")
        assert not at.get("plotly_chart")
        shown = [d.value for d in policy_tab.dataframe]
        assert len(shown) == 3 and all("measure_id" in frame.columns for frame in shown)
        if dataset_id == "kalundborg":
            measures = set().union(*(set(frame["measure_id"]) for frame in shown))
            assert measures and not any(m.startswith("RU") for m in measures)
    else:
        assert [i.value for i in at.info] == [t("chainsui.none")]


def test_a_factor_override_changes_the_result_and_reset_restores_it():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    statuses = dataset.flows.set_index("flow_id")["status"]
    first = next(
        c for c in detect_chains(dataset.flows) if len({statuses[f] for f in c.flow_ids}) == 1
    )
    at = open_page("leningrad")
    at.selectbox(key=session.CHAIN).set_value(f"detected:{first.chain_id}").run()
    before = metric(at, "ghg_avoided_t_co2e")
    exchanges = flow_exchanges(dataset, first.flow_ids)
    base = assess_chain(exchanges).totals["ghg_avoided_t_co2e"].value
    used = next(
        factor_id
        for a in assess_chain(exchanges).assessments
        for factor_id in a.factor_ids.values()
        if assess_chain(exchanges, Factors(overrides={factor_id: 1e6}))
        .totals["ghg_avoided_t_co2e"]
        .value
        != base
    )
    at.session_state[session.FACTOR_OVERRIDES] = {used: 1e6}
    at.run()
    assert metric(at, "ghg_avoided_t_co2e") != before
    assert t("chainsui.overridden", count=1) in [c.value for c in at.caption]
    open_tab(at, "factors")
    at.button(key=session.FACTORS_RESET).click().run()
    assert metric(at, "ghg_avoided_t_co2e") == before
    assert at.session_state[session.FACTOR_OVERRIDES] == {}
    assert not at.exception


def test_create_edit_rename_and_delete_a_saved_chain(chain_store):
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    options = exchange_options(dataset, find_candidates(dataset))
    flow = next(k for k in options if k.startswith("flow:"))
    candidate = next(k for k in options if k.startswith("candidate:"))
    at = open_page("leningrad")
    metrics = len(at.metric)

    at.text_input(key=session.NEW_NAME).input("Team <b>A</b>")
    at.multiselect(key=session.NEW_MEMBERS).select(flow).select(candidate)
    at.run()
    # the draft's assessment, before saving: an existing flow and a candidate, shown apart
    assert len(at.metric) == metrics
    assert t("chainsui.status_totals") in [c.value for c in at.caption]
    at.button(key=session.SAVE).click().run()
    [saved] = store.list_chains("leningrad", chain_store)
    assert saved.name == "Team <b>A</b>"
    assert [member_key(m) for m in saved.members] == [flow, candidate]
    assert at.selectbox(key=session.CHAIN).value == f"saved:{saved.id}"
    assert at.text_input(key=session.NEW_NAME).value == ""
    shown = escape_markdown(t("chainsui.build.saved", name="Team <b>A</b>"))
    assert [s.value for s in at.success] == [shown]

    at.multiselect(key=session.EDIT_MEMBERS).unselect(flow).run()
    assert [member_key(m) for m in store.get_chain(saved.id, chain_store).members] == [candidate]
    at.text_input(key=session.RENAME).input("Team B")
    at.button(key=session.RENAME_BUTTON).click().run()
    assert store.get_chain(saved.id, chain_store).name == "Team B"
    assert t("chainsui.saved_label", name="Team B") in at.selectbox(key=session.CHAIN).options

    at.button(key=session.DELETE).click().run()
    assert store.list_chains("leningrad", chain_store) == []
    assert at.selectbox(key=session.CHAIN).value.startswith("detected:")
    assert not at.exception, [e.value for e in at.exception]


def test_a_team_can_build_a_chain_where_no_flows_exist(chain_store):
    dataset, _ = load_path(DATASETS_DIR / "finland_eprtr")
    candidate = next(k for k in exchange_options(dataset, find_candidates(dataset)))
    at = open_page("finland_eprtr")
    at.multiselect(key=session.NEW_MEMBERS).select(candidate).run()
    at.button(key=session.SAVE).click().run()
    [saved] = store.list_chains("finland_eprtr", chain_store)
    assert saved.name == t("chainsui.build.default_name", n=1)
    assert at.selectbox(key=session.CHAIN).value == f"saved:{saved.id}"
    assert metric(at, "ghg_avoided_t_co2e")
    assert not at.exception, [e.value for e in at.exception]


def test_the_chosen_chain_and_a_draft_survive_a_visit_to_another_page():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    second = f"detected:{detect_chains(dataset.flows)[1].chain_id}"
    flow = f"flow:{dataset.flows['flow_id'].iloc[0]}"
    at = open_page("leningrad")
    at.selectbox(key=session.CHAIN).set_value(second)
    at.multiselect(key=session.NEW_MEMBERS).select(flow)
    at.run()
    at.switch_page("app_pages/map.py").run()
    at.switch_page(PAGE).run()
    assert at.selectbox(key=session.CHAIN).value == second
    assert at.multiselect(key=session.NEW_MEMBERS).value == [flow]
    assert not at.exception, [e.value for e in at.exception]


def test_a_chosen_fate_changes_the_results_and_reset_restores_the_default():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    first = detect_chains(dataset.flows)[0]
    at = open_tab(open_page("leningrad"), "fates")
    fates_tab = at.tabs[list(PANELS).index("fates")]
    assert fates_tab.label == t("chainsui.tab.fates")
    [before] = [d.value for d in fates_tab.dataframe]
    assert len(before) == len(first.flow_ids) and before["default_fate"].notna().all()
    flow = first.flow_ids[0]
    at.session_state[session.FATE_CHOICES] = {"leningrad": {flow: "landfill"}}
    at.run()
    [after] = [d.value for d in at.tabs[list(PANELS).index("fates")].dataframe]
    assert after["fate"].iloc[0] == t("fate.landfill")
    assert after["ghg_avoided_t_co2e"].iloc[0] != before["ghg_avoided_t_co2e"].iloc[0]
    at.button(key=session.FATES_RESET).click().run()
    assert at.session_state[session.FATE_CHOICES] == {}
    [reset] = [d.value for d in at.tabs[list(PANELS).index("fates")].dataframe]
    assert reset["ghg_avoided_t_co2e"].tolist() == before["ghg_avoided_t_co2e"].tolist()
    assert not at.exception, [e.value for e in at.exception]


def test_a_chain_of_existing_and_planned_flows_shows_their_totals_apart():
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    statuses = dataset.flows.set_index("flow_id")["status"]
    mixed = next(
        c for c in detect_chains(dataset.flows) if len({statuses[f] for f in c.flow_ids}) > 1
    )
    at = open_page("leningrad")
    at.selectbox(key=session.CHAIN).set_value(f"detected:{mixed.chain_id}").run()
    assert t("chainsui.status_totals") in [c.value for c in at.caption]
    table = next(d.value for d in at.dataframe if "status" in d.value.columns)
    assert len(table) == len({statuses[f] for f in mixed.flow_ids})
    assert not at.exception, [e.value for e in at.exception]


def test_kalundborg_shows_its_published_totals_beside_the_tools():
    at = open_page("kalundborg")
    [expander] = [e for e in at.expander if e.label == t("chainsui.published.heading")]
    table = next(d.value for d in expander.dataframe)
    assert len(table) == 6 and table["published"].notna().all()
    assert table["tool"].notna().any()
    assert any("consequential" in m.value for m in expander.markdown)
    assert not at.exception, [e.value for e in at.exception]


def test_a_delete_acts_only_on_the_chain_its_confirmation_was_opened_for(chain_store):
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    options = exchange_options(dataset, find_candidates(dataset))
    flows = [k for k in options if k.startswith("flow:")][:2]
    first = store.create_chain("First", "leningrad", [options[flows[0]].member], url=chain_store)
    second = store.create_chain("Second", "leningrad", [options[flows[1]].member], url=chain_store)
    at = open_page("leningrad")
    picker = at.selectbox(key=session.CHAIN)
    assert picker.value == f"saved:{second}"
    # the confirmation was drawn for "Second"; the picker moves to "First" before the click
    picker.set_value(f"saved:{first}")
    at.button(key=session.DELETE).click().run()
    assert {c.id for c in store.list_chains("leningrad", chain_store)} == {first, second}
    assert [w.value for w in at.warning] == [
        escape_markdown(t("chainsui.manage.delete_moved", name="Second"))
    ]
    assert at.selectbox(key=session.CHAIN).value == f"saved:{first}"

    listed = at.selectbox(key=session.CHAIN).options
    at.button(key=session.DELETE).click().run()
    assert [c.id for c in store.list_chains("leningrad", chain_store)] == [second]
    # the picker moves to the chain listed after the deleted one, and stays there
    after = at.selectbox(key=session.CHAIN)
    assert after.value.startswith("detected:") and after.options == listed[:1] + listed[2:]
    assert after.value == f"detected:{detect_chains(dataset.flows)[0].chain_id}"
    assert at.session_state[f"{session.CHAIN}_kept"] == after.value
    assert session.delete_confirm_key(first) not in at.session_state
    assert not at.exception, [e.value for e in at.exception]


def test_a_name_the_dataset_has_is_refused_with_a_free_one_suggested(chain_store):
    dataset, _ = load_path(DATASETS_DIR / "leningrad")
    options = exchange_options(dataset, find_candidates(dataset))
    flow = next(k for k in options if k.startswith("flow:"))
    store.create_chain("Team A", "leningrad", [options[flow].member], url=chain_store)
    at = open_page("leningrad")
    at.text_input(key=session.NEW_NAME).input("Team A")
    at.multiselect(key=session.NEW_MEMBERS).select(flow)
    at.run()
    at.button(key=session.SAVE).click().run()
    assert [c.name for c in store.list_chains("leningrad", chain_store)] == ["Team A"]
    message = t("chainsui.name_taken", name="Team A", suggestion="Team A (2)")
    assert [w.value for w in at.warning] == [escape_markdown(message)]
    assert at.text_input(key=session.NEW_NAME).value == "Team A (2)"
    at.button(key=session.SAVE).click().run()
    names = sorted(c.name for c in store.list_chains("leningrad", chain_store))
    assert names == ["Team A", "Team A (2)"]
    labels = at.selectbox(key=session.CHAIN).options
    assert len(labels) == len(set(labels))

    at.text_input(key=session.RENAME).input("Team A")
    at.button(key=session.RENAME_BUTTON).click().run()
    assert sorted(c.name for c in store.list_chains("leningrad", chain_store)) == names
    assert at.text_input(key=session.RENAME).value == "Team A (3)"
    assert not at.exception, [e.value for e in at.exception]


def test_kalundborg_shows_its_mca_score_as_unknown_with_the_reason():
    at = open_page("kalundborg")
    assert metric(at, "ghg_avoided_t_co2e") == t("label.unknown")
    [score] = [m for m in at.metric if m.label == t("chainsui.mca_score")]
    assert score.value == t("label.unknown")
    assert score.help == t("chainsui.mca_unknown")
    open_tab(at, "mca")
    assert t("chainsui.mca_unknown") in [c.value for c in at.caption]
    assert not at.exception, [e.value for e in at.exception]


def test_the_export_tab_offers_csv_html_and_pdf():
    at = open_tab(open_page("leningrad"), "export")
    keys = {b.key for b in at.get("download_button")}
    assert {session.CSV, session.HTML, session.PDF} <= keys
    assert not at.exception, [e.value for e in at.exception]


def test_a_chain_that_takes_more_than_a_want_wants_is_warned_about():
    from dashboard.analysis.matching import MatchOptions
    from dashboard.domain.members import candidate_members

    full, _ = load_path(DATASETS_DIR / "leningrad")
    candidates = find_candidates(full, MatchOptions(min_score=0))
    crowded = candidates.groupby("want_stream_id")["quantity"].transform("size")
    want = candidates[crowded == crowded.max()]["want_stream_id"].iloc[0]
    rivals = candidates[candidates["want_stream_id"] == want].head(6)
    chain_id = store.create_chain("Crowded want", "leningrad", candidate_members(rivals))
    at = open_page("leningrad")
    assert at.selectbox(key=session.CHAIN).value == f"saved:{chain_id}"
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(w.startswith(t("chainsui.overused.heading")) for w in warnings), warnings
    target = full.company_names()[rivals["target_company"].iloc[0]]
    assert any(escape_markdown(target) in w for w in warnings)
    store.create_chain("One candidate", "leningrad", candidate_members(rivals.head(1)))
    at.run()
    picker = at.selectbox(key=session.CHAIN)
    picker.select_index(picker.options.index(t("chainsui.saved_label", name="One candidate")))
    at.run()
    assert not any(w.value.startswith(t("chainsui.overused.heading")) for w in at.warning)


def test_the_assessment_keeps_running_and_proposed_exchanges_apart():
    from dashboard.domain.members import candidate_members, flow_members

    full, _ = load_path(DATASETS_DIR / "leningrad")
    existing = full.flows[full.flows["status"] == "existing"].head(1)
    candidate = find_candidates(full).head(1)
    store.create_chain("Mixed", "leningrad", flow_members(existing) + candidate_members(candidate))
    at = open_tab(open_page("leningrad"), "assessment")
    assert not at.exception
    by_status = [d.value for d in at.dataframe if d.value.columns[0] == "status"]
    assert len(by_status) == 2  # above the tabs, and as the Assessment tab's totals
    assert all(len(frame) == 2 for frame in by_status)
