// In-place month navigation: previous/next/today links and the month picker swap
// the month's fragment (rendered by the server from the same template partial),
// keep the real URL in the address bar and make the back button work.
import { setupGrid, focusDate } from "./grid-keys.js";

const FRAGMENT_HEADER = "X-Fragment";

function announce(text) {
  const region = document.getElementById("live-region");
  if (!region) return;
  region.textContent = "";
  // A fresh text node makes screen readers announce the same words again.
  window.setTimeout(() => { region.textContent = text; }, 50);
}

async function fetchMonth(url) {
  const response = await fetch(url, {
    headers: { [FRAGMENT_HEADER]: "month" },
    credentials: "same-origin",
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const html = await response.text();
  const template = document.createElement("template");
  template.innerHTML = html.trim();
  const fragment = template.content.getElementById("month-body");
  if (!fragment) throw new Error("no month in the response");
  return { fragment, url: response.url };
}

// Links outside the month that name it (the views' Month and Year, the language
// switch) follow the month shown: the fragment carries their addresses.
function followShownMonth(body) {
  for (const link of document.querySelectorAll("a[data-follows]")) {
    const kind = link.dataset.follows;
    const key = kind === "language"
      ? `href${link.hreflang.charAt(0).toUpperCase()}${link.hreflang.slice(1)}`
      : `${kind}Href`;
    if (body.dataset[key]) link.setAttribute("href", body.dataset[key]);
  }
}

export async function showMonth(url, { push = true, focus = null } = {}) {
  let result;
  try {
    result = await fetchMonth(url);
  } catch {
    window.location.assign(url);
    return;
  }
  const current = document.getElementById("month-body");
  current.replaceWith(result.fragment);
  const body = document.getElementById("month-body");
  if (push) history.pushState({ month: true }, "", result.url);
  const heading = body.querySelector("h1");
  if (heading) {
    document.title = document.title.replace(/^[^·]*·/, `${heading.textContent.trim()} ·`);
  }
  followShownMonth(body);
  setupGrid(body);
  announce(body.dataset.summary || "");
  if (focus === "grid") {
    focusDate(body, null);
  } else if (focus) {
    focusDate(body, focus);
  } else if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
}

export function enhanceMonthNavigation(root) {
  root.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-month-nav]");
    if (!link || event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    showMonth(link.href);
  });

  root.addEventListener("submit", (event) => {
    const form = event.target.closest("#month-body form.picker");
    if (!form) return;
    event.preventDefault();
    const url = new URL(form.action, window.location.href);
    url.search = new URLSearchParams(new FormData(form)).toString();
    showMonth(url.toString());
  });

  history.replaceState({ month: true }, "", window.location.href);
  window.addEventListener("popstate", (event) => {
    if (event.state && event.state.month) showMonth(window.location.href, { push: false });
  });
}
