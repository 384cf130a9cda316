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
