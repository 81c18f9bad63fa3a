// Dialogs: a day's events (Enter on a day, its number or its "+N more"), and an event's
// details (a click on an event in the month). Escape closes a dialog and focus
// returns to where it was. An open dialog has a history entry of its own, so the
// browser's Back closes it instead of leaving the page.

let returnFocusTo = null;
// Whether the open dialog(s) pushed a history entry, and whether the next popstate
// is our own history.back() after a dialog closed some other way.
let dialogEntry = false;
let ownBack = false;

function eventsOfDay(cell) {
  const entries = [];
  const seen = new Set();
  const add = (href, text, node = null) => {
    if (!href || seen.has(href)) return;
    seen.add(href);
    entries.push({ href, text, node });
  };
  for (const node of cell.querySelectorAll(".day-events > li")) {
    if (node.classList.contains("item--covered")) {
      add(node.dataset.href, node.textContent.replace(/\s+/g, " ").trim());
    } else if (node.classList.contains("handover")) {
      entries.push({ html: node.cloneNode(true) });
    } else {
      for (const link of node.querySelectorAll("a.event")) {
        add(link.getAttribute("href"), "", link);
      }
    }
  }
  return entries;
}

function showModal(dialog, opener) {
  returnFocusTo = opener;
  if (!dialogEntry) {
    history.pushState({ ...(history.state || {}), dialog: true }, "", window.location.href);
    dialogEntry = true;
  }
  dialog.showModal();
}

export function openDay(cell) {
  const dialog = document.querySelector("dialog.day-dialog");
  if (!dialog) return;
  const title = dialog.querySelector("#day-dialog-title");
  const list = dialog.querySelector(".day-dialog-events");
  const label = cell.querySelector(".day-number .visually-hidden");
  title.textContent = label ? label.textContent : cell.dataset.date;
  list.replaceChildren();
  const entries = eventsOfDay(cell);
  if (entries.length === 0) {
    const item = document.createElement("li");
    item.textContent = dialog.dataset.empty || "—";
    list.append(item);
  }
  for (const entry of entries) {
    const item = document.createElement("li");
    if (entry.html) {
      item.append(...entry.html.childNodes);
      for (const link of item.querySelectorAll("a")) link.removeAttribute("tabindex");
    } else if (entry.node) {
      const link = entry.node.cloneNode(true);
      link.removeAttribute("tabindex");
      item.append(link);
    } else {
      const link = document.createElement("a");
      link.href = entry.href;
      link.className = "event";
      link.textContent = entry.text;
      item.append(link);
    }
    list.append(item);
  }
  showModal(dialog, cell);
}

async function openEvent(link) {
  const dialog = document.querySelector("dialog.event-dialog");
  if (!dialog) return false;
  let article;
  try {
    const response = await fetch(link.href, { headers: { "X-Fragment": "event" } });
    if (!response.ok) return false;
    const template = document.createElement("template");
    template.innerHTML = (await response.text()).trim();
    article = template.content.querySelector("[data-event-body]");
  } catch {
    return false;
  }
  if (!article) return false;
  const container = dialog.querySelector(".event-dialog-body");
  container.replaceChildren(article);
  // Inside the dialog the page's headings move one level down.
  for (const h2 of article.querySelectorAll("h2")) {
    const h3 = document.createElement("h3");
    for (const attr of h2.attributes) h3.setAttribute(attr.name, attr.value);
    h3.append(...h2.childNodes);
    h2.replaceWith(h3);
  }
  const heading = article.querySelector("h1");
  if (heading) {
    const h2 = document.createElement("h2");
    h2.id = "event-dialog-title";
    h2.append(...heading.childNodes);
    heading.replaceWith(h2);
  }
  const dayDialog = document.querySelector("dialog.day-dialog");
  const opener = dayDialog && dayDialog.open ? returnFocusTo : link;
  if (dayDialog && dayDialog.open) dayDialog.close();
  showModal(dialog, opener);
  return true;
}

export function enhanceDialogs(root) {
  // Registered before month navigation's, so the month is not shown again.
  window.addEventListener("popstate", (event) => {
    if (ownBack) {
      ownBack = false;
      event.stopImmediatePropagation();
      return;
    }
    if (!dialogEntry) return;
    dialogEntry = false;
    event.stopImmediatePropagation();
    for (const open of document.querySelectorAll("dialog[open]")) open.close();
  });

  for (const dialog of root.querySelectorAll("dialog")) {
    dialog.addEventListener("close", () => {
      const target = returnFocusTo;
      if (document.querySelector("dialog[open]")) return;
      if (target && document.contains(target)) target.focus();
      if (dialogEntry) {
        // Closed by Escape or its button: take its history entry away again.
        dialogEntry = false;
        ownBack = true;
        history.back();
      }
    });
  }

  root.addEventListener("click", (event) => {
    // The "+N more", the day number, and a name cut short (tapped beside its
    // links) open the day's whole list.
    const summary = event.target.closest(
      "#month-body .more summary, #month-body a[data-day-link]",
    );
    const cutShort = !event.target.closest("a") && event.target.closest("#month-body .lane.item");
    if (summary || cutShort) {
      if (summary && (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)) return;
      event.preventDefault();
      openDay((summary || cutShort).closest("td"));
      return;
    }
    const link = event.target.closest("#month-body a.event, dialog.day-dialog a.event");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    openEvent(link).then((opened) => {
      if (!opened) window.location.assign(link.href);
    });
  });
}
