"""Typed settings: TOML files validated at start, with errors that name the bad key."""
