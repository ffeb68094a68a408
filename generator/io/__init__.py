"""Reading and writing primitives: sources, safe YAML, files, git, diagnostics."""
