"""The world's country outlines for the map of documented cases: Natural Earth 1:110m admin 0
countries (public domain, https://www.naturalearthdata.com/), as pyogrio ships them among its
test files (`naturalearth_lowres`), simplified to 0.2 degree and rounded to 0.01 degree."""

from __future__ import annotations

import os
from pathlib import Path

TOLERANCE_DEG, GRID_DEG = 0.2, 0.01


def build_world(out: Path) -> dict[str, int]:
    """Write reference/world.geojson (iso_a3, name, geometry per country)."""
    import geopandas as gpd
    import pyogrio
    import shapely

    source = Path(os.path.dirname(pyogrio.__file__)) / "tests" / "fixtures"
    frame = gpd.read_file(source / "naturalearth_lowres" / "naturalearth_lowres.shp")
    frame = frame[["iso_a3", "name", "geometry"]].sort_values("name")
    geometry = frame.geometry.simplify(TOLERANCE_DEG, preserve_topology=True)
    frame = frame.set_geometry(shapely.set_precision(geometry.values, GRID_DEG))
    frame = frame[~frame.geometry.is_empty]
    target = out / "reference" / "world.geojson"
    target.write_text(frame.to_json(), encoding="utf-8")
    return {"world.geojson": len(frame)}
