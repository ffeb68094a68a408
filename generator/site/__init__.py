"""The panel's internal site: markdown pages from templates, then MkDocs Material."""

from .build import BuildResult, build_site

__all__ = ["BuildResult", "build_site"]
