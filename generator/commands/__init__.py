"""The application layer: one module per use case, the code that takes a root, runs git and writes files."""
