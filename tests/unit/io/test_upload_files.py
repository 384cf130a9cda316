"""Which files make an upload: the app's own .zip download, a browser's `companies (1).csv`,
one file per table."""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from dashboard.domain.reference import DATASETS_DIR
from dashboard.io.datasets import load_files, load_path, to_zip_bytes
from dashboard.io.readers import Limits, read_upload, table_of


def leningrad():
    dataset, problems = load_path(DATASETS_DIR / "leningrad")
    assert not problems
    return dataset


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_apps_own_zip_download_uploads_back_unchanged():
    original = leningrad()
    again, problems = load_files("again", {"leningrad.zip": to_zip_bytes(original)})
    assert problems == []
    for name in ("companies", "streams", "flows"):
        pd.testing.assert_frame_equal(again.table(name), original.table(name))


def test_a_zip_with_a_folder_and_dataset_json_and_hidden_files_is_read():
    files = members(to_zip_bytes(leningrad()))
    nested = {f"leningrad/{name}": data for name, data in files.items()}
    nested |= {"leningrad/dataset.json": b"{}", "__MACOSX/._companies.csv": b"x", ".DS_Store": b""}
    dataset, problems = load_files("x", {"mine.zip": zipped(nested)})
    assert problems == [] and len(dataset.companies) == len(leningrad().companies)


def test_browser_copy_names_are_their_tables_and_two_files_for_one_table_are_refused():
    assert table_of("companies (1).csv") == "companies"
    assert table_of("Streams(12).CSV") == "streams"
    assert table_of("folder/flows.txt") == "flows"
    assert table_of("companies_old.csv") is None
    files = members(to_zip_bytes(leningrad()))
    renamed = {name.replace(".csv", " (1).csv"): data for name, data in files.items()}
    dataset, problems = load_files("x", renamed)
    assert problems == [] and dataset is not None
    _, problems = read_upload({"companies.csv": files["companies.csv"], **renamed})
    assert [str(p) for p in problems] == [
        "companies.csv: a second file for the table companies (the first is companies (1).csv);"
        " upload one file per table"
    ]


def test_bad_or_oversized_archives_are_problems():
    _, problems = read_upload({"x.zip": b"PK\x03\x04 not really"})
    assert [p.key for p in problems] == ["bad_zip"]
    big = zipped({"companies.csv": b"a" * 5000})
    _, problems = read_upload({"x.zip": big}, Limits(csv_bytes=1000))
    assert [(p.key, p.file) for p in problems] == [("upload_too_large", "x.zip")]
    _, problems = read_upload({"x.zip": big, "streams.csv": b"a"})
    assert [p.key for p in problems] == ["archive_alone"]
    _, problems = read_upload({"x.zip": zipped({"notes.md": b"hi"})})
    assert [p.key for p in problems] == ["unexpected_file", "missing_file", "missing_file"]


def test_loading_tells_each_step_as_it_begins():
    from dashboard.io.datasets import LOAD_STEPS, load_files

    told: list[str] = []
    files = {
        "companies.csv": b"company_id,name,nace,lat,lon\nA,Alpha,10.51,59.93,30.31\n",
        "streams.csv": b"stream_id,company_id,direction,material,quantity,unit\n"
        b"S1,A,have,spent_grain,5,t/yr\n",
    }
    dataset, problems = load_files("x", files, step=told.append)
    assert dataset is not None and problems == []
    assert tuple(told) == LOAD_STEPS
