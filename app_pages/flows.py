"""Flows: Sankey diagrams of existing, planned and potential flows, one per unit."""

from functools import partial

import streamlit as st

from dashboard import sankey
from dashboard.export import escape_markdown, safe_csv_bytes
from dashboard.i18n import t
from dashboard.webapp import current, find_candidates_cached

full, view = current()
st.title(t("flows.title"))
st.caption(t("flows.intro"))

left, middle, right = st.columns(3)
mode = left.radio(
    t("flows.view"),
    sankey.VIEWS,
    format_func=lambda v: t(f"flows.view.{v}"),
    key="sankey_view",
)
level = left.radio(
    t("flows.sector_level"),
    sankey.SECTOR_LEVELS,
    format_func=lambda v: t(f"flows.level.{v}"),
    key="sankey_level",
    horizontal=True,
    disabled=mode == "company",
)
statuses = middle.multiselect(
    t("flows.statuses"),
    ["existing", "planned", "potential", "discontinued"],
    default=["existing", "planned", "potential"],
    format_func=lambda s: t(f"flows.status.{s}"),
    key="sankey_statuses",
)
with_candidates = middle.toggle(t("flows.with_candidates"), key="sankey_candidates")
min_score = middle.slider(
    t("flows.min_score"), 0, 100, 60, key="sankey_min_score", disabled=not with_candidates
)
other_below = right.slider(t("flows.other_below"), 0.0, 10.0, 0.0, 0.5, key="sankey_other") / 100
selected = st.session_state.get("selected_company")
names = full.companies.set_index("company_id")["name"]
only_selected = False
if selected in names.index:
    only_selected = right.toggle(
        t("flows.only_selected", name=escape_markdown(names[selected])),
        value=True,
        key="sankey_only_selected",
    )

candidates = find_candidates_cached(min_score) if with_candidates else None
links = sankey.flow_links(view.flows, tuple(statuses), candidates)
if only_selected:
    touches = (links["source_company"] == selected) | (links["target_company"] == selected)
    links = links[touches]
known, unknown = sankey.split_unknown(links)
aggregated = sankey.aggregate(known, full.companies, mode, level, other_below)

if aggregated.empty:
    st.info(t("flows.nothing"))
for unit in sorted(aggregated["unit"].unique()):
    figure = sankey.sankey_figure(aggregated, full.companies, unit, level)
    st.plotly_chart(figure, key=f"sankey_{unit}")
    table = sankey.aggregated_table(aggregated[aggregated["unit"] == unit], full.companies)
    slug = unit.replace("/", "_per_")
    buttons = st.columns(3)
    buttons[0].download_button(
        t("flows.download_png"), partial(sankey.export_image, figure, "png"),
        file_name=f"sankey_{slug}.png", mime="image/png", on_click="ignore", key=f"png_{unit}",
    )  # fmt: skip
    buttons[1].download_button(
        t("flows.download_svg"), partial(sankey.export_image, figure, "svg"),
        file_name=f"sankey_{slug}.svg", mime="image/svg+xml", on_click="ignore", key=f"svg_{unit}",
    )  # fmt: skip
    buttons[2].download_button(
        t("flows.download_csv"), partial(safe_csv_bytes, table),
        file_name=f"sankey_{slug}.csv", mime="text/csv", on_click="ignore", key=f"csv_{unit}",
    )  # fmt: skip

if len(unknown):
    st.subheader(t("flows.unknown_heading"))
    st.caption(t("flows.unknown_caption"))
    shown = unknown.assign(
        source=unknown["source_company"].map(names), target=unknown["target_company"].map(names)
    )[["flow_id", "source", "target", "material", "status", "provenance"]]
    st.dataframe(shown, hide_index=True, key="unknown_flows")
