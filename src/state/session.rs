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
        let (name, password) = (self.name.get_untracked(), self.password.get_untracked());
        if let Some(missing) = missing(&name, &password) {
            self.failure.set(Some(missing.into()));
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        let c = *self;
        spawn_local(async move {
            match api::gateway::sign_in(name.trim(), &password).await {
                Ok(who) => {
                    c.password.set(String::new());
                    c.console.signed_in(who).await;
                }
                Err(e) => c.failure.set(Some(e.message)),
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
    fn blank_fields_are_named_before_anything_is_sent() {
        assert_eq!(missing(" ", "pw"), Some("Enter your name."));
        assert_eq!(missing("ada", ""), Some("Enter your password."));
        assert_eq!(missing("ada", " "), None, "a password may be spaces");
    }
}
