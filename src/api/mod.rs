//! Talking to servers: plain async functions over the model's
//! [`HttpRequest`](payments_model::HttpRequest) and
//! [`HttpResponse`](payments_model::HttpResponse), with no view framework:
//! sends what the vendors' functions build (retrying safe reads after a 429
//! or 5xx, with progress told through a callback), loads the connections a
//! sandbox offers on first run, and keeps connections in browser storage.

pub mod approvals;
pub mod carried;
pub mod catalogs;
mod connections;
pub mod download;
pub mod gateway;
pub mod live;
pub mod payments;
pub mod policy;
pub mod preferences;
mod retry;
mod run;
pub mod sessions;
mod storage;
pub mod tokens;
mod transport;

pub use connections::load_offered_connections;
pub use retry::{retry_wait, MAX_ATTEMPTS};
pub use run::{quietly, run, sleep_ms, Progress};
pub use storage::{load_saved, save};
pub use transport::send;
