"""`python -m dashboard assess`, run as a real subprocess."""

from __future__ import annotations

import csv
import io
import subprocess
import sys

import pytest

from dashboard.domain.reference import DATASETS_DIR

RESULT_COLUMNS = [
    "ghg_avoided_t_co2e", "virgin_resource_saved", "virgin_resource_unit", "waste_diverted_t",
    "energy_recovered_mwh", "avoided_disposal_eur", "avoided_purchase_eur", "transport_cost_eur",
    "treatment_cost_eur", "transaction_cost_eur", "net_benefit_eur",
]  # fmt: skip


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, timeout=120
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_leningrad_one_row_per_flow_and_chain(tmp_path):
    out = tmp_path / "assessment.csv"
    result = run("assess", str(DATASETS_DIR / "leningrad"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    table = rows(out.read_text(encoding="utf-8"))
    assert set(["kind", "id", "flows", *RESULT_COLUMNS]) <= set(table[0])
    flows = [r for r in table if r["kind"] == "flow"]
    chains = [r for r in table if r["kind"] == "chain"]
    assert len(flows) == 43 and len(chains) >= 5
    assert all(r["flows"] == r["id"] for r in flows)
    assert all(";" in r["flows"] for r in chains if r["id"] != chains[-1]["id"])
    f15 = next(r for r in flows if r["id"] == "len-f15")
    assert float(f15["ghg_avoided_t_co2e"]) > 0 and f15["virgin_resource_unit"] == "t clinker"
    assert "43 flows" in result.stderr


def test_kalundborg_unknown_quantities_are_empty_cells_not_zero():
    result = run("assess", str(DATASETS_DIR / "kalundborg"))
    assert result.returncode == 0, result.stderr
    table = {r["id"]: r for r in rows(result.stdout)}
    ks01 = table["ks01"]
    for column in ("ghg_avoided_t_co2e", "net_benefit_eur", "energy_recovered_mwh"):
        assert ks01[column] == "", column
    assert "quantity unknown" in ks01["missing"]
    assert float(table["ks16"]["energy_recovered_mwh"]) == 80000
    chain = next(r for r in table.values() if r["kind"] == "chain")
    assert chain["ghg_avoided_t_co2e"] == ""


def test_text_cells_are_neutralised(tmp_path):
    (tmp_path / "companies.csv").write_text(
        "company_id,name,nace,lat,lon\nA,=HYPERLINK(1),10.51,59.93,30.31\nB,Beta,35.11,59.44,32.02\n"
    )
    (tmp_path / "streams.csv").write_text("stream_id,company_id,direction,material,quantity,unit\n")
    (tmp_path / "flows.csv").write_text(
        "flow_id,source_company,target_company,material,quantity,unit,status\n"
        "-f1,A,B,fly_ash,100,t/yr,existing\n"
    )
    result = run("assess", str(tmp_path))
    assert result.returncode == 0, result.stderr
    table = rows(result.stdout)
    assert table[0]["id"] == "'-f1"
    assert table[1]["name"].startswith("'=HYPERLINK(1)")


def test_invalid_dataset_exits_1_with_problems(tmp_path):
    (tmp_path / "companies.csv").write_text("company_id,name,nace,lat,lon\nA,Alpha,10.51,99,30\n")
    result = run("assess", str(tmp_path))
    assert result.returncode == 1
    assert "companies.csv:2:lat: 99 is outside [-90, 90]" in result.stdout.splitlines()
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args", [("assess",), ("assess", "/no/such/path"), ("assess", "x", "--bad")]
)
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "error" in result.stderr


def test_unwritable_out_exits_1(tmp_path):
    result = run(
        "assess", str(DATASETS_DIR / "kalundborg"), "--out", str(tmp_path / "no" / "x.csv")
    )
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr


def test_every_row_carries_the_provenance_of_its_inputs_and_status_totals_apart(tmp_path):
    out = tmp_path / "assessment.csv"
    assert run("assess", str(DATASETS_DIR / "leningrad"), "--out", str(out)).returncode == 0
    table = rows(out.read_text(encoding="utf-8"))
    flows = {r["id"]: r for r in table if r["kind"] == "flow"}
    f17 = flows["len-f17"]
    assert f17["quantity_provenance"] == "synthetic"
    assert f17["location_provenance"] == "synthetic"
    assert f17["fate"] == "none" and f17["fate_factor"] == "fate.rubber_tyres.none.RU"
    assert f17["use"] == "cement_raw_material"
    counts = dict(part.split(":") for part in f17["factor_provenance"].split(";"))
    assert set(counts) <= {"documented", "reported", "estimated"} and int(counts["documented"])
    totals = {r["id"]: r for r in table if r["kind"] == "total"}
    assert set(totals) == {"existing", "planned", "proposed"}
    existing = [r for r in flows.values() if r["status"] == "existing"]
    assert totals["existing"]["flows"].split(";") == [r["id"] for r in existing]
    assert float(totals["existing"]["ghg_avoided_t_co2e"]) < 100_000  # was 836,500 t
