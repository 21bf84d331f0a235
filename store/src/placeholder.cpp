// Replaced by the SQLite store implementation.
