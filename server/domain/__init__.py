"""The hall's rules in plain Python: no framework, no database, no clock (time is passed in)."""
