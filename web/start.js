// Starts Payments Console as the whole page. A file of its own, not an
// inline script, so the page runs under a strict Content-Security-Policy
// (script-src 'self' 'wasm-unsafe-eval').
import init, { start_standalone } from "./payments-console.js";

await init({ module_or_path: new URL("./payments-console_bg.wasm", import.meta.url) });
start_standalone();
