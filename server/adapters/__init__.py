"""Adapters: SQLAlchemy storage, the Socket.IO event publisher, the clock."""
