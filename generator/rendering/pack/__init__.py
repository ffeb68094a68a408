"""Paper packs laid out (markdown), converted with pandoc and compiled with Typst; `commands/pack.py` builds them."""

from generator.rendering.pack.pandoc import PackBuildError

__all__ = ["PackBuildError"]
