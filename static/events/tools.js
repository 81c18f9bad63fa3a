// Small tools on every page, each shown only when JavaScript can work it: the
// Print button, the Copy button beside the feed address, and the filter panel,
// which folds away on narrow screens (without JavaScript it stays open).

const NARROW = "(max-width: 48rem)";

function announce(message) {
  const region = document.getElementById("live-region");
  if (region) region.textContent = message;
}

function enhancePrint(root) {
  for (const button of root.querySelectorAll("button[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
}

async function copyText(text, field) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without clipboard permission, select the text so the reader can copy it.
    field.focus();
    field.select();
    return false;
  }
}

function enhanceCopy(root) {
  for (const button of root.querySelectorAll("button[data-copy]")) {
    const field = document.getElementById(button.dataset.copy);
    if (!field) continue;
    const label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", async () => {
      if (await copyText(field.value, field)) {
        button.textContent = "✓ " + label;
        announce(button.dataset.copied);
        setTimeout(() => { button.textContent = label; }, 2000);
      }
    });
  }
}

function enhancePanels(root) {
  const narrow = window.matchMedia(NARROW);
  for (const panel of root.querySelectorAll("details[data-collapse-narrow]")) {
    if (narrow.matches) panel.open = false;
    narrow.addEventListener("change", (event) => { panel.open = !event.matches; });
  }
}

export function enhanceTools(root) {
  enhancePrint(root);
  enhanceCopy(root);
  enhancePanels(root);
}
