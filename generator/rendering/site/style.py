"""The site's own small stylesheet."""

STYLESHEET = "stylesheets/panel.css"
SCRIPT = "javascripts/panel.js"
PANEL_JS = """// Panel Papers: a table wider than the screen says that it scrolls sideways (and shows a scroll bar).
(function () {
  "use strict";
  function mark(box) {
    var wide = box.scrollWidth > box.clientWidth + 1;
    box.classList.toggle("panel-table--scrolls", wide);
    var hint = box.nextElementSibling;
    if (hint && hint.classList.contains("panel-scroll-hint")) {
      hint.hidden = !wide;
    }
  }
  function watch() {
    var boxes = document.querySelectorAll(".panel-table");
    var observer = "ResizeObserver" in window ? new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { mark(entry.target); });
    }) : null;
    boxes.forEach(function (box) {
      mark(box);
      if (observer) { observer.observe(box); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
  window.addEventListener("load", function () { document.querySelectorAll(".panel-table").forEach(mark); });
})();
"""
PANEL_CSS = """/* Panel Papers: links are underlined (WCAG 1.4.1); the marking stands out. */
.md-typeset a { text-decoration: underline; }
.md-banner .panel-marking { margin: 0; text-align: center; }
.md-typeset table:not([class]) { font-size: 0.7rem; }
.md-typeset table:not([class]) th, .md-typeset table:not([class]) td { padding: 0.6em 0.8em; }
.md-typeset table:not([class]) th { min-width: 0; }
/* Tables scroll sideways inside a labelled, focusable region with a scroll bar that is always shown. */
.md-typeset .panel-table {
  overflow-x: auto; max-width: 100%; margin: 1em 0;
  scrollbar-width: thin; scrollbar-color: #6b6b6b #e6e6e6;
}
.md-typeset .panel-table:focus-visible { outline: 0.15rem solid var(--md-accent-fg-color); outline-offset: 0.1rem; }
.md-typeset .panel-table .md-typeset__scrollwrap { overflow: visible; margin: 0; }
.md-typeset .panel-table .md-typeset__table { display: block; padding: 0; margin: 0; }
.md-typeset .panel-table table:not([class]) { display: table; max-width: none; overflow: visible; margin: 0; }
.md-typeset .panel-nowrap { white-space: nowrap; }
/* Links in tables are targets at least 24 px high (WCAG 2.5.8), even when two ids share a cell. */
.md-typeset .panel-table td a { display: inline-block; min-height: 24px; line-height: 24px; }
.md-typeset .panel-scroll-hint { margin: -0.5em 0 1em; font-size: 0.7rem; color: var(--md-default-fg-color--light); }
"""
