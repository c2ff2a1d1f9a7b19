//! Talking to servers: sends the requests the model's adapters build
//! (retrying safe reads after a 429 or 5xx), loads the connections a
//! sandbox offers on first run, and keeps connections in browser storage.

mod connections;
pub mod payments;
mod run;
mod storage;
pub mod tokens;
mod transport;

pub use connections::load_offered_connections;
pub use run::{run, sleep_ms, Waiting};
pub use storage::{load_saved, save};
pub use transport::send;
