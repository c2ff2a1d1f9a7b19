//! Talking to servers: sends the requests the model's adapters build, and
//! loads the connections a sandbox offers on first run.

mod connections;
mod transport;

pub use connections::load_offered_connections;
pub use transport::send;
