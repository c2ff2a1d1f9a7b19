//! The shared model of Payments Console: plain Rust types for money, time,
//! list queries and payments, plus one module per vendor that turns a query
//! or a draft into an [`HttpRequest`] description and an [`HttpResponse`]
//! back into model values.
//!
//! Nothing here performs I/O or depends on the web: the browser app sends
//! what a vendor's module built, and the sandbox server answers with the same wire
//! types, so every vendor rule is written once and tested natively.

pub mod activity;
pub mod approval;
pub mod bulk;
pub mod chart;
pub mod columns;
pub mod connection;
pub mod display;
pub mod error;
pub mod export;
pub mod http;
pub mod json;
pub mod keys;
pub mod language;
pub mod live;
pub mod local;
pub mod message;
pub mod money;
pub mod payment;
pub mod query;
pub mod session;
pub mod time;
pub mod validate;
pub mod vendors;
pub mod version;
pub mod views;
pub mod workspace;
pub mod zone;

pub use connection::{Connection, Credentials};
pub use error::{ApiError, ErrorKind};
pub use http::{HttpRequest, HttpResponse, Method};
pub use message::Message;
pub use money::{Currency, Money};
pub use payment::{Payment, PaymentStatus, StatusKind};
pub use query::{ListPage, ListQuery, PageInfo};
/// The exact decimal every amount is held in.
pub use rust_decimal::Decimal;
pub use vendors::Vendor;
