"""The panel's internal site: markdown pages from templates (`commands/build.py` builds it with MkDocs)."""
