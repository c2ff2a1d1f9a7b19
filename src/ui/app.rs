//! The console's shell: a header with one link per connection, and the
//! page the current route names.

use leptos::prelude::*;
use payments_model::Connection;

use super::deferred::{prefetch_when_idle, Deferred};
use super::payment_list::ROWS_ID;
use super::screens;
use super::shortcuts::{ShortcutKeys, ShortcutsButton};
use super::LoadingConnections;
use super::{ChangeNotice, LanguagePicker, PaymentListPage, ZonePicker};
use crate::language::{self, k, t, t_with};
use crate::routing::{Link, Route, Router, RoutingMode};
use crate::state::{
    awaiting_count, tell_requester, Console, Following, Layout, Live, Preferences, Server,
};

/// The whole console.
#[component]
pub fn App(
    /// Where the console keeps its address; the whole page's path by
    /// default.
    #[prop(optional)]
    mode: Option<RoutingMode>,
    /// The page to open when the address names none of the console's.
    #[prop(optional, into)]
    start: Option<String>,
    /// The connections to use instead of the saved and offered ones.
    #[prop(optional)]
    connections: Option<Vec<Connection>>,
    /// A list of connections the host keeps and may change.
    #[prop(optional)]
    shared: Option<RwSignal<Vec<Connection>>>,
    /// Where to send `payments-console:*` events.
    #[prop(optional)]
    events: Option<web_sys::EventTarget>,
    /// Bumped by the host when it gives new credentials for the same
    /// account.
    #[prop(optional)]
    refreshed: Option<RwSignal<u32>>,
) -> impl IntoView {
    let console = Console::provide(connections, shared, events, refreshed);
    Preferences::provide(console);
    let live = Live::provide();
    // Embedded, a console is given where it keeps its address; only a
    // standalone console (the whole page) hears keys pressed on the page.
    let page_keys = mode.is_none();
    let router = Router::provide(
        mode.unwrap_or(RoutingMode::History {
            base: String::new(),
        }),
        start.as_deref().unwrap_or("/"),
    );
    let route = Memo::new(move |_| router.place.with(|p| p.route.clone()));
    let signed_out = Memo::new(move |_| console.server.with(|s| *s == Server::SignedOut));
    // Once the first screen is drawn, the rest of the console's code is
    // fetched while the browser has nothing else to do.
    Effect::new(move |prefetched: Option<bool>| {
        if prefetched == Some(true) {
            return true;
        }
        let drawn = console.ready.get() && !signed_out.get();
        if drawn {
            prefetch_when_idle(screens::prefetch_screens);
        }
        drawn
    });
    // A first screen that is not a list (signed out, another page) takes
    // over from the server's at once.
    Effect::new(move |_| {
        let listing = matches!(route.get(), Route::Home | Route::List { .. });
        if console.ready.get() && (signed_out.get() || !listing) {
            crate::snapshot::take_over();
        }
    });
    follow_changes(console, live);
    let me = Signal::derive(move || match console.server.get() {
        Server::SignedIn(who) => Some(who.name),
        _ => None,
    });
    tell_requester(console, router, me);
    let settled = settled(console);
    let layout = Layout::here();
    // The phone's menu closes when a page opens.
    let menu = RwSignal::new(false);
    let root = NodeRef::<leptos::html::Div>::new();
    let help = RwSignal::new(false);
    Effect::new(move |_| {
        route.track();
        menu.set(false);
    });
    // A new language draws the whole console again in it.
    move || {
        if !language::ready() || !settled.get() {
            return view! { <div class="pc-root" aria-busy="true"></div> }.into_any();
        }
        view! {
        <div class="pc-root" node_ref=root class:pc-comfortable=move || layout.comfortable() lang=language::tag()>
            <a class="pc-skip" href=format!("#{ROWS_ID}") on:click=skip_to_rows>{t(k::page::SKIP)}</a>
            <header class="pc-header" class:pc-header--open=move || menu.get()>
                <Link to=Route::Home class="pc-title">{t(k::console::NAME)}</Link>
                // On a phone the rest is behind "Menu" (signed out, there
                // is only the language).
                {move || (!signed_out.get()).then(|| view! {
                    <button type="button" class="pc-link-button pc-menu-button" aria-controls=MENU_ID
                        aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|m| *m = !*m)>
                        {t(k::nav::MENU)}
                    </button>
                })}
                <div class="pc-header-menu" id=MENU_ID class:pc-header-menu--always=move || signed_out.get()>
                    // Signed out, the page is the sign-in form and nothing
                    // that needs a session.
                    {move || (!signed_out.get()).then(|| view! { <Nav console=console /> })}
                    <div class="pc-header-end">
                        {move || (!signed_out.get()).then(|| view! { <ZonePicker /> })}
                        <LanguagePicker />
                        {move || (!signed_out.get()).then(|| view! { <ShortcutsButton help=help /> })}
                        <Who console=console />
                    </div>
                </div>
            </header>
            <main class="pc-main" id=MAIN_ID tabindex="-1">
                <ChangeNotice console=console router=router />
                {move || if signed_out.get() {
                    // Signed out of the gateway: sign in first, at any
                    // address, then that address's page shows.
                    view! { <Deferred load=screens::sign_in /> }.into_any()
                } else {
                    // A new time zone draws the page again in it.
                    crate::zone::track();
                    page(route.get(), console, router)
                }}
            </main>
            <ShortcutKeys root=root page_keys=page_keys help=help />
        </div>
        }
        .into_any()
    }
}

/// How long after the first screen the page starts following its
/// colleagues' changes (the first screen's requests go first).
const FOLLOW_AFTER_MS: u64 = 1500;

/// Follows colleagues' changes while someone is signed in to the gateway
/// (its code arrives with the other screens'); without a gateway, says
/// that changes are not seen live.
fn follow_changes(console: Console, live: Live) {
    Effect::new(move |_| {
        let ready = console.ready.get();
        console.server.with(|s| match s {
            Server::SignedIn(who) if ready => {
                let after = who.changes_after;
                let start = move || {
                    leptos::task::spawn_local(async move {
                        let _ = screens::follow_changes(live, after).await;
                    })
                };
                set_timeout(start, std::time::Duration::from_millis(FOLLOW_AFTER_MS));
            }
            Server::SignedIn(_) => {}
            Server::SignedOut => live.stop(),
            Server::BrowserOnly => live.set_following(Following::BrowserOnly),
        })
    });
}

/// How long the console waits for the session and the connections before
/// drawing its shell without them.
const SETTLE_MS: u64 = 400;

/// Whether to draw the console's shell: once the session and connections
/// are known, so that the header is drawn whole and does not grow by a
/// line (pushing the page down) when the connections arrive. The page
/// asks for both while the module downloads, so on a first visit they are
/// here when it starts; where they are slow, the shell is drawn after
/// [`SETTLE_MS`] anyway, saying that it is loading.
fn settled(console: Console) -> Signal<bool> {
    let waited = RwSignal::new(false);
    // A console given its connections (embedded) is ready at once; the
    // timer of one that is not ends with it.
    if !console.ready.get_untracked() {
        let wait = set_timeout_with_handle(
            move || {
                let _ = waited.try_set(true);
            },
            std::time::Duration::from_millis(SETTLE_MS),
        );
        if let Ok(timer) = wait {
            on_cleanup(move || timer.clear());
        }
    }
    Signal::derive(move || console.ready.get() || waited.get())
}

fn page(route: Route, console: Console, router: Router) -> AnyView {
    match route {
        Route::Home => view! { <Home console=console router=router /> }.into_any(),
        Route::Connections => view! { <Deferred load=screens::connections /> }.into_any(),
        Route::Activity => view! { <Deferred load=screens::activity /> }.into_any(),
        Route::Sessions => view! { <Deferred load=screens::sessions /> }.into_any(),
        Route::Approvals => view! { <Deferred load=screens::approvals /> }.into_any(),
        Route::Approval { id } => {
            let me = match console.server.get_untracked() {
                Server::SignedIn(who) => Some(who.name),
                _ => None,
            };
            let me = StoredValue::new(me);
            view! { <Deferred load=move || screens::approval(id, me.get_value()) /> }.into_any()
        }
        Route::All => view! { <Deferred load=screens::all_payments /> }.into_any(),
        Route::List { connection_id } => view! { <PaymentListPage connection_id=connection_id /> }.into_any(),
        Route::New { connection_id } => {
            payment_screen(connection_id, String::new(), PaymentScreen::Form { editing: false })
        }
        Route::Detail { connection_id, pid } => payment_screen(connection_id, pid, PaymentScreen::Page),
        Route::Edit { connection_id, pid } => {
            payment_screen(connection_id, pid, PaymentScreen::Form { editing: true })
        }
        Route::NotFound => view! {
            <p class="pc-notice">{t(k::page::NOT_FOUND)}" "<Link to=Route::Home>{t(k::page::GO_TO_START)}</Link></p>
        }
        .into_any(),
    }
}

/// What a payment's screen shows.
#[derive(Clone, Copy)]
enum PaymentScreen {
    /// Its page.
    Page,
    /// The form, editing it or (with an empty id) creating one.
    Form { editing: bool },
}

/// A payment's page or form, whose code arrives when first used.
fn payment_screen(connection_id: String, pid: String, screen: PaymentScreen) -> AnyView {
    // The loader is called again on "Try again", so it owns copies.
    let load = StoredValue::new((connection_id, pid));
    view! {
        <Deferred load=move || {
            let (connection_id, pid) = load.get_value();
            async move {
                match screen {
                    PaymentScreen::Page => screens::payment_detail(connection_id, pid).await,
                    PaymentScreen::Form { editing } => {
                        screens::payment_form(connection_id, pid, editing).await
                    }
                }
            }
        } />
    }
    .into_any()
}

/// One link per connection, and the connections page.
#[component]
fn Nav(
    /// The console state.
    console: Console,
) -> impl IntoView {
    view! {
        <nav class="pc-nav" aria-label=t(k::nav::LABEL)>
            <ul>
                <li><Link to=Route::All nav=true>{t(k::nav::ALL_PAYMENTS)}</Link></li>
                <For each=move || console.connections.get() key=|c| (c.id.clone(), c.name.clone()) let:c>
                    <li><Link to=Route::List { connection_id: c.id.clone() } nav=true>{c.name.clone()}</Link></li>
                </For>
                <li><Link to=Route::Connections nav=true>{t(k::nav::CONNECTIONS)}</Link></li>
                {move || matches!(console.server.get(), Server::SignedIn(_)).then(|| view! {
                    <li><Link to=Route::Activity nav=true>{t(k::nav::ACTIVITY)}</Link></li>
                })}
            </ul>
        </nav>
    }
}

/// Who is signed in to the gateway, and "Sign out".
#[component]
fn Who(
    /// The console state.
    console: Console,
) -> impl IntoView {
    move || match console.server.get() {
        Server::SignedIn(who) => {
            let role = who.role.to_string();
            let words = t_with(
                k::who::SIGNED_IN_AS,
                &[("name", &who.name), ("role", &role)],
            );
            view! {
                <div class="pc-who">
                    <span>{words}</span>
                    {who.approvals.then(|| view! { <ApprovalsLink /> })}
                    <Link to=Route::Sessions nav=true>{t(k::who::SESSIONS)}</Link>
                    <button type="button" class="pc-link-button"
                        on:click=move |_| leptos::task::spawn_local(async move { console.sign_out().await })>
                        {t(k::who::SIGN_OUT)}
                    </button>
                </div>
            }
            .into_any()
        }
        _ => ().into_any(),
    }
}

/// The id of what a phone's "Menu" opens.
const MENU_ID: &str = "pc-header-menu";

/// The id of the page's main area, where "Skip to the payments" leads on
/// a page without rows.
const MAIN_ID: &str = "pc-main";

/// "Skip to the payments": the focus moves to the list's rows (a long
/// list's scrolling region itself; where a page has none, the page
/// itself), past the header and the filters.
fn skip_to_rows(ev: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    ev.prevent_default();
    let rows = crate::roots::element_by_id(ROWS_ID);
    let region = rows
        .as_ref()
        .and_then(|r| r.query_selector(".pc-table-scroll").ok().flatten())
        .and_then(|r| r.dyn_into::<web_sys::HtmlElement>().ok());
    let target = region
        .or(rows)
        .or_else(|| crate::roots::element_by_id(MAIN_ID));
    if let Some(el) = target {
        let _ = el.focus();
    }
}

/// "Approvals", with how many wait for the person's decision.
#[component]
fn ApprovalsLink() -> impl IntoView {
    let awaiting = awaiting_count();
    let words = move || match awaiting.get() {
        Some(n) if n > 0 => t_with(k::approvals::LINK_WAITING, &[("count", &n.to_string())]),
        _ => t(k::approvals::LINK),
    };
    view! { <Link to=Route::Approvals nav=true>{words}</Link> }
}

/// The start page: the first connection's payments, or the connections
/// page when there is none.
#[component]
fn Home(
    /// The console state.
    console: Console,
    /// The router.
    router: Router,
) -> impl IntoView {
    Effect::new(move |_| {
        if !console.ready.get() {
            return;
        }
        let to = match console
            .connections
            .with(|cs| cs.first().map(|c| c.id.clone()))
        {
            Some(id) => Route::List { connection_id: id },
            None => Route::Connections,
        };
        router.go(to, true);
    });
    view! { <LoadingConnections /> }
}
