// Starts Payments Console as the whole page. A file of its own, not an
// inline script, so the page runs under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval').
import init, { start_standalone } from "./payments-console.js";

// The words of the person's language (their choice, else the browser's),
// fetched while the module downloads; English is inside the module. The
// console asks for the same file and gets this download.
const LANGUAGES = ["de", "fr", "es"];
let chosen = null;
try { chosen = localStorage.getItem("pc.language"); } catch { /* storage turned off */ }
const language = [chosen, ...navigator.languages]
  .filter(Boolean)
  .map((tag) => tag.split(/[-_]/)[0].toLowerCase())
  .find((tag) => tag === "en" || LANGUAGES.includes(tag));
function preload(file) {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(`./${file}`, import.meta.url).href;
  document.head.append(link);
}
if (language && language !== "en") {
  preload(`locales/${language}.json`);
}

// A payment's page (/c/<connection>/p/<payment>) is drawn by a module of
// its own: on a first visit to one, it is fetched beside the main module
// rather than after it. The build writes its files here (scripts/setup.sh,
// finish_dist); the split loader's own fetch takes these downloads.
const DETAIL = [];
const parts = location.pathname.split("/").filter(Boolean);
if (parts.length === 4 && parts[0] === "c" && parts[2] === "p") {
  DETAIL.forEach(preload);
}

const loaded = init({ module_or_path: new URL("./payments-console_bg.wasm", import.meta.url) });
// The browser reads its Intl data on a page's first formatter: about 30 ms
// on this machine's Chromium, then a few for each other locale or zone.
// Done here, while the module compiles (and, on a page with the server's
// first screen, while the server asks the vendor), it is not paid on the
// way to the first rows by the first screen's script or the console.
try {
  const locale = navigator.languages.find((tag) => tag.split(/[-_]/)[0].toLowerCase() === language) || language || "en";
  new Intl.NumberFormat(locale, { style: "currency", currency: "USD" }).format(1);
  new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(0);
} catch { /* a browser without Intl's options: the console says so itself */ }
await loaded;
// A page with the server's first screen runs this loader as soon as it
// has arrived, so the module compiles while the server asks the vendor;
// the console starts once the page (the screen and the answers it
// carries) has arrived. Elsewhere the page has arrived by now.
if (document.readyState === "loading") {
  await new Promise((arrived) => document.addEventListener("DOMContentLoaded", arrived, { once: true }));
}
start_standalone();
