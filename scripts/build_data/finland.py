"""Finland: the facilities reporting under E-PRTR, with streams estimated from their reports.

``eprtr_nace.csv`` assigns a NACE code to every E-PRTR Annex I activity. ``eprtr_profiles.csv``
splits a facility's reported non-hazardous (NONHW) and hazardous (HW) waste total into materials
by shares per activity profile; the profiles are project assumptions, and an activity without
a profile gets no have stream. Fly ash of a plant whose reported CO2 is mostly biogenic is wood
ash (``biomass_ash``): EN 450-1 and EN 197-1 admit coal fly ash only, so it replaces no clinker.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .common import (
    COMPANY_COLUMNS,
    FLOW_COLUMNS,
    STREAM_COLUMNS,
    H,
    W,
    fmt,
    read_csv,
    read_table,
    stream,
    write_csv,
    write_json,
)

EPRTR_SOURCE = "EEA Industrial Reporting / E-PRTR via SYKE, CC BY 4.0"

EPRTR_NACE: dict[str, str] = {r["activity"]: r["nace"] for r in read_table("eprtr_nace")}

BIOGAS_NAME = re.compile(r"biokaasu|biogas|biotehdas", re.IGNORECASE)
BIOGAS_PROFILE = "5(c) biogas plant"


def activity_profiles() -> dict[str, dict[str, list[tuple[str, float]]]]:
    """Profile -> {"NONHW"/"HW": [(material, share)]} in table order."""
    profiles: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for row in read_table("eprtr_profiles"):
        if row["waste_class"] not in ("NONHW", "HW"):
            raise ValueError(f"profile {row['profile']}: waste class {row['waste_class']!r}")
        shares = profiles.setdefault(row["profile"], {}).setdefault(row["waste_class"], [])
        shares.append((row["material"], float(row["share"])))
    if BIOGAS_PROFILE not in profiles:
        raise ValueError(f"no activity profile {BIOGAS_PROFILE!r}")
    return profiles


EPRTR_PROFILES = activity_profiles()

BIOMASS_ASH_SHARE = 0.5
CLINKER_T_CO2 = 0.85
CEMENT_WANT_SHARES = [("fly_ash", 0.05), ("slag", 0.05), ("rubber_tyres", 0.01)]
CLINKER_SOURCE = (
    "GNR 2014 world data: 633 kg gross CO2 per t cementitious at 74.5 % clinker, i.e. about "
    "0.85 t CO2 per t clinker (http://wbcsdcement.org/index.php/news-stories/2016/"
    "512-publication-of-the-csi-gnr-2014-data)"
)
WOOD_T_CO2 = round(44 / 12 * 0.47, 3)
DIGESTATE_MASS_SHARE = 0.9


def eprtr_profile_key(activity: str, name: str) -> str:
    """Activity profile used for a facility (biogas plants get their own)."""
    if activity == "5(c)" and BIOGAS_NAME.search(name):
        return BIOGAS_PROFILE
    return activity


def eprtr_companies(fac: pd.DataFrame) -> list[dict]:
    """One company per E-PRTR facility."""
    rows = []
    for rec in fac.itertuples(index=False):
        details = [f"E-PRTR activity {rec.eprtr_activity_code}: {rec.eprtr_activity_name}"]
        if rec.parent_company:
            details.append(f"parent company {rec.parent_company}")
        details.append(f"status {rec.status}, last reporting year {rec.last_reporting_year}")
        rows.append(
            {
                "company_id": f"fi-{rec.facility_id}",
                "name": rec.facility_name,
                "nace": EPRTR_NACE[rec.eprtr_activity_code],
                "lat": rec.lat,
                "lon": rec.lon,
                "region_code": rec.region_code,
                "country": rec.country_iso2,
                "employees": None,
                "provenance": "reported",
                "source": EPRTR_SOURCE,
                "city": rec.city,
                "notes": "; ".join(details),
            }
        )
    return rows


def latest_waste(shared: Path) -> pd.DataFrame:
    """Latest reporting year per facility from the waste summary."""
    waste = read_csv(shared / "eprtr_fi_waste_by_facility_year.csv")
    waste["year_n"] = waste["year"].astype(int)
    waste = waste.sort_values(["facility_id", "year_n"])
    return waste.groupby("facility_id", as_index=False).tail(1)


def ash_material(material: str, facility_id: str, co2: pd.DataFrame) -> tuple[str, str]:
    """(material, note) for a profile's fly ash: wood ash when the plant's latest reported CO2
    is at least ``BIOMASS_ASH_SHARE`` biogenic; otherwise coal fly ash stays fly_ash (peat
    cannot be told apart from coal: both are fossil in E-PRTR)."""
    if material != "fly_ash" or facility_id not in co2.index:
        return material, ""
    c = co2.loc[facility_id]
    share = c["bio_t"] / c["co2_t"] if c["co2_t"] > 0 else 0.0
    basis = f"biogenic CO2 {share:.0%} of the E-PRTR {c['year']} CO2"
    if share >= BIOMASS_ASH_SHARE:
        return "biomass_ash", (
            f"; biomass_ash, not fly_ash: {basis} (rule: at least {BIOMASS_ASH_SHARE:.0%} means a "
            "wood-fired plant, whose fly ash EN 450-1 and EN 197-1 do not admit)"
        )
    return material, f"; fly_ash: {basis} (coal or peat, which E-PRTR does not tell apart)"


def eprtr_have_streams(
    fac: pd.DataFrame, waste: pd.DataFrame, co2: pd.DataFrame, units: dict
) -> list[dict]:
    """Have streams: reported HW/NONHW totals split by the activity profile."""
    names = dict(zip(fac["facility_id"], fac["facility_name"], strict=True))
    rows = []
    for rec in waste.itertuples(index=False):
        profile_key = eprtr_profile_key(rec.eprtr_activity_code, names[rec.facility_id])
        profile = EPRTR_PROFILES.get(profile_key, {})
        cid = f"fi-{rec.facility_id}"
        for wclass, total in (("NONHW", rec.nonhw_total_t), ("HW", rec.hw_total_t)):
            total_t = float(total or 0)
            for profile_material, share in profile.get(wclass, []):
                qty = round(total_t * share, 1)
                if qty <= 0:
                    continue
                material, ash_note = ash_material(profile_material, rec.facility_id, co2)
                notes = (
                    f"E-PRTR {rec.year} reported {wclass} total {fmt(total_t)} t x share {share} "
                    f"from activity profile {profile_key} (project assumption){ash_note}"
                )
                rows.append(
                    stream(
                        cid,
                        H,
                        material,
                        qty,
                        units,
                        "estimated",
                        EPRTR_SOURCE,
                        notes,
                        hazardous=wclass == "HW",
                        suffix="-hw" if wclass == "HW" else "",
                    )
                )
    return rows


def latest_co2(shared: Path) -> pd.DataFrame:
    """Latest year per facility with both CO2 and CO2 excluding biomass, in tonnes."""
    rel = read_csv(shared / "eprtr_fi_releases.csv")
    rel = rel[rel["pollutant_code"].isin(["CO2", "CO2EXCLBIOMASS"]) & (rel["medium"] == "AIR")]
    wide = rel.pivot_table(
        index=["facility_id", "year"],
        columns="pollutant_code",
        values="quantity_kg",
        aggfunc=lambda s: sum(float(v) for v in s),
    )
    wide = wide.dropna().reset_index()
    wide["year_n"] = wide["year"].astype(int)
    wide = wide.sort_values(["facility_id", "year_n"]).groupby("facility_id").tail(1)
    wide["co2_t"] = wide["CO2"] / 1000
    wide["bio_t"] = (wide["CO2"] - wide["CO2EXCLBIOMASS"]) / 1000
    return wide.set_index("facility_id")


def eprtr_want_streams(
    fac: pd.DataFrame, co2: pd.DataFrame, haves: list[dict], units: dict
) -> list[dict]:
    """Want streams for known consumers: cement kilns, combustion plants, biogas plants."""
    rows = []
    digestate = {s["company_id"]: s["quantity"] for s in haves if s["material"] == "digestate"}
    for rec in fac.itertuples(index=False):
        cid = f"fi-{rec.facility_id}"
        act = rec.eprtr_activity_code
        if act == "3(c)(i)" and rec.facility_id in co2.index:
            c = co2.loc[rec.facility_id]
            clinker = c["co2_t"] / CLINKER_T_CO2
            for material, share in CEMENT_WANT_SHARES:
                note = (
                    f"rule: {share:.0%} of clinker output; clinker = E-PRTR {c['year']} CO2 "
                    f"{c['co2_t']:,.0f} t / {CLINKER_T_CO2} t CO2 per t clinker "
                    f"({CLINKER_SOURCE}); the substitution shares are project assumptions"
                )
                rows.append(
                    stream(
                        cid,
                        W,
                        material,
                        round(clinker * share, -2),
                        units,
                        "estimated",
                        EPRTR_SOURCE,
                        note,
                    )
                )
        elif act == "1(c)" and rec.facility_id in co2.index:
            c = co2.loc[rec.facility_id]
            if c["bio_t"] <= 0:
                continue
            note = (
                f"rule: current biomass use = biogenic CO2 (E-PRTR {c['year']} CO2 minus CO2 "
                f"excluding biomass = {c['bio_t']:,.0f} t) / {WOOD_T_CO2} t CO2 per t dry "
                "biomass (IPCC 2006 default carbon fraction 0.47 of dry wood), rounded to 100 t"
            )
            rows.append(
                stream(
                    cid,
                    W,
                    "biomass_fuel",
                    round(c["bio_t"] / WOOD_T_CO2, -2),
                    units,
                    "estimated",
                    EPRTR_SOURCE,
                    note,
                )
            )
        elif cid in digestate:
            qty = digestate[cid] / DIGESTATE_MASS_SHARE
            note = (
                f"rule: feedstock = estimated digestate {fmt(digestate[cid])} t / "
                f"{DIGESTATE_MASS_SHARE} (about a tenth of the input mass leaves as biogas; "
                "project assumption), rounded to 100 t"
            )
            rows.append(
                stream(
                    cid,
                    W,
                    "biogas_feedstock",
                    round(qty, -2),
                    units,
                    "estimated",
                    EPRTR_SOURCE,
                    note,
                )
            )
    return [r for r in rows if r["quantity"] > 0]


def check_activity_codes(shared: Path) -> None:
    """Every Annex I activity in the code list must have a NACE code."""
    codes = read_csv(shared / "eprtr_code_lists.csv")
    acts = set(codes.loc[codes["code_list"] == "eprtr_annex_i_activity", "code"])
    missing = acts - set(EPRTR_NACE)
    if missing:
        raise ValueError(f"E-PRTR activities without NACE: {sorted(missing)}")


def build_finland(shared: Path, out: Path, units: dict) -> dict[str, int]:
    """Write the Finnish E-PRTR dataset."""
    check_activity_codes(shared)
    fac = read_csv(shared / "eprtr_fi_facilities.csv")
    co2 = latest_co2(shared)
    haves = eprtr_have_streams(fac, latest_waste(shared), co2, units)
    wants = eprtr_want_streams(fac, co2, haves, units)
    folder = out / "datasets" / "finland_eprtr"
    counts = {
        "companies.csv": write_csv(
            folder / "companies.csv", COMPANY_COLUMNS, eprtr_companies(fac), "company_id"
        ),
        "streams.csv": write_csv(
            folder / "streams.csv", STREAM_COLUMNS, haves + wants, "stream_id"
        ),
        "flows.csv": write_csv(folder / "flows.csv", FLOW_COLUMNS, [], "flow_id"),
    }
    write_json(
        folder / "dataset.json",
        {
            "id": "finland_eprtr",
            "title": "Finland: E-PRTR industrial facilities",
            "title_ru": "Финляндия: промышленные объекты E-PRTR",
            "description": (
                f"All {len(fac)} Finnish facilities reporting under E-PRTR / Industrial Emissions, "
                "with NACE codes assigned from their E-PRTR Annex I activity. Have streams split "
                "each facility's latest reported hazardous and non-hazardous waste transfers into "
                "materials by an activity profile; want streams are added for cement kilns, "
                "biomass-burning combustion plants and biogas plants by stated rules."
            ),
            "description_ru": (
                "Все финские объекты, отчитывающиеся по E-PRTR / Директиве о промышленных "
                f"выбросах (всего {len(fac)}), с кодами NACE, присвоенными по их виду деятельности "
                "из приложения I E-PRTR. Потоки предложения делят последние отчётные передачи "
                "опасных и неопасных отходов каждого объекта на материалы по профилю "
                "деятельности; потоки потребности добавлены для цементных печей, установок, "
                "сжигающих биомассу, и биогазовых установок по явно заданным правилам."
            ),
            "region_note": "Finland; region codes (maakunta) as given in the source file.",
            "region_note_ru": "Финляндия; коды регионов (maakunta) — как в исходном файле.",
            "provenance_note": (
                "Facilities: reported (European Environment Agency, via the Finnish Environment "
                "Institute SYKE, CC BY 4.0). Streams: estimated; every row states the reported "
                "total, the share and the rule used. E-PRTR does not give waste by EWC code or by "
                "receiver, so no flows are included."
            ),
            "provenance_note_ru": (
                "Объекты: по отчётности (Европейское агентство по окружающей среде, через "
                "Финский институт окружающей среды SYKE, CC BY 4.0). Ресурсные потоки: оценка; в "
                "каждой строке указаны отчётный итог, доля и применённое правило. E-PRTR не "
                "даёт отходы по кодам EWC или по получателям, поэтому обменов в наборе нет."
            ),
        },
    )
    return counts
