// Progressive enhancement for the calendar pages. Every page works without this
// file; with it, every page gets its tools (print, copy, a folding filter panel),
// the month changes in place, the grid is keyboard-navigable and days and events
// open in dialogs. Wired by data- attributes, never inline.
import { enhanceMonthNavigation } from "./month-nav.js";
import { enhanceGrid } from "./grid-keys.js";
import { enhanceDialogs } from "./dialogs.js";
import { enhanceTools } from "./tools.js";

function start() {
  enhanceTools(document);
  const body = document.getElementById("month-body");
  if (!body) return;
  enhanceDialogs(document);
  enhanceGrid(document);
  enhanceMonthNavigation(document);
}

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
