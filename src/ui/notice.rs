//! Failures in place: what went wrong in words, and what the person can
//! do about it; and what a change just did, said in a live region at the
//! top of the page.

use leptos::prelude::*;
use payments_model::{ApiError, ErrorKind};

use crate::language::{k, say_error, t, t_with};
use crate::routing::{Link, Router};
use crate::state::Console;

/// What a person can do about an error of this kind.
pub fn advice(kind: ErrorKind) -> String {
    let key = match kind {
        ErrorKind::Network => k::advice::NETWORK,
        ErrorKind::Unauthorized => k::advice::UNAUTHORIZED,
        ErrorKind::Forbidden => k::advice::FORBIDDEN,
        ErrorKind::NotFound => k::advice::NOT_FOUND,
        ErrorKind::RateLimited => k::advice::RATE_LIMITED,
        ErrorKind::Server => k::advice::SERVER,
        ErrorKind::Decode => k::advice::DECODE,
        ErrorKind::Invalid | ErrorKind::Rejected | ErrorKind::Conflict | ErrorKind::Held => {
            return String::new()
        }
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
    let message = say_error(&error);
    let wait = error
        .retry_after_secs
        .filter(|_| error.kind == ErrorKind::RateLimited)
        .map(|s| {
            format!(
                " {}",
                t_with(k::error::WAIT, &[("seconds", &s.to_string())])
            )
        });
    view! {
        <div class="pc-error" role="alert">
            <p>{message}{wait}</p>
            {(!advice.is_empty()).then(|| view! { <p class="pc-advice">{advice}</p> })}
            {on_retry.map(|retry| view! {
                <button type="button" class="pc-button" on:click=move |_| retry.run(())>{t(k::error::TRY_AGAIN)}</button>
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
                    <button type="button" class="pc-link-button" on:click=move |_| notice.set(None)>{t(k::notice::DISMISS)}</button>
                </p>
            })}
        </div>
    }
}
