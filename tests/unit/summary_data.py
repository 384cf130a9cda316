"""A small dataset of three companies for the summary, filter and chart tests."""

from __future__ import annotations

from dashboard.io.datasets import load_files


def small():
    dataset, problems = load_files(
        "s",
        {
            "companies.csv": b"company_id,name,nace,lat,lon,provenance\n"
            b"A,Brewery,11.05,59.93,30.31,synthetic\nB,Biogas,35.21,59.57,30.13,reported\n"
            b"C,Far,01,-33.9,18.4,synthetic\n",
            "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
            b"S1,A,have,spent_grain,100,t/yr\nS2,B,want,biogas_feedstock,50,t/yr\n"
            b"S3,B,have,biogas,10,MWh/yr\nS4,A,want,heat,4,MWh/yr\nS5,C,have,spent_grain,7,t/yr\n",
            "flows.csv": b"flow_id,source_company,target_company,material,quantity,unit,status\n"
            b"F1,A,B,spent_grain,,,existing\n",
        },
    )
    assert not problems
    return dataset
