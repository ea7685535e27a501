"""The web edge: app factory, REST API, Socket.IO namespace. Views parse, call, render."""
