"""Pictures as pure functions: data in, SVG text out (no I/O, no graph access)."""
