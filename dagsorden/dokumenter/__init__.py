"""Word documents and pictures out: each renderer gets data already read and
never opens a source file itself."""
