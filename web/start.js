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
if (language && language !== "en") {
  const link = document.createElement("link");
  link.rel = "preload";
  link.as = "fetch";
  link.crossOrigin = "anonymous";
  link.href = new URL(`./locales/${language}.json`, import.meta.url).href;
  document.head.append(link);
}

await init({ module_or_path: new URL("./payments-console_bg.wasm", import.meta.url) });
start_standalone();
