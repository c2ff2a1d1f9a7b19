//! The Sessions page's state: the person's sessions on the gateway (this
//! one first, then by when each was last used), and ending one or every
//! other one, with what came of it said in words for the page's live
//! region. Only other sessions are offered to end; this one ends with
//! "Sign out".

use leptos::prelude::*;
use leptos::task::spawn_local;
use payments_model::session::{SessionRow, SignInMethod};
use payments_model::ApiError;

use crate::api;
use crate::language::{k, say_error, t, t_count, t_with};

/// What the last action came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionsSaid {
    /// One session ended.
    Ended,
    /// This many other sessions ended.
    EndedOthers(u64),
    /// Ending failed.
    Failed(ApiError),
}

impl SessionsSaid {
    pub fn words(&self) -> String {
        match self {
            SessionsSaid::Ended => t(k::sessions::ENDED),
            SessionsSaid::EndedOthers(n) => t_count(
                k::sessions::ENDED_OTHERS,
                usize::try_from(*n).unwrap_or(usize::MAX),
                &[],
            ),
            SessionsSaid::Failed(e) => t_with(k::sessions::NOT_ENDED, &[("reason", &say_error(e))]),
        }
    }
}

/// This session first, then the others by when they were last used,
/// the most recent first.
pub fn ordered(mut rows: Vec<SessionRow>) -> Vec<SessionRow> {
    rows.sort_by(|a, b| {
        b.current
            .cmp(&a.current)
            .then(b.last_seen.cmp(&a.last_seen))
            .then(a.id.cmp(&b.id))
    });
    rows
}

/// The browser and system a session was started from, in words.
pub fn browser_words(row: &SessionRow) -> String {
    match (&row.browser, &row.system) {
        (Some(b), Some(s)) => t_with(
            k::sessions::BROWSER_ON,
            &[("browser", b.as_str()), ("system", s.as_str())],
        ),
        (Some(one), None) | (None, Some(one)) => one.clone(),
        (None, None) => t(k::sessions::UNKNOWN_BROWSER),
    }
}

/// How a session's person signed in, in words.
pub fn method_words(method: SignInMethod) -> String {
    t(match method {
        SignInMethod::Password => k::sessions::BY_PASSWORD,
        SignInMethod::SingleSignOn => k::sessions::BY_SINGLE_SIGN_ON,
    })
}

/// The page's state.
#[derive(Clone, Copy)]
pub struct SessionsController {
    /// The sessions, once read (or why they could not be).
    pub rows: RwSignal<Option<Result<Vec<SessionRow>, ApiError>>>,
    /// Whether an action is under way.
    pub busy: RwSignal<bool>,
    /// What the last action came to.
    pub said: RwSignal<Option<SessionsSaid>>,
    reload: RwSignal<u32>,
}

impl Default for SessionsController {
    fn default() -> Self {
        SessionsController::new()
    }
}

impl SessionsController {
    /// Reads the sessions now and after each action.
    pub fn new() -> SessionsController {
        let c = SessionsController {
            rows: RwSignal::new(None),
            busy: RwSignal::new(false),
            said: RwSignal::new(None),
            reload: RwSignal::new(0),
        };
        Effect::new(move |_| {
            c.reload.track();
            spawn_local(async move {
                let read = api::sessions::list().await.map(ordered);
                let _ = c.rows.try_set(Some(read));
            });
        });
        c
    }

    /// Whether any session but this one is listed.
    pub fn has_others(&self) -> bool {
        self.rows
            .with(|r| matches!(r, Some(Ok(rows)) if rows.iter().any(|s| !s.current)))
    }

    /// Ends the session `id`.
    pub fn end(&self, id: String) {
        self.act(async move { api::sessions::end(&id).await.map(|()| SessionsSaid::Ended) });
    }

    /// Ends every session but this one.
    pub fn end_others(&self) {
        self.act(async move {
            api::sessions::end_others()
                .await
                .map(SessionsSaid::EndedOthers)
        });
    }

    fn act(
        &self,
        action: impl std::future::Future<Output = Result<SessionsSaid, ApiError>> + 'static,
    ) {
        if self.busy.get_untracked() {
            return;
        }
        let c = *self;
        c.busy.set(true);
        c.said.set(None);
        spawn_local(async move {
            let said = action.await.unwrap_or_else(SessionsSaid::Failed);
            let _ = c.said.try_set(Some(said));
            let _ = c.busy.try_set(false);
            let _ = c.reload.try_update(|n| *n += 1);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, current: bool, last_seen: i64) -> SessionRow {
        SessionRow {
            id: id.into(),
            method: SignInMethod::Password,
            started: 1,
            last_seen,
            browser: Some("Firefox".into()),
            system: Some("Linux".into()),
            address: "10.0.0.1".into(),
            current,
        }
    }

    #[test]
    fn this_session_comes_first_then_the_most_recently_used() {
        let rows = ordered(vec![
            row("a", false, 10),
            row("b", true, 5),
            row("c", false, 30),
        ]);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "a"]);
    }

    #[test]
    fn a_browser_is_named_with_its_system_or_alone() {
        let mut r = row("a", false, 1);
        assert_eq!(browser_words(&r), "Firefox on Linux");
        r.system = None;
        assert_eq!(browser_words(&r), "Firefox");
        r.browser = None;
        assert_eq!(browser_words(&r), "Unknown browser");
    }

    #[test]
    fn what_came_of_an_action_is_said() {
        assert_eq!(
            SessionsSaid::EndedOthers(1).words(),
            "1 other session was ended."
        );
        assert_eq!(
            SessionsSaid::EndedOthers(3).words(),
            "3 other sessions were ended."
        );
        assert_eq!(SessionsSaid::Ended.words(), "The session was ended.");
    }
}
