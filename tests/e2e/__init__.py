"""Browser (end-to-end) tests; a package so its module names cannot clash with tests/."""
