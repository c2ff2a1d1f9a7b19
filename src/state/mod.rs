//! Plain state types behind the views: what a list, a form or a retry is
//! doing, with the rules for how it changes, tested without a browser.

mod form;
mod list;
mod retry;

pub use form::FormState;
pub use list::ListState;
pub use retry::{retry_wait, MAX_ATTEMPTS};
