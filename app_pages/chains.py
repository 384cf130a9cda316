"""Chains: detected and saved symbiotic chains, their assessment with the working, multi-criteria
comparison, sensitivity, export, editable factors, and composing chains from flows and candidates.
"""

from dataclasses import dataclass

import streamlit as st

from dashboard.analysis.allocation import over_allocation
from dashboard.analysis.mca import CRITERIA, criteria_scores, mca_score
from dashboard.domain.labels import score_text
from dashboard.domain.members import member_key
from dashboard.i18n import t
from dashboard.views.allocation_text import over_allocation_lines
from dashboard.views.chain_options import SAVED, exchange_options, listed_chains
from dashboard.views.chain_tables import mca_note
from dashboard.views.markdown import escape_markdown
from dashboard.web import cache, chain_actions, session
from dashboard.web.chain_panels import PANELS, ChainView, reconciliation, status_totals
from dashboard.web.widgets import exchange_picker, headline_metrics, reasons_markdown, show_flash

HEADLINE = ("ghg_avoided_t_co2e", "net_benefit_eur", "waste_diverted_t", "energy_recovered_mwh")
# Candidates a chain can be composed of, best first (the sidebar's filters choose others): a
# browser list of all 365,000 candidates of 10,000 companies is 33 MB. (A bare string here would
# be shown on the page: Streamlit's magic writes it.)
CANDIDATES_OFFERED = 2000
KEPT = (session.CHAIN, session.NEW_NAME, session.NEW_MEMBERS, session.PERCENT, session.TABS)


@dataclass(frozen=True)
class Settings:
    weights: dict[str, float]


def read_settings() -> Settings:
    session.restore([*KEPT, *map(session.weight_key, CRITERIA)])
    session.default(session.PERCENT, 25)
    return Settings({c: float(session.default(session.weight_key(c), 1.0)) for c in CRITERIA})


def render_builder(data, options, saved_count: int, expanded: bool, factors) -> None:
    with st.expander(t("chainsui.build.heading"), expanded=expanded, key=session.BUILD):
        st.caption(t("chainsui.build.intro"))
        name_column, save_column = st.columns([4, 1], vertical_alignment="bottom")
        name_column.text_input(t("chainsui.build.name"), key=session.NEW_NAME, max_chars=200)
        chosen = exchange_picker(session.NEW_MEMBERS, options, t("chainsui.build.members_help"))
        save_column.button(
            t("chainsui.build.save"), key=session.SAVE, type="primary", disabled=not chosen,
            on_click=chain_actions.save_new, args=(data.key, options, saved_count + 1),
            width="stretch",
        )  # fmt: skip
        session.keep([session.NEW_NAME, session.NEW_MEMBERS])
        if chosen:
            members = [options[k].member for k in chosen]
            exchanges = chain_actions.chain_exchanges(members, data.full, data.key)
            draft = cache.assessment(exchanges, factors)
            if len(draft.by_status) > 1:
                status_totals(draft, HEADLINE, "draft_by_status")
            else:
                columns = st.columns(len(HEADLINE), vertical_alignment="bottom")
                headline_metrics(draft, HEADLINE, columns)


def render_manage(chain_id: str, name: str, members, options, next_choice: str | None) -> None:
    if not session.managing(chain_id):
        session.set_value(session.RENAME, name)
        session.set_value(session.EDIT_MEMBERS, [member_key(m) for m in members])
    with st.expander(t("chainsui.manage.heading"), key=session.MANAGE):
        name_column, rename_column, delete_column = st.columns(
            [4, 1, 1], vertical_alignment="bottom"
        )
        name_column.text_input(t("chainsui.manage.name"), key=session.RENAME, max_chars=200)
        rename_column.button(
            t("chainsui.manage.rename"), key=session.RENAME_BUTTON, width="stretch",
            on_click=chain_actions.rename, args=(chain_id,),
        )  # fmt: skip
        confirm = delete_column.popover(
            t("chainsui.manage.delete"), width="stretch", on_change="rerun",
            key=session.delete_confirm_key(chain_id),
        )  # fmt: skip
        with confirm:
            st.caption(t("chainsui.manage.delete_confirm", name=escape_markdown(name)))
            st.button(
                t("chainsui.manage.delete_button"), key=session.DELETE, type="primary",
                on_click=chain_actions.delete, args=(chain_id, name, next_choice),
            )  # fmt: skip
        exchange_picker(
            session.EDIT_MEMBERS, options, t("chainsui.manage.members_help"),
            on_change=chain_actions.edit_members, args=(chain_id, options),
        )  # fmt: skip


def render(data: session.PageData, settings: Settings) -> None:
    full, view, key = data
    factors = chain_actions.session_factors()
    st.title(t("chainsui.title"))
    st.caption(t("chainsui.intro"))
    saved, warning = chain_actions.saved_chains(key)
    if warning:
        st.warning(escape_markdown(warning))
    chains = listed_chains(saved, cache.chains(key, full), full, view.companies["company_id"])
    candidates = cache.candidates(key, full, session.filters())
    options = exchange_options(full, candidates, [m for s in saved for m in s.members],
                               limit=CANDIDATES_OFFERED)  # fmt: skip
    session.keep_only(session.NEW_MEMBERS, options)
    show_flash()
    if len(candidates) > CANDIDATES_OFFERED:
        st.caption(t("chainsui.offered", shown=CANDIDATES_OFFERED, total=len(candidates)))
    render_builder(data, options, len(saved), not chains, factors)
    if not chains:
        st.info(t("chainsui.none"))
        return

    session.keep_only(session.CHAIN, chains)
    choice = st.selectbox(
        t("chainsui.pick"), list(chains), key=session.CHAIN,
        format_func=lambda k: chains[k].label, help=t("chainsui.pick_help"),
    )  # fmt: skip
    session.keep([session.CHAIN])
    _, name, members = chains[choice]
    if choice.startswith(SAVED):
        others = [k for k in chains if k != choice]
        after = others[min(list(chains).index(choice), len(others) - 1)] if others else None
        render_manage(choice.removeprefix(SAVED), name, members, options, after)
    exchanges = chain_actions.chain_exchanges(members, full, key)
    if not exchanges:
        st.info(t("chainsui.empty"))
        return
    overused = over_allocation_lines(over_allocation(exchanges, full.streams), full.company_names())
    if overused:
        st.warning(
            t("chainsui.overused.heading") + "\n\n"
            + "\n".join(f"- {escape_markdown(line)}" for line in overused),
            icon=":material/warning:",
        )  # fmt: skip
    assessed = cache.assessment(exchanges, factors)
    scores = criteria_scores(assessed)
    score, coverage = mca_score(scores, settings.weights)

    mixed = len(assessed.by_status) > 1
    columns = st.columns(len(HEADLINE) + 1, vertical_alignment="bottom")
    if not mixed:
        headline_metrics(assessed, HEADLINE, columns)
    columns[-1].metric(
        t("chainsui.mca_score"), score_text(score),
        help=mca_note(scores, settings.weights, coverage),
    )  # fmt: skip
    unknown = reasons_markdown(assessed.totals[n] for n in HEADLINE)
    if unknown:
        st.caption(t("chainsui.unknown_caption", reasons=unknown))
    if mixed:
        status_totals(assessed, HEADLINE)
    reconciliation(full, key, factors)
    if factors.overrides:
        st.caption(t("chainsui.overridden", count=len(factors.overrides)))

    chain = ChainView(
        full, full.company_names(), chains, choice, name, exchanges, assessed, factors, scores,
        settings.weights, score, coverage, key,
    )  # fmt: skip
    tabs = st.tabs([t(f"chainsui.tab.{tab}") for tab in PANELS], key=session.TABS,
                   on_change="rerun")  # fmt: skip
    session.keep([session.TABS])
    for tab, panel in zip(tabs, PANELS.values(), strict=True):
        if tab.open:  # only the open tab is drawn
            with tab:
                panel(chain)


render(session.data(), read_settings())
