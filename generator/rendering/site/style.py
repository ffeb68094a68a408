"""The site's own small stylesheet."""

STYLESHEET = "stylesheets/panel.css"
PANEL_CSS = """/* Panel Papers: links are underlined (WCAG 1.4.1); the marking stands out. */
.md-typeset a { text-decoration: underline; }
.md-banner .panel-marking { margin: 0; text-align: center; }
.md-typeset table:not([class]) { font-size: 0.7rem; }
"""
