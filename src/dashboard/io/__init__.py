"""Files in and out.

- `readers`: raw tables from CSV (any supported encoding and delimiter) and XLSX
- `validation`: raw tables checked against the interchange format into typed tables
- `problems`: `Problem` (`file:row:column: message`) and `DatasetError`
- `datasets`: `load_path`, `load_files`, `load_or_raise`, `bundled_datasets`, writers, templates
- `export`: `safe_csv_bytes` and `neutralise_formula` for spreadsheets
"""
