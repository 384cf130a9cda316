"""A small dataset of flows for the Sankey tests: loops, an unknown quantity, two units, a
hostile company name."""

from __future__ import annotations

import pandas as pd

from dashboard.analysis import sankey_links as sankey
from dashboard.domain.dataset import Dataset
from dashboard.io.datasets import load_files

COMPANIES = (
    "company_id,name,nace,lat,lon\n"
    "A,<img src=x onerror=alert(1)>,11.05,59.9,30.3\n"
    "B,Biogas,35.21,59.5,30.1\n"
    "C,Farm,01.41,59.6,30.2\n"
    "D,Cement,23.51,59.7,30.4\n"
)
FLOWS = (
    "flow_id,source_company,target_company,material,quantity,unit,status,provenance\n"
    "F1,A,B,spent_grain,1000,t/yr,existing,synthetic\n"
    "F2,B,C,digestate,800,t/yr,existing,synthetic\n"
    "F3,B,A,biogas,500,MWh/yr,planned,estimated\n"
    "F4,A,B,yeast_slurry,30,t/yr,existing,synthetic\n"
    "F5,D,C,fly_ash,,,existing,documented\n"
    "F6,C,D,manure,20,t/yr,potential,synthetic\n"
    "F7,A,C,whey,5,t/yr,discontinued,synthetic\n"
)


def flows_dataset() -> Dataset:
    data, problems = load_files(
        "t",
        {
            "companies.csv": COMPANIES.encode(),
            "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
            b"S,A,have,spent_grain,1,t/yr\n",
            "flows.csv": FLOWS.encode(),
        },
    )
    assert not problems
    return data


def known_links(dataset, statuses=("existing", "planned", "potential")):
    known, unknown = sankey.split_unknown(sankey.flow_links(dataset.flows, statuses))
    return known, unknown


def totals(frame: pd.DataFrame) -> dict[str, float]:
    return frame.groupby("unit")["quantity"].sum().to_dict()
