"""Fixtures of the store tests: `postgres_url` comes from tests/unit/conftest.py."""
