"""Build the bundled reference tables and example datasets from the shared raw data.

Reads ``../shared/data`` (relative to the repository root, or ``--shared PATH``) and the
material vocabulary ``data/reference/materials.csv``; writes ``data/reference/*`` and
``data/datasets/{leningrad,kalundborg,finland_eprtr}/*``. The output is deterministic:
fixed seeds, sorted rows, no timestamps. Run: ``python -m scripts.build_data``.

One module per output: ``reference``, ``places``, ``leningrad``, ``kalundborg``, ``finland``;
helpers in ``common``. The literal tables they use are the CSV files in ``tables/``.
"""

from __future__ import annotations

from pathlib import Path

from .common import check_inputs, load_units
from .finland import build_finland
from .kalundborg import build_kalundborg
from .leningrad import build_leningrad
from .places import build_places
from .reference import build_reference
from .world import build_world

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "data"
MATERIALS = REPO / "data" / "reference" / "materials.csv"


def build(shared: Path, out: Path, materials: Path = MATERIALS) -> dict[str, dict[str, int]]:
    """Build everything; return row counts per output file."""
    check_inputs(shared)
    units = load_units(materials)
    return {
        "reference": build_reference(shared, out, units) | build_places(out) | build_world(out),
        "leningrad": build_leningrad(shared, out, units),
        "kalundborg": build_kalundborg(shared, out, units),
        "finland_eprtr": build_finland(shared, out, units),
    }
