//! The gateway's handlers, one file per concern, each with the router of
//! its routes: [`session`] (who is signed in, a password's sign-in, the
//! sign-out), [`sign_on`] (single sign-on's start and callback),
//! [`sessions`] (a person's own sessions, seen and ended),
//! [`connections`], [`activity`] (the audit log, paged and as CSV),
//! [`preferences`] (a person's settings), [`approvals`] (four eyes:
//! requests held for approval, decided and carried out), [`events`] (the changes a page
//! follows) and [`forward`] (everything else: a vendor request). Handlers are short: checks are extractors
//! ([`super::extract`]) and admission ([`super::admission`]), and every
//! refusal is a [`super::error::GatewayError`].

pub mod activity;
pub mod approvals;
pub mod connections;
pub mod events;
pub mod forward;
pub mod preferences;
pub mod session;
pub mod sessions;
pub mod sign_on;
