//! Screens whose code the browser downloads when they are first shown.
//!
//! A first visit draws a connection's rows first; a list's filters, a
//! payment's page, the sign-in form, the forms, All payments,
//! Connections, Activity, the chart (its drawing and its adding up) and
//! the export's work are split off into modules of their own when the
//! console is built with the `split` feature (`scripts/build-wasm` does,
//! see `super::screens`), and fetched the first time one is drawn, or
//! earlier, when the browser is idle after the first screen
//! ([`prefetch_when_idle`]). Until a screen's code
//! is here [`Deferred`] says "Loading…" in a live region; when the
//! download fails it says so and offers to try again, and nothing else
//! on the page is lost.
//!
//! Each deferred screen is one function declared with [`deferred!`]: in a
//! split build it is a `wasm_split` function (its body and everything
//! only it reaches go into its chunk); in any other build (the tests, a
//! plain `cargo build`) the same function runs at once.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::language::{k, t};

/// Declares a function (a screen's drawing, or work a screen starts)
/// that is split into the chunk named after `in`, with an `async fn` of
/// the name after `prefetch` (where one is given) that fetches that chunk
/// without calling it.
/// Its body gives `Result<T, SplitLoaderError>` for the `T` after `->`;
/// the function is `async` and fails when the chunk does not arrive.
macro_rules! deferred {
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ok:ty,
        in $chunk:ident, prefetch $prefetch:ident $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split(
            $chunk,
            wasm_split_path = ::leptos::wasm_split,
            fallible,
            preload($prefetch)
        )]
        $vis fn $name($($arg: $ty),*) -> Result<$ok, ::leptos::wasm_split::SplitLoaderError> $body

        deferred!(@whole $(#[$meta])* $vis fn $name($($arg: $ty),*) -> $ok $body);

        /// Fetches this screen's code (nothing to fetch in this build).
        #[cfg(not(feature = "split"))]
        $vis async fn $prefetch() -> Result<(), ::leptos::wasm_split::SplitLoaderError> {
            Ok(())
        }
    };
    ($(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ok:ty,
        in $chunk:ident $body:block) => {
        $(#[$meta])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        $vis fn $name($($arg: $ty),*) -> Result<$ok, ::leptos::wasm_split::SplitLoaderError> $body

        deferred!(@whole $(#[$meta])* $vis fn $name($($arg: $ty),*) -> $ok $body);
    };
    // The same function in a build of one module (tests, `trunk serve`
    // without the split step): `async`, so its callers are the same.
    (@whole $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),*) -> $ok:ty $body:block) => {
        $(#[$meta])*
        #[cfg(not(feature = "split"))]
        $vis async fn $name($($arg: $ty),*) -> Result<$ok, ::leptos::wasm_split::SplitLoaderError> $body
    };
}
pub(crate) use deferred;

/// Where a deferred screen is.
#[derive(Clone, Default)]
enum Arrival {
    /// Its code is on its way.
    #[default]
    Waiting,
    /// Here: how to draw it.
    Here(ViewFn),
    /// Its download failed.
    Failed,
}

/// Fetches a screen's code and hands over its drawing, or `None` when the
/// code did not arrive; one type for every screen, so the drawing of
/// [`Deferred`] is compiled once, not once per screen.
type Load = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Option<ViewFn>>>>>;

/// Draws what `load` hands over, "Loading…" (announced) until then, and
/// an offer to try again when the download fails. `quiet` says nothing
/// while waiting instead (for a part of a page, such as the chart above a
/// list, whose page already says it is loading), and `reserve` names the
/// class of an empty box (or `holding` draws what) that holds the part's
/// place meanwhile, so what is below does not jump when it arrives.
#[component]
pub fn Deferred<L, F, E>(
    /// Fetches the screen's code and hands over its drawing.
    load: L,
    /// Whether to say nothing while waiting.
    #[prop(optional)]
    quiet: bool,
    /// The class of a box that holds the place while waiting.
    #[prop(optional)]
    reserve: Option<&'static str>,
    /// What holds the place while waiting, where one box does not.
    #[prop(optional, into)]
    holding: Option<ViewFn>,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<ViewFn, E>> + 'static,
    E: 'static,
{
    let holding = holding.or_else(|| {
        reserve
            .map(|class| ViewFn::from(move || view! { <div class=class aria-hidden="true"></div> }))
    });
    deferred_view(stored(load), quiet, holding)
}

/// `load` as the one [`Load`] type, kept for the view's life.
fn stored<L, F, E>(load: L) -> StoredValue<Load, LocalStorage>
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<ViewFn, E>> + 'static,
    E: 'static,
{
    let load: Load = Box::new(move || Box::pin(async move { load().await.ok() }));
    StoredValue::new_local(load)
}

/// [`Deferred`]'s drawing, for any screen.
fn deferred_view(
    load: StoredValue<Load, LocalStorage>,
    quiet: bool,
    holding: Option<ViewFn>,
) -> AnyView {
    let arrival = RwSignal::new(Arrival::Waiting);
    let fetch = move || {
        arrival.set(Arrival::Waiting);
        let Some(arriving) = load.try_with_value(|load| load()) else {
            return;
        };
        leptos::task::spawn_local(async move {
            let arrived = match arriving.await {
                Some(draw) => Arrival::Here(draw),
                None => Arrival::Failed,
            };
            // The page may have moved on while the code was on its way.
            let _ = arrival.try_set(arrived);
        });
    };
    fetch();
    let waiting = move || arrival.with(|a| matches!(a, Arrival::Waiting)) && !quiet;
    // The live region stays on the page, so what is put into it is read out.
    view! {
        <div class="pc-deferred__status" role="status" aria-live="polite">
            {move || waiting().then(|| view! { <p class="pc-loading">{t(k::deferred::LOADING)}</p> })}
        </div>
        {move || match arrival.get() {
            Arrival::Here(draw) => draw.run(),
            Arrival::Waiting => match &holding {
                Some(holding) => holding.run(),
                None => ().into_any(),
            },
            Arrival::Failed => view! {
                <div class="pc-error" role="alert">
                    <p>{t(k::deferred::FAILED)}</p>
                    <button type="button" class="pc-button" on:click=move |_| fetch()>{t(k::error::TRY_AGAIN)}</button>
                </div>
            }
            .into_any(),
        }}
    }
    .into_any()
}

/// A disclosure (`<details>` of class `class`, its summary the children)
/// whose panel is drawn only while it is open, by [`Deferred`] (quietly:
/// the panel's code is usually here, prefetched): the header's and the
/// lists' menus.
#[component]
pub fn DeferredDisclosure<L, F, E>(
    /// The disclosure's class.
    class: &'static str,
    /// Fetches the panel's code and hands over its drawing.
    load: L,
    /// The summary.
    children: Children,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<ViewFn, E>> + 'static,
    E: 'static,
{
    let open = RwSignal::new(false);
    let load = stored(load);
    view! {
        <details class=class on:toggle=move |ev| {
            open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
        }>
            <summary>{children()}</summary>
            {move || open.get().then(|| deferred_view(load, true, None))}
        </details>
    }
}

/// Fetches every deferred screen's code once the browser is idle (or
/// after two seconds where it cannot tell), so that later clicks draw at
/// once. A failed fetch is left for the screen itself to retry.
pub fn prefetch_when_idle<F: Future<Output = ()> + 'static>(prefetch: fn() -> F) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return;
    };
    let start = Closure::once_into_js(move || leptos::task::spawn_local(prefetch()));
    let start: &js_sys::Function = start.unchecked_ref();
    if window.request_idle_callback(start).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(start, 2000);
    }
}
