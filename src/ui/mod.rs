//! Pages and components. Each file holds one page or one family of
//! components; the logic they show lives in `payments-model`.

mod app;
mod format;
mod pager;
mod payment_list;
mod status_badge;

pub use app::App;
pub use format::{
    format_moment_local, format_money, local_input_value, utc_from_local_input, MomentText,
    MoneyText, OptionalText,
};
pub use pager::Pager;
pub use payment_list::{ListState, PaymentList};
pub use status_badge::StatusBadge;
