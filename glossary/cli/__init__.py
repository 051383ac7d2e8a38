"""The `glossary` command: one module of click commands per area over the library (main.py registers them)."""
