// The month table as a WAI-ARIA date grid: one tab stop, arrow keys move a day or
// a week, Home/End the week, PageUp/PageDown the month; Enter opens the day.
import { openDay } from "./dialogs.js";
import { showMonth } from "./month-nav.js";

function isoDate(date) {
  return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
  const date = new Date(`${iso}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return isoDate(date);
}

function addMonths(iso, months) {
  const [year, month, day] = iso.split("-").map(Number);
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, last));
  return isoDate(target);
}

function cells(body) {
  return Array.from(body.querySelectorAll("table[data-calendar-grid] td[data-date]"));
}

// One tab stop: the grid keeps a single focusable cell; links inside cells are
// reached through the day's dialog instead.
export function setupGrid(body) {
  const table = body.querySelector("table[data-calendar-grid]");
  if (!table) return;
  table.setAttribute("role", "grid");
  table.setAttribute("aria-describedby", "grid-help");
  const all = cells(body);
  for (const cell of all) {
    cell.setAttribute("role", "gridcell");
    cell.tabIndex = -1;
    for (const focusable of cell.querySelectorAll("a, summary, button")) focusable.tabIndex = -1;
  }
  const month = body.dataset.month;
  const start =
    all.find((c) => c.getAttribute("aria-current") === "date") ||
    all.find((c) => c.dataset.date.startsWith(month));
  if (start) start.tabIndex = 0;
}

export function focusDate(body, iso) {
  const all = cells(body);
  let target = iso ? all.find((c) => c.dataset.date === iso) : null;
  if (!target) target = all.find((c) => c.tabIndex === 0) || all[0];
  if (!target) return;
  for (const cell of all) cell.tabIndex = -1;
  target.tabIndex = 0;
  target.focus();
}

function move(body, fromCell, key) {
  const iso = fromCell.dataset.date;
  const row = fromCell.parentElement;
  const rowCells = Array.from(row.querySelectorAll("td[data-date]"));
  let target;
  switch (key) {
    case "ArrowLeft": target = addDays(iso, -1); break;
    case "ArrowRight": target = addDays(iso, 1); break;
    case "ArrowUp": target = addDays(iso, -7); break;
    case "ArrowDown": target = addDays(iso, 7); break;
    case "Home": target = rowCells[0].dataset.date; break;
    case "End": target = rowCells[rowCells.length - 1].dataset.date; break;
    case "PageUp": target = addMonths(iso, -1); break;
    case "PageDown": target = addMonths(iso, 1); break;
    default: return false;
  }
  // Focus stays on days of the month shown; a step into another month shows it.
  if (target.startsWith(body.dataset.month)) {
    focusDate(body, target);
  } else {
    // Beyond this month's weeks: show the month that holds the day, then focus it.
    const nav = body.querySelector(target < iso ? 'a[rel="prev"]' : 'a[rel="next"]');
    if (!nav) return true;
    const url = new URL(nav.href);
    const [year, month] = target.split("-");
    url.pathname = url.pathname.replace(/\d{4}\/\d{2}\/$/, `${year}/${month}/`);
    showMonth(url.toString(), { focus: target });
  }
  return true;
}

export function enhanceGrid(root) {
  const body = root.getElementById ? root.getElementById("month-body") : null;
  if (body) setupGrid(body);

  root.addEventListener("keydown", (event) => {
    const cell = event.target.closest && event.target.closest("td[role='gridcell']");
    if (!cell || event.altKey || event.ctrlKey || event.metaKey) return;
    const monthBody = cell.closest("#month-body");
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openDay(cell);
      return;
    }
    if (move(monthBody, cell, event.key)) event.preventDefault();
  });

  root.addEventListener("click", (event) => {
    const cell = event.target.closest && event.target.closest("td[role='gridcell']");
    if (!cell || event.target.closest("a, summary, details")) return;
    focusDate(cell.closest("#month-body"), cell.dataset.date);
  });
}
