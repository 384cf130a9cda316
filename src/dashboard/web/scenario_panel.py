"""The Policy page's what-if, a fragment: choose changes (gate fees, the road freight cost, a
carbon price, waste statuses), run them on the whole dataset, see the baseline beside the
scenario as a table and a chart with what changed state, save the changes under a name in the
shared database, load or delete saved ones, download the result as CSV.

The last run's changes are kept in the session per dataset; saved scenarios are in the store;
results are computed again from the changes (and cached), never stored."""

from __future__ import annotations

import logging
from collections.abc import Iterable

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.analysis import scenario as sc
from dashboard.analysis.policy.facts import material_defaults
from dashboard.domain.factors import Factors
from dashboard.domain.labels import material_label, unit_label
from dashboard.i18n import number, set_language, t
from dashboard.io.export import safe_csv_bytes
from dashboard.store import scenarios as store
from dashboard.views.markdown import escape_markdown
from dashboard.views.scenario_figure import scenario_figure
from dashboard.views.scenario_text import (
    change_label,
    changed_table,
    changes_table,
    comparison_table,
    download_table,
    error_text,
    status_word,
)
from dashboard.web import cache, chain_actions, session
from dashboard.web.columns import (
    scenario_change_columns,
    scenario_changed_columns,
    scenario_columns,
)
from dashboard.web.widgets import deferred, table

logger = logging.getLogger(__name__)
AS_IS = ""
"""The status choice that changes nothing: each exchange keeps its own (declared or default)."""
STATUS_CHOICES = (AS_IS, *sc.STATUSES)


def _stored(action, *args, taken_key: str | None = None) -> object:
    """Run a store action; a database error or a name the dataset has becomes a message in
    the what-if section."""
    return chain_actions.stored(
        action, *args, name_key=taken_key, flash=session.scenario_flash,
        name_taken=lambda taken: t("scenario.name_taken", name=taken.name,
                                   suggestion=taken.suggestion),
    )  # fmt: skip


def _widget_changes(
    offers: Iterable[sc.Offer], materials: Iterable[str]
) -> list[tuple[str, str]]:
    """The changes the widgets hold: each value that differs from the current one, every
    carbon price when one is counted, each status chosen."""
    changes = []
    co2 = bool(session.value(session.SCENARIO_CO2, False))
    for offer in offers:
        value = session.value(session.scenario_input_key(offer.key))
        if value is None:
            continue
        if offer.key.startswith(sc.CO2_PRICE):
            if co2:
                changes.append((offer.key, repr(float(value))))
        elif offer.current is None or float(value) != offer.current:
            changes.append((offer.key, repr(float(value))))
    for material in materials:
        status = session.value(session.scenario_input_key(f"{sc.STATUS}.{material}"), AS_IS)
        if status:
            changes.append((f"{sc.STATUS}.{material}", status))
    return changes


def run(dataset_key: str, offers: list[sc.Offer], materials: list[str]) -> None:
    session.set_scenario_run(dataset_key, _widget_changes(offers, materials))


def _show_changes(
    changes: Iterable[tuple[str, str]], offers: list[sc.Offer], materials: list[str]
) -> None:
    """Put a scenario's changes into the widgets (the others back to the current values)."""
    changes = dict(changes)
    session.set_value(session.SCENARIO_CO2, any(k.startswith(sc.CO2_PRICE) for k in changes))
    for offer in offers:
        written = changes.get(offer.key)
        if written is None and offer.key.startswith(f"{sc.CO2_PRICE}."):
            written = changes.get(sc.CO2_PRICE)  # a price for every country
        value = None if written is None else sc.parse_value(written, offer.current)
        if value is None:
            value = offer.current if offer.current is not None else 0.0
        session.set_value(session.scenario_input_key(offer.key), float(value))
    for material in materials:
        status = changes.get(f"{sc.STATUS}.{material}", AS_IS)
        session.set_value(session.scenario_input_key(f"{sc.STATUS}.{material}"),
                          status if status in sc.STATUSES else AS_IS)  # fmt: skip


def load(
    dataset_key: str, scenario_id: str | None, offers: list[sc.Offer], materials: list[str]
) -> None:
    """Run a saved scenario as it was saved, and show its changes in the widgets."""
    saved = _stored(store.get_scenario, scenario_id) if scenario_id else None
    if saved is None:
        return
    try:
        sc.apply(sc.Scenario(saved.name, saved.changes))
    except sc.ScenarioError as error:
        session.scenario_flash(
            "warning", t("scenario.load_failed", name=saved.name, reason=error_text(error))
        )
        return
    _show_changes(saved.changes, offers, materials)
    session.set_scenario_run(dataset_key, saved.changes)
    session.set_value(session.SCENARIO_NAME, saved.name)
    session.scenario_flash("success", t("scenario.loaded", name=saved.name))


def save(dataset_key: str) -> None:
    changes = session.scenario_run(dataset_key)
    name = str(session.value(session.SCENARIO_NAME, "") or "").strip()
    if changes is None:
        return
    if not name:
        session.scenario_flash("warning", t("scenario.need_name"))
        return
    saved = _stored(store.save_scenario, name, dataset_key, changes,
                    taken_key=session.SCENARIO_NAME)  # fmt: skip
    if saved is not None:
        session.scenario_flash("success", t("scenario.saved_ok", name=name))


def delete(scenario_id: str, name: str) -> None:
    """Delete the scenario the picker named when the button was drawn."""
    if _stored(store.delete_scenario, scenario_id):
        session.scenario_flash("success", t("scenario.deleted", name=name))


def _offer_help(offer: sc.Offer, factors: Factors) -> str:
    factor = factors.get(offer.factor_id) if offer.factor_id else None
    current = (t("label.unknown") if offer.current is None
               else f"{number(offer.current, ',.6g')} {unit_label(offer.unit)}")  # fmt: skip
    source = escape_markdown(factor.source) if factor is not None else t("scenario.no_source")
    return t("scenario.input_help", current=current, source=source)


def _number_input(offer: sc.Offer, factors: Factors, disabled: bool = False) -> None:
    key = session.scenario_input_key(offer.key)
    session.default(key, float(offer.current if offer.current is not None else 0.0))
    label = f"{change_label(offer.key)} ({unit_label(offer.unit)})"
    step = 0.01 if offer.unit == "EUR/tkm" else 1.0
    st.number_input(
        escape_markdown(label), key=key, step=step, format="%.3f" if step < 1 else "%.2f",
        help=_offer_help(offer, factors), disabled=disabled,
    )  # fmt: skip


def choose(offers: list[sc.Offer], materials: list[str], factors: Factors) -> None:
    """The widgets of the changes, inside the what-if's form."""
    fees, co2 = st.columns(2)
    with fees:
        st.markdown(t("scenario.heading.fees"))
        for offer in offers:
            if not offer.key.startswith(sc.CO2_PRICE):
                _number_input(offer, factors)
    with co2:
        st.markdown(t("scenario.heading.co2"))
        st.toggle(t("scenario.co2_toggle"), key=session.SCENARIO_CO2,
                  help=t("scenario.co2_toggle_help"))  # fmt: skip
        for offer in offers:
            if offer.key.startswith(sc.CO2_PRICE):
                _number_input(offer, factors)
        st.caption(t("scenario.co2_note"))
    defaults = material_defaults()["waste_status"]
    with st.expander(t("scenario.heading.statuses", count=len(materials))):
        st.caption(t("scenario.status_note"))
        columns = st.columns(3)
        for i, material in enumerate(materials):
            key = session.scenario_input_key(f"{sc.STATUS}.{material}")
            session.default(key, AS_IS)
            usual = status_word(defaults.get(material, "not_waste"))
            words = {s: status_word(s) for s in sc.STATUSES}
            words[AS_IS] = t("scenario.status_as_is", status=usual)
            columns[i % 3].selectbox(
                escape_markdown(material_label(material)), STATUS_CHOICES, key=key,
                format_func=words.get,
            )  # fmt: skip


def results(data: session.PageData, changes: tuple[tuple[str, str], ...]) -> None:
    """The last run: its changes, the baseline beside the scenario, what changed state, the
    download and the save form."""
    full, _, key = data
    try:
        sc.apply(sc.Scenario("", changes))
    except sc.ScenarioError as error:
        st.warning(escape_markdown(error_text(error)))
        return
    with st.spinner(t("scenario.running")):
        result = cache.scenario(key, full, changes)
    names = full.company_names()
    if changes:
        table(changes_table(result), session.scenario_box("changes"), hide_index=True,
              column_config=scenario_change_columns(), placeholder="")  # fmt: skip
    else:
        st.info(t("scenario.no_changes"))
    st.subheader(t("scenario.heading.comparison"))
    st.caption(t("scenario.comparison_caption"))
    table(comparison_table(result), session.scenario_box("comparison"), hide_index=True,
          column_config=scenario_columns())  # fmt: skip
    st.plotly_chart(scenario_figure(result), key=session.SCENARIO_CHART)
    st.subheader(t("scenario.heading.changed"))
    moved = changed_table(result, names)
    if moved.empty:
        st.caption(t("scenario.changed_none"))
    else:
        table(moved, session.scenario_box("changed"), hide_index=True,
              column_config=scenario_changed_columns(), placeholder=t("label.unknown"))  # fmt: skip
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    left.text_input(t("scenario.name"), key=session.SCENARIO_NAME, max_chars=120)
    middle.button(t("scenario.save"), on_click=save, args=(key,), key=session.SCENARIO_SAVE)
    right.download_button(
        t("scenario.download"),
        deferred("scenario", lambda: safe_csv_bytes(download_table(result, names))),
        file_name=f"scenario_{full.name}.csv", mime="text/csv", on_click="ignore",
        key=session.SCENARIO_DOWNLOAD,
    )  # fmt: skip


def saved_scenarios(data: session.PageData, offers: list[sc.Offer], materials: list[str]) -> None:
    key = data.key
    try:
        saved = store.list_scenarios(key)
    except SQLAlchemyError as error:
        logger.exception("reading the saved scenarios failed")
        st.warning(t("chainsui.store_error", error=type(error).__name__))
        return
    st.subheader(t("scenario.heading.saved"))
    if not saved:
        st.caption(t("scenario.none_saved"))
        return
    names = {s.scenario_id: s.name for s in saved}
    session.keep_only(session.SCENARIO_SAVED, names)
    left, middle, right = st.columns([2, 1, 1], vertical_alignment="bottom")
    chosen = left.selectbox(t("scenario.saved"), list(names), format_func=names.get,
                            key=session.SCENARIO_SAVED)  # fmt: skip
    middle.button(t("scenario.load"), on_click=load, args=(key, chosen, offers, materials),
                  key=session.SCENARIO_LOAD)  # fmt: skip
    right.button(t("scenario.delete"), on_click=delete, args=(chosen, names.get(chosen, "")),
                 key=session.SCENARIO_DELETE, disabled=chosen is None)  # fmt: skip


@st.fragment
def what_if(data: session.PageData) -> None:
    """The what-if section: a fragment, so that its widgets rerun it alone (in the session's
    language: a fragment's rerun does not pass through the app's entry point)."""
    language = session.run_language()
    if language:
        set_language(language)
    full, _, key = data
    st.caption(t("scenario.intro"))
    message = session.take_scenario_flash()
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.warning)(escape_markdown(text))
    factors = Factors()
    offers = sc.offers(full, factors)
    with st.spinner(t("scenario.running")):
        materials = sc.materials(cache.region_of(key, full))
    with st.form(key=session.SCENARIO_FORM, enter_to_submit=False):
        choose(offers, materials, factors)
        st.form_submit_button(t("scenario.run"), type="primary", on_click=run,
                              args=(key, offers, materials), key=session.SCENARIO_RUN)  # fmt: skip
    changes = session.scenario_run(key)
    if changes is None:
        st.info(t("scenario.not_run"))
    else:
        results(data, changes)
    saved_scenarios(data, offers, materials)
