//! Pages and components, thin over the controllers of [`crate::state`]:
//! they draw a controller's signals and call its methods, and never build
//! a request or call [`crate::api`]. Each file holds one page or one
//! family of components.

mod activity_page;
mod all_payments;
mod app;
mod approvals_page;
mod bulk;
mod bulk_words;
mod chart;
mod column_chooser;
mod confirm;
mod connection_page;
mod connections_page;
mod controls;
mod date_presets;
mod deferred;
mod export;
mod language_picker;
mod list_filters;
mod more_filters;
mod notice;
mod pager;
mod payment_detail;
mod payment_form;
mod payment_list;
mod payment_table;
mod saved_views;
mod screens;
mod search;
mod sessions_page;
mod shortcuts;
mod sign_in_page;
mod status_badge;
mod values;
mod versions;
mod zone_picker;

pub use crate::format::{
    format_compact, format_date_parts, format_moment_local, format_money, local_input_value,
    utc_from_local_input,
};
pub use activity_page::ActivityPage;
pub use all_payments::AllPaymentsPage;
pub use app::App;
pub use approvals_page::{ApprovalPage, ApprovalsPage};
pub use chart::VolumeChart;
pub use confirm::ConfirmButton;
pub use connection_page::{ConnectionPage, LoadingConnections};
pub use connections_page::ConnectionsPage;
pub use controls::{ErrorSummary, FieldControl, FormField, LabelledSelect};
pub use date_presets::DatePresets;
pub use deferred::Deferred;
pub use export::ExportControl;
pub use language_picker::LanguagePicker;
pub use notice::{advice, ChangeNotice, ErrorNotice};
pub use pager::{CursorPager, Pager};
pub use payment_detail::PaymentDetailPage;
pub use payment_form::PaymentFormPage;
pub use payment_list::{PaymentList, PaymentListPage};
pub use payment_table::PaymentTable;
pub use search::PaymentSearch;
pub use sessions_page::SessionsPage;
pub use sign_in_page::SignInPage;
pub use status_badge::StatusBadge;
pub use values::{MomentText, MoneyText, OptionalText};
pub use zone_picker::ZonePicker;
