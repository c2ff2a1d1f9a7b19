//! Working beside colleagues, drawn: what changed since a form read its
//! payment and the three choices ([`ConflictPanel`]), a colleague's
//! change heard on a payment's page or form ([`HeardNotice`]), and a
//! list's "3 payments changed · Show" ([`ChangedBanner`]). Each says its
//! news in a live region; the views only draw the controllers' state.

use leptos::prelude::*;
use payments_model::live::LiveChange;
use payments_model::Vendor;

use crate::language::{k, t, t_count};
use crate::state::{
    changes_words, conflict_lead, live_words, Console, Following, FormController, Live, Server,
};

/// The signed-in person's name, to tell their own changes from others'.
pub fn me() -> Option<String> {
    use_context::<Console>()?
        .server
        .with_untracked(|s| match s {
            Server::SignedIn(who) => Some(who.name.clone()),
            _ => None,
        })
}

/// Without a gateway: that colleagues' changes are not seen live (a save
/// still checks the payment has not changed just before).
#[component]
pub fn NotLiveHint() -> impl IntoView {
    let live = Live::here();
    move || {
        (live.following() == Following::BrowserOnly)
            .then(|| view! { <p class="pc-hint">{t(k::live::BROWSER_ONLY)}</p> })
    }
}

/// A form's save found the payment changed since it was read: who
/// changed what, and what the person can do. It takes the focus when it
/// appears (`id`).
#[component]
pub fn ConflictPanel(
    c: FormController,
    /// The panel's element id.
    id: String,
) -> impl IntoView {
    let vendor: &'static dyn Vendor = c.connection().vendor;
    view! {
        {move || c.conflict.get().map(|conflict| {
            let gone = conflict.gone;
            view! {
                <div id=id.clone() class="pc-conflict" role="alert" tabindex="-1">
                    <h3>{t(k::conflict::TITLE)}</h3>
                    <p>{conflict_lead(&conflict)}</p>
                    {(!gone).then(|| view! {
                        <ul class="pc-conflict__changes">
                            {conflict.changes.iter().map(|ch| {
                                view! { <li>{changes_words(vendor, std::slice::from_ref(ch))}</li> }
                            }).collect_view()}
                        </ul>
                    })}
                    <div class="pc-actions">
                        {(!gone).then(|| view! {
                            <button type="button" class="pc-button" on:click=move |_| c.keep_mine()>
                                {t(k::conflict::KEEP_MINE)}</button>
                            <button type="button" class="pc-link-button" on:click=move |_| c.take_theirs()>
                                {t(k::conflict::TAKE_THEIRS)}</button>
                        })}
                        <button type="button" class="pc-link-button pc-danger" on:click=move |_| c.overwrite()>
                            {t(k::conflict::OVERWRITE)}</button>
                    </div>
                </div>
            }
        })}
        <p class="pc-conflict__said" role="status">{move || c.said.get()}</p>
    }
}

/// A colleague's change to the payment shown, heard since it was read,
/// with what to do about it (`action`, when there is something to do).
#[component]
pub fn HeardNotice(
    vendor: &'static dyn Vendor,
    heard: Memo<Option<LiveChange>>,
    /// The button's words and what it does.
    #[prop(optional)]
    action: Option<(String, Callback<()>)>,
) -> impl IntoView {
    let me = me();
    view! {
        <div class="pc-heard" role="status" aria-live="polite">
            {move || heard.get().map(|change| {
                let words = live_words(vendor, &change, me.as_deref());
                let button = action.clone().map(|(label, run)| view! {
                    <button type="button" class="pc-link-button" on:click=move |_| run.run(())>{label}</button>
                });
                view! { <p class="pc-notice">{words}" "{button}</p> }
            })}
        </div>
    }
}

/// "3 payments changed since this list was read · Show": the payments of
/// `connection`'s list (every connection's for `None`) that colleagues
/// changed since it was read at `read_at`; nothing when none did. It
/// sits in its list's live region.
#[component]
pub fn ChangedBanner(
    connection: Option<String>,
    read_at: RwSignal<i64>,
    on_show: Callback<()>,
) -> impl IntoView {
    let live = Live::here();
    move || {
        let changed = live
            .log
            .with(|l| l.count_since(read_at.get(), connection.as_deref()))?;
        let words = if changed == 0 {
            t(k::live::LIST_MISSED)
        } else {
            t_count(k::live::LIST_CHANGED, changed, &[])
        };
        Some(view! {
            <p class="pc-changed__banner">{words}" "
                <button type="button" class="pc-link-button" on:click=move |_| on_show.run(())>
                    {t(k::live::SHOW)}</button>
            </p>
        })
    }
}
