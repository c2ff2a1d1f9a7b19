//! Four eyes in the console: the Approvals page's list (filtered by
//! state, or those waiting for the reader's decision), one request's page
//! (read again when opened and whenever news of it arrives; approving,
//! rejecting with a reason, and approving again after seeing what
//! changed), the header's count of requests waiting for the reader, and
//! the words each needs. The gateway decides everything; these hold what
//! it said.

use leptos::prelude::*;
use leptos::task::spawn_local;
use payments_model::approval::{
    ApprovalList, ApprovalRequest, ApprovalState, Decide, Held, Item, ItemOutcome,
};
use payments_model::version::Conflict;
use payments_model::ApiError;

use super::versions::changes_named;
use super::{Console, Live, Notice};
use crate::api;
use crate::language::{k, say, say_error, t, t_with};
use crate::routing::Router;

/// A state, in words.
pub fn state_words(s: ApprovalState) -> String {
    t(s.word())
}

/// What came of one write, in words.
pub fn outcome_words(o: &ItemOutcome) -> String {
    match o {
        ItemOutcome::Done => t(k::approvals::OUTCOME_DONE),
        ItemOutcome::Refused(why) => {
            t_with(k::approvals::OUTCOME_REFUSED, &[("reason", &say(why))])
        }
        ItemOutcome::Unknown(why) => {
            t_with(k::approvals::OUTCOME_UNKNOWN, &[("reason", &say(why))])
        }
        ItemOutcome::Changed(changes) => t_with(
            k::approvals::OUTCOME_CHANGED,
            &[("changes", &changes_named(changes, &str::to_string))],
        ),
    }
}

/// The payment a write is to, in words.
pub fn item_label(item: &Item) -> String {
    match &item.payment_id {
        Some(id) => t_with(k::approvals::PAYMENT, &[("id", id)]),
        None => t(k::approvals::NEW_PAYMENT),
    }
}

/// What a held write tells the person who sent it.
pub fn held_words(h: &Held) -> String {
    t_with(k::approvals::SENT, &[("rule", &h.rule)])
}

/// The list's state.
#[derive(Clone, Copy)]
pub struct ApprovalsController {
    /// Only requests in this state (any for `None`).
    pub state: RwSignal<Option<ApprovalState>>,
    /// Only those waiting for the reader's decision.
    pub awaiting_me: RwSignal<bool>,
    pub list: RwSignal<Option<Result<ApprovalList, ApiError>>>,
}

impl Default for ApprovalsController {
    fn default() -> Self {
        ApprovalsController::new()
    }
}

impl ApprovalsController {
    /// Reads the list now, when a filter changes and when news arrives.
    pub fn new() -> ApprovalsController {
        let c = ApprovalsController {
            state: RwSignal::new(None),
            awaiting_me: RwSignal::new(false),
            list: RwSignal::new(None),
        };
        let live = Live::here();
        Effect::new(move |_| {
            let (state, awaiting) = (c.state.get(), c.awaiting_me.get());
            live.approval.track();
            spawn_local(async move {
                let read = api::approvals::list(state, awaiting).await;
                let _ = c.list.try_set(Some(read));
            });
        });
        c
    }
}

/// One request's page.
#[derive(Clone, Copy)]
pub struct ApprovalController {
    id: i64,
    pub request: RwSignal<Option<Result<ApprovalRequest, ApiError>>>,
    /// The person's words for their decision.
    pub reason: RwSignal<String>,
    pub busy: RwSignal<bool>,
    /// What the last decision came to, for the live region.
    pub said: RwSignal<Option<String>>,
    /// Why the last decision was refused.
    pub error: RwSignal<Option<ApiError>>,
    /// The payment changed since the request: what changed, asking again.
    pub changed: RwSignal<Option<Conflict>>,
    reload: RwSignal<u32>,
}

impl ApprovalController {
    /// Request `id`, read now, again after each decision and whenever
    /// news of it arrives.
    pub fn new(id: i64) -> ApprovalController {
        let c = ApprovalController {
            id,
            request: RwSignal::new(None),
            reason: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            said: RwSignal::new(None),
            error: RwSignal::new(None),
            changed: RwSignal::new(None),
            reload: RwSignal::new(0),
        };
        let live = Live::here();
        let news = Memo::new(move |_| {
            live.approval
                .with(|n| n.as_ref().filter(|n| n.id == id).map(|n| n.state))
        });
        Effect::new(move |_| {
            c.reload.track();
            news.track();
            spawn_local(async move {
                let read = api::approvals::one(id).await;
                let _ = c.request.try_set(Some(read));
            });
        });
        c
    }

    /// Approves it: after seeing what changed since, as it is now.
    pub fn approve(&self) {
        self.decide(true);
    }

    /// Rejects it, with the reason given.
    pub fn reject(&self) {
        self.decide(false);
    }

    fn decide(&self, approve: bool) {
        if self.busy.get_untracked() {
            return;
        }
        let c = *self;
        let decision = Decide {
            reason: c.reason.get_untracked(),
            despite_changes: approve && c.changed.with_untracked(Option::is_some),
        };
        c.busy.set(true);
        c.error.set(None);
        c.said.set(Some(t(k::approvals::WORKING)));
        spawn_local(async move {
            let answer = api::approvals::decide(c.id, approve, &decision).await;
            let _ = c.busy.try_set(false);
            match answer {
                Ok(r) => {
                    let state = state_words(r.summary.state);
                    c.said
                        .set(Some(t_with(k::approvals::DECIDED, &[("state", &state)])));
                    c.changed.set(None);
                    c.reason.set(String::new());
                    c.request.set(Some(Ok(r)));
                }
                Err(e) => {
                    c.said.set(Some(say_error(&e)));
                    if let Some(conflict) = &e.conflict {
                        c.changed.set(Some((**conflict).clone()));
                        c.reload.update(|n| *n += 1);
                    }
                    c.error.set(Some(e));
                }
            }
        });
    }
}

/// Tells `me` of their own requests' news as it arrives (decided,
/// carried out, expired), in the notice at the top of the page.
pub fn tell_requester(console: Console, router: Router, me: Signal<Option<String>>) {
    let live = Live::here();
    Effect::new(move |_| {
        let Some(news) = live.approval.get() else {
            return;
        };
        let mine = me.with_untracked(|m| m.as_deref() == Some(news.requested_by.as_str()));
        if mine && news.state != ApprovalState::Waiting {
            let at = router.place.get_untracked();
            console.notice.set(Some(Notice::approval(&news, at)));
        }
    });
}

/// How many requests wait for the signed-in person's decision (the
/// header's count), read again whenever news of any arrives; `None`
/// until read, or when it cannot be.
pub fn awaiting_count() -> Signal<Option<u64>> {
    let count = RwSignal::new(None);
    let live = Live::here();
    let console = use_context::<Console>();
    Effect::new(move |_| {
        live.approval.track();
        // After the first screen's own requests.
        if console.is_some_and(|c| !c.ready.get()) {
            return;
        }
        spawn_local(async move {
            let read = api::approvals::awaiting().await;
            let _ = count.try_set(read.ok());
        });
    });
    count.into()
}
