//! The sign-in controller: the name and password typed, the sign-in in
//! flight and why it failed; on success the console loads the gateway's
//! connections and the page the address names is shown.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Console;
use crate::api;
use crate::language::{k, say_refusal, t};

/// The sign-in form's state.
#[derive(Clone, Copy)]
pub struct SignInController {
    pub name: RwSignal<String>,
    pub password: RwSignal<String>,
    /// The one-time code, once the server asked for one.
    pub code: RwSignal<String>,
    /// Whether the account needs its one-time code.
    pub needs_code: RwSignal<bool>,
    pub busy: RwSignal<bool>,
    /// Why the last try failed, in words.
    pub failure: RwSignal<Option<String>>,
    /// How this server signs people in.
    pub options: RwSignal<api::gateway::SignInOptions>,
    console: Console,
}

impl SignInController {
    pub fn new() -> SignInController {
        SignInController {
            name: RwSignal::new(String::new()),
            password: RwSignal::new(String::new()),
            code: RwSignal::new(String::new()),
            needs_code: RwSignal::new(false),
            busy: RwSignal::new(false),
            failure: RwSignal::new(sso_refusal(&page_query())),
            options: RwSignal::new(api::gateway::SignInOptions::from_body("")),
            console: Console::get(),
        }
    }

    /// Asks the server how people sign in (its single sign-on button).
    pub fn load_options(&self) {
        let options = self.options;
        spawn_local(async move {
            options.set(api::gateway::sign_in_options().await);
        });
    }

    /// Signs in with what was typed; a blank field is named first.
    pub fn submit(&self) {
        if self.busy.get_untracked() {
            return;
        }
        let (name, password, code) = (
            self.name.get_untracked(),
            self.password.get_untracked(),
            self.code.get_untracked(),
        );
        if let Some(missing) = missing(&name, &password) {
            self.failure.set(Some(missing));
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        let c = *self;
        spawn_local(async move {
            match api::gateway::sign_in(name.trim(), &password, &code).await {
                Ok(who) => {
                    c.password.set(String::new());
                    c.code.set(String::new());
                    c.console.signed_in(who).await;
                }
                Err(e) => {
                    if asks_for_code(&e) {
                        c.needs_code.set(true);
                        c.code.set(String::new());
                    }
                    c.failure.set(Some(say_refusal(&e)));
                }
            }
            c.busy.set(false);
        });
    }
}

impl Default for SignInController {
    fn default() -> Self {
        SignInController::new()
    }
}

/// The page address's query (`?sign_in=…` after a refused sign-on).
fn page_query() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Why the server refused a single sign-on, from the reason code it
/// sends the browser back with (`?sign_in=no-role`); our words, never
/// text taken from the address.
pub fn sso_refusal(query: &str) -> Option<String> {
    let code = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("sign_in="))?;
    Some(t(match code {
        "no-role" => k::sso::NO_ROLE,
        "domain" => k::sso::DOMAIN,
        "unavailable" => k::sso::UNAVAILABLE,
        "too-many" => k::sso::TOO_MANY,
        _ => k::sso::FAILED,
    }))
}

/// Whether a failed sign-in asks for the account's one-time code.
pub fn asks_for_code(e: &payments_model::ApiError) -> bool {
    e.fields.iter().any(|f| f.field == api::gateway::CODE_FIELD)
}

/// The message for a blank field, if any.
pub fn missing(name: &str, password: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some(t(k::sign_in::ENTER_NAME))
    } else if password.is_empty() {
        Some(t(k::sign_in::ENTER_PASSWORD))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_naming_the_code_asks_for_it() {
        let mut e =
            payments_model::ApiError::new(payments_model::ErrorKind::Invalid, k::sign_in::CODE);
        assert!(!asks_for_code(&e));
        e.fields.push(payments_model::error::FieldError {
            field: "code".into(),
            message: k::sign_in::CODE.into(),
        });
        assert!(asks_for_code(&e));
    }

    #[test]
    fn a_refused_sign_on_is_told_in_our_words() {
        assert!(sso_refusal("?sign_in=no-role").unwrap().contains("no role"));
        assert!(sso_refusal("?x=1&sign_in=domain")
            .unwrap()
            .contains("domain"));
        assert!(sso_refusal("?sign_in=<script>")
            .unwrap()
            .contains("did not succeed"));
        assert_eq!(sso_refusal("?page=2"), None);
        assert_eq!(sso_refusal(""), None);
    }

    #[test]
    fn sign_in_options_offer_only_this_server_s_paths() {
        use api::gateway::SignInOptions;
        let o = SignInOptions::from_body(
            r#"{"local": false, "sso": {"name": "Company SSO", "start": "/gateway/oidc/start"}}"#,
        );
        assert!(!o.local);
        assert_eq!(o.sso.unwrap().0, "Company SSO");
        let elsewhere = SignInOptions::from_body(
            r#"{"local": true, "sso": {"name": "X", "start": "https://evil.example/"}}"#,
        );
        assert_eq!(elsewhere.sso, None);
        assert!(SignInOptions::from_body("not json").local);
    }

    #[test]
    fn blank_fields_are_named_before_anything_is_sent() {
        assert_eq!(missing(" ", "pw").as_deref(), Some("Enter your name."));
        assert_eq!(missing("ada", "").as_deref(), Some("Enter your password."));
        assert_eq!(missing("ada", " "), None, "a password may be spaces");
    }
}
