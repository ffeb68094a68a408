"""Panel Papers: docs-as-code for children's services resource panels."""

__version__ = "0.1.0"
