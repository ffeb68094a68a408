"""The panel's terms of reference: `panel.yml`, its schema and its typed model."""

from generator.domain.config.loader import CONFIG_NAME, build_config
from generator.domain.config.model import PanelConfig

__all__ = ["CONFIG_NAME", "PanelConfig", "build_config"]
