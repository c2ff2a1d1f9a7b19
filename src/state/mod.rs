//! Controllers: the state behind every page, with no view code (as
//! react-admin's `useListController`). Each controller holds its page's
//! signals and does its loading, reloading, aborting, saving, redirects
//! and host events; views read the signals and call the methods. The
//! rules for how state changes live in plain types ([`ListState`],
//! [`FormState`]) tested without a browser.

mod activity;
mod console;
mod detail;
mod export;
mod form;
mod list;
mod notice;
mod search;
mod session;
mod window;
mod workspace;

pub use crate::api::gateway::Server;
pub use activity::{
    describe, outcome, Activity, ActivityController, ActivityState, HistoryController,
};
pub use console::{
    draft_from, form_values, payment_summary, secret_words, ConnectionCheck, Console,
};
pub use detail::DetailController;
pub use export::{ExportController, ExportState};
pub use form::{field_groups, Focus, FormController, FormState, Unsure};
pub use list::{ListController, ListState, Shown};
pub use notice::Notice;
pub use search::{SearchAnswer, SearchController, SearchLine};
pub use session::SignInController;
pub use window::{RowWindow, WINDOW_FROM};
pub use workspace::{Merged, Source, SourceState, WorkspaceController};
