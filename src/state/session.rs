//! The sign-in controller: the name and password typed, the sign-in in
//! flight and why it failed; on success the console loads the gateway's
//! connections and the page the address names is shown.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Console;
use crate::api;

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
            failure: RwSignal::new(None),
            console: Console::get(),
        }
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
            self.failure.set(Some(missing.into()));
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
                    c.failure.set(Some(e.message));
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

/// Whether a failed sign-in asks for the account's one-time code.
pub fn asks_for_code(e: &payments_model::ApiError) -> bool {
    e.fields.iter().any(|f| f.field == api::gateway::CODE_FIELD)
}

/// The message for a blank field, if any.
pub fn missing(name: &str, password: &str) -> Option<&'static str> {
    if name.trim().is_empty() {
        Some("Enter your name.")
    } else if password.is_empty() {
        Some("Enter your password.")
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
            payments_model::ApiError::new(payments_model::ErrorKind::Invalid, "Enter the code.");
        assert!(!asks_for_code(&e));
        e.fields.push(payments_model::error::FieldError {
            field: "code".into(),
            message: "Enter the code.".into(),
        });
        assert!(asks_for_code(&e));
    }

    #[test]
    fn blank_fields_are_named_before_anything_is_sent() {
        assert_eq!(missing(" ", "pw"), Some("Enter your name."));
        assert_eq!(missing("ada", ""), Some("Enter your password."));
        assert_eq!(missing("ada", " "), None, "a password may be spaces");
    }
}
