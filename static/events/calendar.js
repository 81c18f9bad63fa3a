// Progressive enhancement for the calendar pages. Every page works without this
// file; with it, the month changes in place, the grid is keyboard-navigable and
// days and events open in dialogs. Wired by data- attributes, never inline.
import { enhanceMonthNavigation } from "./month-nav.js";
import { enhanceGrid } from "./grid-keys.js";
import { enhanceDialogs } from "./dialogs.js";

function start() {
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
