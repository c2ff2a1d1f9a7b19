//! Controllers: the state behind every page, with no view code (as
//! react-admin's `useListController`). Each controller holds its page's
//! signals and does its loading, reloading, aborting, saving, redirects
//! and host events; views read the signals and call the methods. The
//! rules for how state changes live in plain types ([`ListState`],
//! [`FormState`]) tested without a browser.

mod activity;
pub mod after_write;
mod approvals;
mod bulk;
pub mod chart_file;
mod columns;
mod connection_form;
mod console;
mod detail;
mod export;
mod form;
mod form_controller;
mod layout;
mod list;
mod live;
mod notice;
mod preferences;
mod search;
mod selection;
mod session;
mod sessions;
pub mod shortcuts;
mod versions;
mod views;
mod window;
mod workspace;

pub use crate::api::gateway::Server;
pub use activity::{
    count_words, describe, kind_choices, kind_words, outcome, Activity, ActivityController,
    ActivityFilter, ActivityPage, ActivityState, HistoryController,
};
pub use approvals::{
    awaiting_count, held_words, item_label, outcome_words, state_words, tell_requester,
    ApprovalController, ApprovalsController,
};
pub use bulk::BulkController;
pub use columns::ColumnsController;
pub use connection_form::{draft_from, form_values, ConnectionFormController, FORM_ID};
pub use console::{payment_summary, secret_words, ConnectionCheck, Console};
pub use detail::DetailController;
pub use export::{ExportController, ExportState};
pub use form::{field_groups, FormState, Unsure};
pub use form_controller::{Focus, FormController};
pub use layout::Layout;
pub use list::{ListController, ListState, Shown};
pub use live::{Following, Live, LiveLog};
pub use notice::Notice;
pub use preferences::Preferences;
pub use search::{SearchAnswer, SearchController, SearchLine};
pub use selection::{Row, Selection, SelectionController};
pub use session::SignInController;
pub use sessions::{browser_words, method_words, SessionsController, SessionsSaid};
pub use versions::{changes_named, changes_words, conflict_lead, conflict_words, live_words};
pub use views::ViewsController;
pub use window::{RowWindow, WINDOW_FROM};
pub use workspace::{Merged, Source, SourceState, WorkspaceController};
