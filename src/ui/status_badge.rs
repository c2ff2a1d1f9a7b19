//! A payment status as a labelled badge: the vendor's own word, coloured
//! by its normalized kind, with the kind spelled out for screen readers.

use leptos::prelude::*;
use payments_model::PaymentStatus;

/// A status badge.
#[component]
pub fn StatusBadge(
    /// The status to show.
    status: PaymentStatus,
) -> impl IntoView {
    let kind = status.kind;
    let text = if status.raw.is_empty() {
        "none".to_string()
    } else {
        status.text()
    };
    let class = format!("pc-badge pc-badge--{}", kind.slug());
    let label = format!("Status: {text} ({})", kind.label());
    view! { <span class=class title=label.clone() aria-label=label>{text}</span> }
}
