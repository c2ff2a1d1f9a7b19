//! Failures in place: what went wrong in words, and what the person can
//! do about it; and what a change just did, said in a live region at the
//! top of the page.

use leptos::prelude::*;
use payments_model::{ApiError, ErrorKind};

use crate::language::{t, t_with, tr_sentence};
use crate::routing::{Link, Router};
use crate::state::Console;

/// What a person can do about an error of this kind.
pub fn advice(kind: ErrorKind) -> String {
    let key = match kind {
        ErrorKind::Network => "advice.network",
        ErrorKind::Unauthorized => "advice.unauthorized",
        ErrorKind::Forbidden => "advice.forbidden",
        ErrorKind::NotFound => "advice.not_found",
        ErrorKind::RateLimited => "advice.rate_limited",
        ErrorKind::Server => "advice.server",
        ErrorKind::Decode => "advice.decode",
        ErrorKind::Invalid | ErrorKind::Rejected => return String::new(),
    };
    t(key)
}

/// An error shown where the content would be.
#[component]
pub fn ErrorNotice(
    /// The error to explain.
    error: ApiError,
    /// Called by "Try again", when given.
    #[prop(optional)]
    on_retry: Option<Callback<()>>,
) -> impl IntoView {
    let advice = advice(error.kind);
    let message = match error.status {
        Some(status) => format!("{} (HTTP {status})", tr_sentence(&error.message)),
        None => tr_sentence(&error.message),
    };
    let wait = error
        .retry_after_secs
        .filter(|_| error.kind == ErrorKind::RateLimited)
        .map(|s| format!(" {}", t_with("error.wait", &[("seconds", &s.to_string())])));
    view! {
        <div class="pc-error" role="alert">
            <p>{message}{wait}</p>
            {(!advice.is_empty()).then(|| view! { <p class="pc-advice">{advice}</p> })}
            {on_retry.map(|retry| view! {
                <button type="button" class="pc-button" on:click=move |_| retry.run(())>{t("error.try_again")}</button>
            })}
        </div>
    }
}

/// The sentence about the last change the console made (a save, an
/// update, a delete), with a link to the payment, in a live region that
/// is always in the page so that screen readers announce what appears in
/// it. Going to another page clears it.
#[component]
pub fn ChangeNotice(
    /// The console's shared state.
    console: Console,
    /// The router, to clear the notice when the page changes.
    router: Router,
) -> impl IntoView {
    let notice = console.notice;
    Effect::new(move |_| {
        let stale = router
            .place
            .with(|p| notice.with_untracked(|n| n.as_ref().is_some_and(|n| !n.shown_at(p))));
        if stale {
            notice.set(None);
        }
    });
    view! {
        <div class="pc-change" role="status" aria-live="polite">
            {move || notice.get().map(|n| view! {
                <p class="pc-change__text">
                    {n.text}
                    {n.link.map(|(words, place)| view! { " "<Link to=place>{words}</Link> })}
                    " "
                    <button type="button" class="pc-link-button" on:click=move |_| notice.set(None)>{t("notice.dismiss")}</button>
                </p>
            })}
        </div>
    }
}
