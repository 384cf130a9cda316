"""The shared database (SQLAlchemy).

- `db`: `database_url`, `engine`
- `models`: the tables
- `chains`: `create_chain`, `get_chain`, `list_chains`, `rename_chain`, `set_members`,
  `delete_chain`
"""
