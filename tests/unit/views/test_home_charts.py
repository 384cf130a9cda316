"""The Home page's charts show every group, with companies outside the regions named."""

from __future__ import annotations

from dashboard.analysis import summary
from dashboard.views import home_charts as figures

from ..summary_data import small


def test_figures_show_every_group_with_unknown_region_named():
    dataset = small()
    sectors = figures.sector_bar(summary.by_sector(dataset.companies))
    assert list(sectors.data[0].x) == [1, 1, 1]
    regions = figures.region_bar(summary.by_region(dataset.companies))
    assert "Unknown region" in list(regions.data[0].y)
    provenance = figures.provenance_bar(summary.by_provenance(dataset))
    assert {bar.name for bar in provenance.data} == {"synthetic", "reported", "unspecified"}


def test_the_material_table_names_materials_and_directions_in_the_language():
    import pandas as pd

    from dashboard.domain.labels import material_label
    from dashboard.i18n import t, use_language
    from dashboard.views.home_charts import material_table

    table = pd.DataFrame({"material": ["fly_ash"], "direction": ["have"], "unit": ["t/yr"]})
    with use_language("ru"):
        shown = material_table(table)
        assert shown["material"].iloc[0] == material_label("fly_ash") != "fly_ash"
        assert shown["direction"].iloc[0] == t("home.direction.have") == "есть"
