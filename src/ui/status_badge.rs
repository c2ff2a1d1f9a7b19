//! A payment status as a labelled badge: the vendor's own word, coloured
//! by its normalized kind, with the kind spelled out for screen readers.

use leptos::prelude::*;
use payments_model::{PaymentStatus, StatusKind};

use crate::language::{k, t, t_with};

/// The console's word for a kind of status, in the console's language.
pub fn kind_label(kind: StatusKind) -> String {
    t(kind.words())
}

/// A status badge.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: PaymentStatus,
) -> impl IntoView {
    let kind = status.kind;
    let text = if status.raw.is_empty() {
        t(k::status::NONE)
    } else {
        status.text()
    };
    let class = format!("pc-badge pc-badge--{}", kind.slug());
    let label = t_with(
        k::status::LABEL,
        &[("status", &text), ("kind", &kind_label(kind))],
    );
    view! { <span class=class title=label.clone() aria-label=label>{text}</span> }
}
