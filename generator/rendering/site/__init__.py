"""The panel's internal site: markdown pages from templates, then MkDocs Material."""

from generator.rendering.site.build import BuildResult, build_site

__all__ = ["BuildResult", "build_site"]
