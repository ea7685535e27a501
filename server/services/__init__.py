"""Use cases: one function per action, each in a unit of work (load, apply, commit, publish)."""
