/* Site-wide progressive enhancements, loaded by base.html (no inline script: strict CSP). */
(function () {
  "use strict";
  // Tables wider than the screen scroll inside .table-wrap: make that region reachable and
  // scrollable with the keyboard, and name it after the table's caption (WCAG 2.1.1).
  function labelScrollableTables() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth <= wrap.clientWidth || wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      if (!wrap.hasAttribute("role")) wrap.setAttribute("role", "region");
      if (!wrap.hasAttribute("aria-label") && !wrap.hasAttribute("aria-labelledby")) {
        var caption = wrap.querySelector("caption");
        wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      }
    });
  }
  // A form that comes back with errors: move focus to its error summary, so keyboard and
  // screen-reader users start from the list of what to fix (each item links to its field).
  function focusErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }
  function ready() {
    labelScrollableTables();
    focusErrorSummary();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.addEventListener("resize", labelScrollableTables);
})();
