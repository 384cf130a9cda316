"""Files in and out.

- `readers`: raw tables from CSV (any supported encoding and delimiter) and XLSX
- `rules`: the interchange format's columns, units, words, patterns and bounds
- `validation`: raw tables checked against the interchange format into typed tables, row by
  row; `fast_validation`: clean CSV tables of companies and streams column by column
- `problems`: `Problem` (`file:row:column: message`) and `DatasetError`
- `datasets`: `load_path`, `load_files`, `load_or_raise`, `bundled_datasets`, writers, templates
- `export`: `safe_csv_bytes` and `neutralise_formula` for spreadsheets; `write_safe_csv` and
  `write_parquet` stream large tables in chunks
- `cases`: the library of documented cases; `pdf`: HTML printed to PDF by Chromium
"""
