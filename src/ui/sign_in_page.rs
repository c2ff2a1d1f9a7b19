//! The sign-in page, shown at any address while the gateway has nobody
//! signed in; after signing in, the page the address names appears.

use leptos::prelude::*;

use super::controls::focus_later;
use crate::language::{k, t, t_with};
use crate::state::SignInController;

/// Name, password (and the one-time code, for an account with a second
/// factor, once the server asks for it) and "Sign in", with the reason a
/// try failed.
#[component]
pub fn SignInPage() -> impl IntoView {
    let c = SignInController::new();
    c.load_options();
    let local = move || c.options.with(|o| o.local);
    let sso = move || c.options.with(|o| o.sso.clone());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        c.submit();
    };
    // A failure is about the code once the server asked for one, and
    // about the name and password before.
    let failed = move || c.failure.with(Option::is_some);
    let invalid = move || (failed() && !c.needs_code.get()).to_string();
    let code_invalid = move || (failed() && c.needs_code.get()).to_string();
    // When the server asks for the one-time code, its field takes the focus.
    Effect::new(move |_| {
        if c.needs_code.get() {
            focus_later("pc-sign-in-code".into());
        }
    });
    view! {
        <section class="pc-sign-in" aria-labelledby="pc-sign-in-title">
            <h2 id="pc-sign-in-title">{t(k::sign_in::TITLE)}</h2>
            <p class="pc-hint">{t(k::sign_in::HINT)}</p>
            {move || sso().map(|(name, start)| view! {
                <p class="pc-actions">
                    <a class="pc-button" href=start rel="external">{t_with(k::sign_in::WITH, &[("provider", &name)])}</a>
                </p>
            })}
            {move || (!local()).then(|| view! {
                <p id="pc-sign-on-error" class="pc-field-error" role="alert">{move || c.failure.get()}</p>
            })}
            <form class="pc-form pc-card" novalidate on:submit=submit hidden=move || !local()>
                <div class="pc-field">
                    <label for="pc-sign-in-name">{t(k::sign_in::NAME)}</label>
                    <input id="pc-sign-in-name" name="name" autocomplete="username" required=true
                        aria-invalid=invalid aria-describedby="pc-sign-in-error"
                        prop:value=move || c.name.get() on:input=move |ev| c.name.set(event_target_value(&ev)) />
                </div>
                <div class="pc-field">
                    <label for="pc-sign-in-password">{t(k::sign_in::PASSWORD)}</label>
                    <input id="pc-sign-in-password" name="password" type="password" autocomplete="current-password"
                        required=true aria-invalid=invalid aria-describedby="pc-sign-in-error"
                        prop:value=move || c.password.get() on:input=move |ev| c.password.set(event_target_value(&ev)) />
                </div>
                {move || c.needs_code.get().then(|| view! {
                    <div class="pc-field">
                        <label for="pc-sign-in-code">{t(k::sign_in::CODE)}</label>
                        <input id="pc-sign-in-code" name="code" inputmode="numeric" autocomplete="one-time-code"
                            maxlength="6" required=true aria-invalid=code_invalid aria-describedby="pc-sign-in-error"
                            prop:value=move || c.code.get() on:input=move |ev| c.code.set(event_target_value(&ev)) />
                    </div>
                })}
                <p id="pc-sign-in-error" class="pc-field-error" role="alert">{move || c.failure.get()}</p>
                <div class="pc-actions">
                    <button type="submit" class="pc-button" aria-disabled=move || c.busy.get().to_string()>{t(k::sign_in::SUBMIT)}</button>
                    <span class="pc-saving" role="status">{move || c.busy.get().then(|| t(k::sign_in::BUSY))}</span>
                </div>
            </form>
        </section>
    }
}
