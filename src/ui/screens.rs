//! What a first visit does not draw first, and the work it does not do
//! (see [`super::deferred`]): what each screen draws, the export's work,
//! and [`prefetch_screens`], which fetches them.
//!
//! Most share one split-off module, `screens`: measured, one module is
//! 21 KB (brotli) smaller in all than one per screen (each module repeats
//! what it shares with the others, and compresses alone), and it is one
//! request; the idle prefetch fetches it after the first screen anyway.
//! Three that a first visit needs soon, or first, are modules of their
//! own, so that none waits for the rest: a payment's page (`detail`), a
//! list's filters (`filters`) and the sign-in form (`sign_in`). A screen
//! given a chunk name of its own here gets a module of its own.

use leptos::prelude::*;
use payments_model::chart::Volume;
use payments_model::columns::Column;
use payments_model::local::LocalView;
use payments_model::{Connection, ListQuery};

use super::bulk::{BulkPanel, BulkTarget};
use super::column_chooser::ColumnPanel;
use super::deferred::deferred;
use super::list_filters::ListFilters;
use super::saved_views::ViewsPanel;
use super::shortcuts::{self, ShortcutList};
use super::versions::ChangedBanner;
use super::zone_picker::ZoneChoice;
use super::{
    ActivityPage, AllPaymentsPage, ApprovalPage, ApprovalsPage, ConnectionsPage, PaymentDetailPage,
    PaymentFormPage, SessionsPage, SignInPage, VolumeChart,
};
use crate::routing::Router;
use crate::state::shortcuts::Shortcut;
use crate::state::{
    BulkController, ColumnsController, ExportController, ListController, Live, Shown,
};

deferred! {
    /// "New payment" and "Edit payment".
    pub fn payment_form(connection_id: String, pid: String, editing: bool)
        -> ViewFn, in screens, prefetch prefetch_forms
    {
        Ok(ViewFn::from(move || view! {
            <PaymentFormPage connection_id=connection_id.clone() pid=pid.clone() editing=editing />
        }))
    }
}

deferred! {
    /// A payment's page.
    pub fn payment_detail(connection_id: String, pid: String) -> ViewFn, in detail, prefetch prefetch_detail {
        Ok(ViewFn::from(move || view! {
            <PaymentDetailPage connection_id=connection_id.clone() pid=pid.clone() />
        }))
    }
}

deferred! {
    /// The controls of a connection's list (its filter form's contents).
    pub fn list_filters(list: ListController) -> ViewFn, in filters, prefetch prefetch_filters {
        Ok(ViewFn::from(move || view! { <ListFilters list=list /> }))
    }
}

deferred! {
    /// The sign-in page (not prefetched: who is signed in does not need it).
    pub fn sign_in() -> ViewFn, in sign_in {
        Ok(ViewFn::from(|| view! { <SignInPage /> }))
    }
}

deferred! {
    /// All payments.
    pub fn all_payments() -> ViewFn, in screens, prefetch prefetch_all_payments {
        Ok(ViewFn::from(|| view! { <AllPaymentsPage /> }))
    }
}

deferred! {
    /// The connections page.
    pub fn connections() -> ViewFn, in screens, prefetch prefetch_connections {
        Ok(ViewFn::from(|| view! { <ConnectionsPage /> }))
    }
}

deferred! {
    /// The Activity page.
    pub fn activity() -> ViewFn, in screens, prefetch prefetch_activity {
        Ok(ViewFn::from(|| view! { <ActivityPage /> }))
    }
}

deferred! {
    /// The Sessions page.
    pub fn sessions() -> ViewFn, in screens, prefetch prefetch_sessions {
        Ok(ViewFn::from(|| view! { <SessionsPage /> }))
    }
}

deferred! {
    /// The Approvals page.
    pub fn approvals() -> ViewFn, in screens, prefetch prefetch_approvals {
        Ok(ViewFn::from(|| view! { <ApprovalsPage /> }))
    }
}

deferred! {
    /// One approval request's page, read by `me`.
    pub fn approval(id: i64, me: Option<String>) -> ViewFn, in screens, prefetch prefetch_approval {
        Ok(ViewFn::from(move || view! { <ApprovalPage id=id me=me.clone() /> }))
    }
}

deferred! {
    /// The time zone chooser (the header's "Times in …", opened).
    pub fn zone_choice() -> ViewFn, in screens, prefetch prefetch_zone_choice {
        Ok(ViewFn::from(|| view! { <ZoneChoice /> }))
    }
}

deferred! {
    /// The column chooser's panel.
    pub fn column_panel(columns: ColumnsController) -> ViewFn, in screens, prefetch prefetch_column_panel {
        Ok(ViewFn::from(move || view! { <ColumnPanel columns=columns /> }))
    }
}

deferred! {
    /// The saved views menu's panel.
    pub fn views_panel(columns: Option<ColumnsController>) -> ViewFn, in screens, prefetch prefetch_views_panel {
        Ok(ViewFn::from(move || view! { <ViewsPanel columns=columns /> }))
    }
}

deferred! {
    /// The actions on a list's chosen payments, and their run.
    pub fn bulk_panel(target: BulkTarget, bulk: BulkController) -> ViewFn, in screens, prefetch prefetch_bulk_panel {
        Ok(ViewFn::from(move || view! { <BulkPanel target=target bulk=bulk /> }))
    }
}

deferred! {
    /// The volume chart of what a connection's list shows.
    pub fn list_chart(shown: Shown) -> ViewFn, in screens, prefetch prefetch_chart {
        let volume = Volume::of(shown.payments(), &crate::zone::current());
        Ok(ViewFn::from(move || view! { <VolumeChart volume=volume.clone() /> }))
    }
}

deferred! {
    /// Exporting a connection's list: reading every page, writing the
    /// CSV and saving it (the button and its progress are drawn at once).
    fn export_list(
        owner: Option<Owner>,
        export: ExportController,
        connection: Connection,
        query: ListQuery,
        local: LocalView,
        columns: Option<Vec<Column>>,
    ) -> (), in screens, prefetch prefetch_export {
        // The export's work belongs to the page that started it, and
        // stops with it.
        match owner {
            Some(owner) => owner.with(|| export.list(connection, query, local, columns)),
            None => export.list(connection, query, local, columns),
        }
        Ok(())
    }
}

deferred! {
    /// What a keyboard shortcut does, pressed in the console drawn in
    /// `root` with the focus on `focused`.
    pub fn shortcut(
        shortcut: Shortcut,
        root: web_sys::HtmlElement,
        focused: web_sys::Element,
        router: Router,
        help: RwSignal<bool>,
    ) -> bool, in screens {
        Ok(shortcuts::act(shortcut, &root, &focused, router, help))
    }
}

deferred! {
    /// The list of keyboard shortcuts, in its dialog.
    pub fn shortcut_list(help: RwSignal<bool>) -> ViewFn, in screens {
        Ok(ViewFn::from(move || view! { <ShortcutList help=help /> }))
    }
}

deferred! {
    /// "3 payments changed · Show" above a connection's list.
    pub fn changed_banner(list: ListController) -> ViewFn, in screens {
        let on_show = Callback::new(move |_| list.reload());
        Ok(ViewFn::from(move || view! {
            <ChangedBanner connection=Some(list.connection().id) read_at=list.read_at on_show=on_show />
        }))
    }
}

deferred! {
    /// Following colleagues' changes (the stream's code comes with the
    /// screens', after the first one).
    pub fn follow_changes(live: Live, after: Option<i64>) -> (), in screens {
        live.follow(after);
        Ok(())
    }
}

/// Starts exporting a connection's list once the export's code is here;
/// when it does not arrive, the export says so where it shows progress.
pub fn start_export_list(
    export: ExportController,
    connection: Connection,
    query: ListQuery,
    local: LocalView,
    columns: Option<Vec<Column>>,
) {
    let owner = Owner::current();
    leptos::task::spawn_local(async move {
        if export_list(owner, export, connection, query, local, columns)
            .await
            .is_err()
        {
            export.unavailable();
        }
    });
}

/// Fetches every deferred screen's code (a module already here is not
/// fetched again); a failure is left for the screen to retry when it is
/// drawn.
pub async fn prefetch_screens() {
    let _ = prefetch_filters().await;
    let _ = prefetch_detail().await;
    let _ = prefetch_chart().await;
    let _ = prefetch_forms().await;
    let _ = prefetch_all_payments().await;
    let _ = prefetch_connections().await;
    let _ = prefetch_activity().await;
    let _ = prefetch_sessions().await;
    let _ = prefetch_approvals().await;
    let _ = prefetch_approval().await;
    let _ = prefetch_export().await;
    let _ = prefetch_zone_choice().await;
    let _ = prefetch_column_panel().await;
    let _ = prefetch_views_panel().await;
    let _ = prefetch_bulk_panel().await;
}
