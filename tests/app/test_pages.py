"""Every page runs under AppTest on every bundled dataset without an exception."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.analysis.allocation import MODES, allocate, allocation_summary, have_remaining
from dashboard.analysis.chains import detect_chains
from dashboard.analysis.matching import MatchOptions, find_candidates
from dashboard.analysis.policy.catalogue import bundled_catalogue
from dashboard.analysis.policy.findings import exchanges_findings
from dashboard.domain.dataset import apply_filters
from dashboard.domain.labels import material_label, section_label
from dashboard.domain.members import candidate_members, flow_members, member_exchanges
from dashboard.domain.reference import DATASETS_DIR
from dashboard.domain.statuses import ACTIVE, COVERING
from dashboard.i18n import number, t
from dashboard.io.datasets import bundled_datasets, load_or_raise
from dashboard.store import chains as store
from dashboard.store import db
from dashboard.store import uploads as upload_store
from dashboard.views.chain_options import SAVED
from dashboard.views.markdown import escape_markdown
from dashboard.web import session

from ..paths import APP

PAGES = [
    "app_pages/home.py",
    "app_pages/map.py",
    "app_pages/flows.py",
    "app_pages/chains.py",
    "app_pages/policy.py",
    "app_pages/examples.py",
    "app_pages/present.py",
    "app_pages/data.py",
    "app_pages/about.py",
    "app_pages/game.py",
    "app_pages/play.py",
    "app_pages/workshop.py",
    "app_pages/cards.py",
    "app_pages/pipeline.py",
]
DATASETS = list(bundled_datasets())


def run_page(page: str, dataset_id: str | None = None, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    if dataset_id:
        at.query_params[session.DATASET] = dataset_id
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0]:
        at.switch_page(page)
        at.run()
    return at


def test_there_are_three_bundled_datasets():
    assert set(DATASETS) >= {"leningrad", "kalundborg", "finland_eprtr"}


@pytest.mark.parametrize("dataset_id", DATASETS)
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_without_exception(page, dataset_id):
    at = run_page(page, dataset_id)
    assert not at.exception, [e.value for e in at.exception]
    assert at.title and at.title[0].value
    assert at.selectbox(key=session.DATASET).value == dataset_id


def test_home_counts_follow_the_sector_filter_from_the_url():
    whole = run_page(PAGES[0], "leningrad")
    filtered = run_page(PAGES[0], "leningrad", sector="D")
    assert filtered.multiselect(key=session.SECTOR).value == ["D"]
    count = {m.label: int(m.value.replace(",", "")) for m in filtered.metric}
    total = {m.label: int(m.value.replace(",", "")) for m in whole.metric}
    assert 0 < count["Companies"] < total["Companies"]


def test_data_page_lists_the_three_tables_of_the_filtered_view():
    at = run_page("app_pages/data.py", "leningrad", sector="D")
    shown = {tuple(d.value.columns[:2]): d.value for d in at.dataframe}
    companies = shown[("company_id", "name")]
    assert len(companies) > 0 and set(companies["nace"].str[:2]) <= {"35"}
    streams = shown[("stream_id", "company_id")]
    assert set(streams["company_id"]) <= set(companies["company_id"])
    assert ("flow_id", "source_company") in shown


def _upload_script():
    import streamlit as st

    from dashboard.web.sidebar import sidebar
    from dashboard.web.uploads import accept_upload

    sidebar()
    bad = {"companies.csv": b"company_id,name\nA,B\n", "streams.csv": b""}
    good = {
        "companies.csv": b"company_id,name,nace,lat,lon\nA,<b>x</b>,10,59.9,30.3\n",
        "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S,A,have,fly_ash,3,t/yr\n",
    }
    st.button("bad", key="bad", on_click=accept_upload, args=("broken", bad))
    st.button("good", key="good", on_click=accept_upload, args=("mine", good))
    st.write(len(st.session_state.get("uploads", {})))


def test_failed_upload_changes_nothing_and_valid_upload_is_selected():
    at = AppTest.from_function(_upload_script, default_timeout=60)
    at.run()
    before = at.selectbox(key=session.DATASET).value
    at.button(key="bad").click().run()
    assert at.selectbox(key=session.DATASET).value == before
    problems = [str(p) for p in at.session_state[session.UPLOAD_PROBLEMS]]
    assert "companies.csv:1:nace: required column is missing" in problems
    assert "streams.csv: the file is empty" in problems
    assert at.session_state[session.UPLOADS] == {}
    at.button(key="good").click().run()
    assert at.session_state[session.UPLOAD_PROBLEMS] == []
    choice = at.selectbox(key=session.DATASET).value
    upload_id = choice.removeprefix("upload:")
    assert choice.startswith("upload:") and len(upload_id) == upload_store.ID_LENGTH
    assert upload_store.read_upload(upload_id).name == "mine"
    assert list(at.session_state[session.UPLOADS]) == [upload_id]


def _link_script():
    from dashboard.web.sidebar import sidebar

    sidebar()


def test_a_link_to_a_stored_upload_opens_it_in_a_new_session_and_a_dead_link_says_so():
    files = {
        "companies.csv": b"company_id,name,nace,lat,lon\nA,Linked Oy,10.51,60.2,24.9\n",
        "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S,A,have,fly_ash,3,t/yr\n",
    }
    upload_id = upload_store.save_upload("linked", files, owner="another session")
    at = AppTest.from_function(_link_script, default_timeout=60)
    at.query_params[session.DATASET] = f"upload:{upload_id}"
    at.run()
    assert not at.exception
    assert at.selectbox(key=session.DATASET).value == f"upload:{upload_id}"
    assert not at.warning
    dead = AppTest.from_function(_link_script, default_timeout=60)
    dead.query_params[session.DATASET] = "upload:" + "0" * upload_store.ID_LENGTH
    dead.run()
    assert dead.selectbox(key=session.DATASET).value == "leningrad"
    assert [w.value for w in dead.warning] == [t("sidebar.upload_gone", days=upload_store.KEEP_DAYS)]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_home_says_what_each_filter_narrows():
    at = run_page(PAGES[0], "leningrad", sector="C", material="sulphur")
    full = load_or_raise(DATASETS_DIR / "leningrad")
    view = apply_filters(full, ["C"], [], ["sulphur"])
    with_sulphur = view.streams.loc[view.streams["material"] == "sulphur", "company_id"]
    assert len(view.companies) == 31 and 0 < with_sulphur.nunique() < 31
    shown = "\n".join(m.value for m in at.markdown)
    sector = t("filters.narrows.sector", values=section_label("C"), kept="31",
               total=str(len(full.companies)))  # fmt: skip
    material = t(
        "filters.narrows.material", values="sulphur", streams=str(len(view.streams)),
        flows=str(len(view.flows)), companies="31", with_stream=str(with_sulphur.nunique()),
    )  # fmt: skip
    assert escape_markdown(sector) in shown and escape_markdown(material) in shown
    assert t("filters.narrows.region", values="", kept="", total="")[:6] not in shown


@pytest.mark.parametrize("mode", MODES)
def test_potential_exchanges_on_flows_are_allocated_never_added_up(mode):
    at = run_page("app_pages/flows.py", "leningrad")
    full = load_or_raise(DATASETS_DIR / "leningrad")
    existing = full.flows[full.flows["status"].isin(ACTIVE) & (full.flows["unit"] == "MWh/yr")]
    base = existing["quantity"].sum()
    assert t("sankey.title", unit="MWh/yr", total=number(base)) in chart_titles(at)
    at.toggle(key=session.SANKEY_CANDIDATES).set_value(True).run()
    at.radio(key=session.SANKEY_ALLOCATION).set_value(mode).run()
    assert not at.exception
    offered = find_candidates(full, MatchOptions(min_score=60))
    allocated = allocate(offered, mode, have_remaining(full.streams, full.flows))
    heat = allocated.loc[allocated["unit"] == "MWh/yr", "quantity"].sum()
    assert 0 < heat < offered.loc[offered["unit"] == "MWh/yr", "quantity"].sum()
    assert t("sankey.title", unit="MWh/yr", total=number(base + heat)) in chart_titles(at)
    row = allocation_summary(offered, allocated).set_index("unit").loc["MWh/yr"]
    caption = t(
        f"flows.allocation_caption.{mode}", allocated=f"{number(heat)} MWh/yr",
        kept=number(row["kept"]), candidates=number(row["candidates"]),
        offered=f"{number(row['offered'])} MWh/yr",
        not_allocated=f"{number(row['not_allocated'])} MWh/yr", left_out=number(row["left_out"]),
    )  # fmt: skip
    assert caption in [c.value for c in at.caption]


def test_kalundborg_flows_show_names_and_the_structure_of_unknown_quantities():
    at = run_page("app_pages/flows.py", "kalundborg")
    full = load_or_raise(DATASETS_DIR / "kalundborg")
    active = full.flows[full.flows["status"].isin(COVERING)]
    assert active["quantity"].isna().sum() > len(active) / 2
    unknown = next(d.value for d in at.dataframe if "provenance" in d.value.columns)
    ids = set(full.companies["company_id"]) | {m for m in full.flows["material"] if "_" in m}
    cells = set(unknown.astype(str).to_numpy().ravel())
    assert not cells & ids, cells & ids
    assert set(unknown["source"]) <= set(full.companies["name"])
    assert set(unknown["material"]) <= {material_label(m) for m in full.flows["material"]}
    assert t("sankey.count_title", total=number(len(active))) in chart_titles(at)


def test_policy_lists_saved_chains_and_follows_the_sidebar_filters(monkeypatch, tmp_path):
    monkeypatch.setenv(db.ENV_VAR, f"sqlite:///{tmp_path / 'chains.sqlite'}")
    full = load_or_raise(DATASETS_DIR / "leningrad")
    candidate = find_candidates(full, MatchOptions()).iloc[[0]]
    members = candidate_members(candidate) + flow_members(
        full.flows[full.flows["flow_id"] == "len-f13"]
    )
    chain_id = store.create_chain("My composed chain", "leningrad", members)
    at = run_page("app_pages/policy.py", "leningrad")
    picker = at.selectbox(key=session.POLICY_CHAIN)
    label = t("chainsui.saved_label", name="My composed chain")
    assert label in picker.options
    picker.set_value(f"{SAVED}{chain_id}").run()
    assert not at.exception
    exchanges = member_exchanges(members, full)
    split = exchanges_findings(full, bundled_catalogue(), exchanges)
    summary = t("policy.summary", **{k: len(v) for k, v in split.items()})
    assert summary in [m.value for m in at.markdown]
    whole = len(at.selectbox(key=session.POLICY_CHAIN).options)
    material = candidate["have_material"].iloc[0]
    filtered = run_page("app_pages/policy.py", "leningrad", material=material)
    options = filtered.selectbox(key=session.POLICY_CHAIN).options
    assert label in options and len(options) < whole
    detected = detect_chains(apply_filters(full, materials=[material]).flows)
    assert len(options) == len(detected) + 1
    partial = t("policy.partial", kept=1, total=2)
    filtered.selectbox(key=session.POLICY_CHAIN).set_value(f"{SAVED}{chain_id}").run()
    assert partial in [c.value for c in filtered.caption]


def test_a_company_selected_elsewhere_narrows_flows_only_when_asked():
    company = load_or_raise(DATASETS_DIR / "leningrad").companies.iloc[0]["company_id"]
    whole = chart_titles(run_page("app_pages/flows.py", "leningrad"))
    at = run_page("app_pages/flows.py", "leningrad", selected_company=company)
    assert at.toggle(key=session.SANKEY_ONLY_SELECTED).value is False
    assert chart_titles(at) == whole
    at.toggle(key=session.SANKEY_ONLY_SELECTED).set_value(True).run()
    assert chart_titles(at) != whole
