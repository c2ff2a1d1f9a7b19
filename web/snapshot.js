// The server's first screen (#pc-snapshot, crates/server/src/snapshot):
// writes its money, times, counts and zone as the console writes them
// (src/format.rs: the same Intl options, locale and time zone), then
// shows it. Where the person's language is not the one the server drew
// in, the screen is removed unseen and the console draws the page itself.
// A file of its own, not an inline script, so a strict CSP holds.
(() => {
  const root = document.getElementById("pc-snapshot");
  const drawn = root && root.firstElementChild;
  if (!drawn) return;
  const SPOKEN = ["en", "de", "fr", "es"];
  const primary = (tag) => String(tag).trim().split(/[-_]/)[0].toLowerCase();
  let chosen = null;
  let zoneChosen = null;
  try {
    chosen = localStorage.getItem("pc.language");
    zoneChosen = localStorage.getItem("pc.time-zone");
  } catch { /* storage turned off: the browser's language and zone */ }
  const tags = navigator.languages || [];
  const browser = tags.map(primary).find((t) => SPOKEN.includes(t)) || "en";
  const language = chosen && SPOKEN.includes(primary(chosen)) ? primary(chosen) : browser;
  if (language !== drawn.lang) {
    root.remove();
    return;
  }
  const locale = tags.find((t) => primary(t) === language) || language;
  const known = (zone) => {
    try {
      return zone && zone.trim().length <= 64 && new Intl.DateTimeFormat("en", { timeZone: zone.trim() }) && zone.trim();
    } catch {
      return null;
    }
  };
  const zone = known(zoneChosen) || known(new Intl.DateTimeFormat().resolvedOptions().timeZone) || "UTC";

  const counts = new Intl.NumberFormat(locale);
  for (const el of root.querySelectorAll("[data-pc-count]")) {
    el.textContent = counts.format(Number(el.dataset.pcCount));
  }
  // One formatter per currency and digits (making one is the costly part).
  const money = new Map();
  for (const el of root.querySelectorAll("[data-pc-amount]")) {
    const { pcCurrency: currency, pcDigits: digits } = el.dataset;
    const key = `${currency} ${digits}`;
    if (!money.has(key)) {
      const options = { minimumFractionDigits: Number(digits), maximumFractionDigits: Number(digits) };
      if (currency) Object.assign(options, { style: "currency", currency });
      money.set(key, new Intl.NumberFormat(locale, options));
    }
    // The exact decimal as text, never a float.
    el.textContent = money.get(key).format(el.dataset.pcAmount);
  }
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  for (const el of root.querySelectorAll("time[data-pc-ms]")) {
    const at = new Date(Number(el.dataset.pcMs));
    el.textContent = ("pcDay" in el.dataset ? day : moment).format(at);
  }
  for (const el of root.querySelectorAll("[data-pc-zone]")) {
    el.textContent = zone.replace(/_/g, " ");
  }
  // "This browser's (Deutsch)", the choice as the console shows it.
  const select = root.querySelector("#pc-language");
  if (select) {
    const option = (value) => [...select.options].find((o) => o.value === value);
    const first = select.options[0];
    const name = option(browser) ? option(browser).textContent : "";
    first.textContent = first.dataset.pcBrowser.replace("{language}", name);
    const picked = chosen ? option(primary(chosen)) : first;
    if (picked) picked.selected = true;
  }
  // The console's own page has no margin (src/lib.rs sets it so too).
  document.body.style.margin = "0";
  root.hidden = false;
  performance.mark("pc-snapshot-rows");
})();
