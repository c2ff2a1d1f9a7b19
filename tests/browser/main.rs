//! The browser suite: real components mounted in headless Chromium
//! (`wasm-bindgen-test`), talking HTTP to a live sandbox that
//! `scripts/test` starts. One target; each file is a module listed here,
//! and `tests/architecture.rs` fails when a file of this directory is
//! not, so no test file compiles and never runs.
//!
//! - `components`: the list, money, statuses and routing as components;
//! - `bulk`: selection across pages and a bulk run's outcomes;
//! - `chart`: the volume chart, its axes, focus and files;
//! - `colleagues`: stale saves and deletes caught, changes counted;
//! - `embed`: the console inside hostile host pages;
//! - `fidelity`: what vendors really send;
//! - `language`: the four languages, plurals and `Intl`;
//! - `list_habits`, `list_views`: coming back to lists, notices, columns
//!   and saved views;
//! - `long_lists`: ten thousand payments in one answer;
//! - `screens`: split-off screens loading, failing, tried again;
//! - `time_zone`: the person's time zone in times, filters and files;
//! - `workspace`: All payments, search and the chart's name.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod bulk;
mod chart;
mod colleagues;
mod components;
mod embed;
mod fidelity;
mod language;
mod list_habits;
mod list_views;
mod long_lists;
mod screens;
mod time_zone;
mod workspace;
