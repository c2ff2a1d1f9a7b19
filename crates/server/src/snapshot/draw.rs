//! The first screen as the console draws it, written by the server: the
//! header, the list's head and controls (the filters as the boxes that
//! hold their places until their code arrives), the chart line, the
//! rows with the person's columns and the pager. Element for element and
//! class for class what `src/ui` draws at the moment it takes over (the
//! journey `snapshot` compares the two), so the console's stylesheet lays
//! both out alike. Money, times, counts and the zone's name are left as
//! exact values in `data-` attributes and `<time datetime>` for the
//! page's script to write in the browser's locale and zone.

use payments_model::columns::{CardSlot, Column, ColumnChoice};
use payments_model::display::{field_value, shortened, DetailValue};
use payments_model::http::percent_encode;
use payments_model::keys as k;
use payments_model::query::{ListPage, Pagination, Totals};
use payments_model::time::Moment;
use payments_model::vendors::{FieldKind, FilterBar};
use payments_model::{Connection, Money, Payment, PaymentStatus};

use super::html::{count_place, escape, Arg, Words};

/// What the first screen shows.
pub struct Screen<'a> {
    pub words: Words<'a>,
    /// Who is signed in, and their role's name.
    pub name: &'a str,
    pub role: &'a str,
    pub may_write: bool,
    /// Whether the company holds changes for approval.
    pub approvals: bool,
    /// Every connection, as the header lists them.
    pub connections: &'a [Connection],
    /// The connection whose list it is.
    pub connection: &'a Connection,
    pub page: &'a ListPage,
    pub columns: ColumnChoice,
    pub comfortable: bool,
    pub chart_open: bool,
}

/// The screen's HTML: one `.pc-root`, as the console's.
pub fn screen(s: &Screen) -> Option<String> {
    let w = &s.words;
    let comfortable = if s.comfortable { " pc-comfortable" } else { "" };
    let mut out = format!(
        "<div class=\"pc-root{comfortable}\" lang=\"{}\"><a class=\"pc-skip\" href=\"#pc-rows\">{}</a>",
        s.words.language.tag,
        w.t(k::page::SKIP)
    );
    out.push_str(&header(s));
    out.push_str("<main class=\"pc-main\" id=\"pc-main\" tabindex=\"-1\"><div class=\"pc-change\" role=\"status\" aria-live=\"polite\"></div>");
    out.push_str(&list(s)?);
    out.push_str("</main></div>");
    Some(out)
}

fn header(s: &Screen) -> String {
    let w = &s.words;
    let mut nav = format!(
        "<li><a href=\"/all\">{}</a></li>",
        w.t(k::nav::ALL_PAYMENTS)
    );
    for c in s.connections {
        let current = if c.id == s.connection.id {
            " aria-current=\"page\""
        } else {
            ""
        };
        nav.push_str(&format!(
            "<li><a href=\"/c/{}\"{current}>{}</a></li>",
            escape(&percent_encode(&c.id)),
            escape(&c.name)
        ));
    }
    nav.push_str(&format!(
        "<li><a href=\"/connections\">{}</a></li><li><a href=\"/activity\">{}</a></li>",
        w.t(k::nav::CONNECTIONS),
        w.t(k::nav::ACTIVITY)
    ));
    let zone = w.with(
        k::zone::TIMES_IN,
        &[("zone", Arg::Html("<span data-pc-zone></span>".into()))],
    );
    let languages: String = payments_model::language::LANGUAGES
        .iter()
        .map(|l| {
            format!(
                "<option value=\"{0}\" lang=\"{0}\">{1}</option>",
                l.tag,
                escape(l.name)
            )
        })
        .collect();
    let browser = escape(&w.plain(k::language::BROWSER, &[]));
    let signed_in = w.with(
        k::who::SIGNED_IN_AS,
        &[("name", Arg::Text(s.name)), ("role", Arg::Text(s.role))],
    );
    let approvals = if s.approvals {
        format!("<a href=\"/approvals\">{}</a>", w.t(k::approvals::LINK))
    } else {
        String::new()
    };
    format!(
        "<header class=\"pc-header\"><a class=\"pc-title\" href=\"/\">{title}</a>\
         <button type=\"button\" class=\"pc-link-button pc-menu-button\" aria-controls=\"pc-header-menu\" aria-expanded=\"false\">{menu}</button>\
         <div class=\"pc-header-menu\" id=\"pc-header-menu\"><nav class=\"pc-nav\" aria-label=\"{nav_label}\"><ul>{nav}</ul></nav>\
         <div class=\"pc-header-end\"><details class=\"pc-zone\"><summary>{zone}</summary></details>\
         <div class=\"pc-language\"><label for=\"pc-language\">{language}</label>\
         <select id=\"pc-language\"><option value=\"\" selected data-pc-browser=\"{browser}\">{browser}</option>{languages}</select></div>\
         <button type=\"button\" class=\"pc-link-button\" aria-keyshortcuts=\"?\" aria-haspopup=\"dialog\">{shortcuts}</button>\
         <div class=\"pc-who\"><span>{signed_in}</span>{approvals}<a href=\"/sessions\">{sessions}</a>\
         <button type=\"button\" class=\"pc-link-button\">{sign_out}</button></div></div></div></header>",
        title = w.t(k::console::NAME),
        menu = w.t(k::nav::MENU),
        nav_label = w.t(k::nav::LABEL),
        language = w.t(k::language::LABEL),
        shortcuts = w.t(k::shortcuts::TITLE),
        sessions = w.t(k::who::SESSIONS),
        sign_out = w.t(k::who::SIGN_OUT),
    )
}

fn list(s: &Screen) -> Option<String> {
    let w = &s.words;
    let title = w.with(
        k::list::TITLE,
        &[("connection", Arg::Text(&s.connection.name))],
    );
    let caps = s.connection.vendor.capabilities();
    let create = match (caps.create.is_some(), s.may_write) {
        (true, true) => format!(
            "<a class=\"pc-button\" href=\"/c/{}/new\">{}</a>",
            escape(&percent_encode(&s.connection.id)),
            w.t(k::list::NEW_PAYMENT)
        ),
        (true, false) => format!("<p class=\"pc-hint\">{}</p>", w.t(k::list::VIEWER)),
        (false, _) => format!(
            "<details class=\"pc-menu pc-read-only\"><summary>{}</summary><p class=\"pc-menu__panel pc-read-only__why\">{}</p></details>",
            w.t(k::list::READ_ONLY),
            w.t(caps.limits)
        ),
    };
    let rows = table(s)?;
    Some(format!(
        "<section class=\"pc-list\" aria-labelledby=\"pc-list-title\"><div class=\"pc-list-head\">\
         <h2 id=\"pc-list-title\">{title}</h2><button type=\"button\" class=\"pc-link-button\">{refresh}</button>\
         <details class=\"pc-menu pc-columns\"><summary>{columns}</summary></details>\
         <details class=\"pc-menu pc-views\"><summary>{views}</summary></details>\
         <div class=\"pc-export\"><button type=\"button\" class=\"pc-link-button\">{export}</button>\
         <label class=\"pc-export__columns\"><input type=\"checkbox\">{export_shown}</label>\
         <span class=\"pc-export__status\" role=\"status\" aria-live=\"polite\"></span></div>{create}</div>\
         <form class=\"pc-filters\" role=\"search\" aria-label=\"{filters_label}\">\
         <div class=\"pc-deferred__status\" role=\"status\" aria-live=\"polite\"></div>{places}</form>\
         <div class=\"pc-status\" role=\"status\" aria-live=\"polite\"></div>\
         <div class=\"pc-bulk\" role=\"region\" aria-label=\"{bulk}\"><p class=\"pc-bulk__count\" role=\"status\" aria-live=\"polite\"></p></div>\
         <div class=\"pc-table-wrap\" id=\"pc-rows\" tabindex=\"-1\" aria-busy=\"false\">{chartline}{rows}{pager}</div></section>",
        refresh = w.t(k::list::REFRESH),
        columns = w.t(k::columns::MENU),
        views = w.t(k::views::MENU),
        export = w.t(k::export::START),
        export_shown = w.t(k::export::SHOWN_COLUMNS),
        filters_label = w.t(k::filters::LABEL),
        places = filter_places(s),
        bulk = w.t(k::bulk::REGION),
        chartline = chart_line(s),
        pager = pager(s),
    ))
}

/// The boxes that hold the filters' places, as `ui::list_filters`'
/// `FilterPlaces` draws them (no filter is in use on a first screen).
fn filter_places(s: &Screen) -> String {
    let w = &s.words;
    let spec = s.connection.vendor.list_spec();
    let bar = FilterBar::of(&spec);
    let place = |class: &str, label: String| {
        format!("<div class=\"pc-filters__reserve{class}\" aria-hidden=\"true\"><span class=\"pc-filters__reserve-label\">{label}</span></div>")
    };
    let mut out: String = bar
        .ranges
        .iter()
        .map(|(_, _, words)| place(" pc-filters__reserve--range", w.t(*words)))
        .collect();
    for f in &bar.inline {
        let class = match f.kind {
            FieldKind::Flag => " pc-filters__reserve--check",
            FieldKind::Date | FieldKind::Day => " pc-filters__reserve--date",
            FieldKind::DateTime => " pc-filters__reserve--moment",
            FieldKind::Choice(_) | FieldKind::Bool => "",
            _ => " pc-filters__reserve--text",
        };
        out.push_str(&place(class, w.t(f.label)));
    }
    if !bar.more.is_empty() {
        out.push_str(&format!(
            "<div class=\"pc-filters__reserve pc-filters__reserve--more\" aria-hidden=\"true\"><span class=\"pc-more__button\">{}</span></div>\
             <ul class=\"pc-chips pc-filter-chips pc-filters__reserve pc-filters__reserve--chips\" aria-hidden=\"true\"></ul>",
            w.t(k::filters::MORE)
        ));
    }
    if !spec.sorts.is_empty() {
        out.push_str(&place("", w.t(k::filters::SORT)));
    }
    if !spec.page_sizes().is_empty() {
        out.push_str(&place("", w.t(k::filters::PAGE_SIZE)));
    }
    out
}

/// A sum the browser writes in its locale: exact amount, currency (a
/// `<span>` with `attributes` of its own, if any).
fn money(m: &Money, attributes: &str) -> String {
    let digits = m.amount.scale().max(m.currency.minor_units()).min(100);
    let code = if m.currency.is_stated() {
        m.currency.code()
    } else {
        ""
    };
    format!(
        "<span{attributes} data-pc-amount=\"{}\" data-pc-currency=\"{}\" data-pc-digits=\"{digits}\">{}</span>",
        m.amount,
        escape(code),
        escape(&m.to_string())
    )
}

/// Totals over the rows, and "Show chart" (the chart's place when open).
fn chart_line(s: &Screen) -> String {
    let w = &s.words;
    let totals = Totals::of(&s.page.items);
    let parts: Vec<String> = totals
        .sums
        .iter()
        .map(|(c, sum)| money(&Money::new(*sum, c.clone()), ""))
        .collect();
    let by_status: Vec<String> = totals
        .by_status
        .iter()
        .map(|(c, kind, sum)| {
            format!(
                "{} {}",
                w.t(kind.words()),
                money(&Money::new(*sum, c.clone()), "")
            )
        })
        .collect();
    let mut p = String::new();
    if !parts.is_empty() {
        p.push_str(&format!(
            "<span class=\"pc-totals__label\">{} </span>{}",
            w.t(k::totals::TOTAL),
            parts.join(" · ")
        ));
    }
    if totals.untotalled > 0 {
        p.push_str(&format!(
            "<span class=\"pc-totals__note\">{}</span>",
            w.count(k::totals::UNTOTALLED, totals.untotalled as u64, &[])
        ));
    }
    if !by_status.is_empty() {
        p.push_str(&format!(
            "<span id=\"pc-totals-by-status\" class=\"pc-totals__by-status\">{}</span>",
            by_status.join(" · ")
        ));
    }
    let p = if p.is_empty() {
        p
    } else {
        format!("<p class=\"pc-totals\">{p}</p>")
    };
    let (toggle, open) = if s.chart_open {
        (w.t(k::list::HIDE_CHART), "true")
    } else {
        (w.t(k::list::SHOW_CHART), "false")
    };
    let charts = payments_model::chart::Volume::series_count(&s.page.items);
    let held = if s.chart_open && charts > 0 {
        format!(
            "<div class=\"pc-charts-held\" aria-hidden=\"true\">{}</div>",
            "<div class=\"pc-charts-held__place\"></div>".repeat(charts)
        )
    } else {
        String::new()
    };
    format!(
        "<div class=\"pc-chartline\">{p}<button type=\"button\" class=\"pc-link-button pc-chartline__toggle\" aria-describedby=\"pc-totals-by-status\" aria-expanded=\"{open}\" aria-controls=\"pc-chart-area\">{toggle}</button></div><div id=\"pc-chart-area\">{held}</div>"
    )
}

fn table(s: &Screen) -> Option<String> {
    if !s.page.unreadable.is_empty() {
        return None;
    }
    let w = &s.words;
    let columns = s.columns.shown();
    let profile = s.connection.vendor.profile();
    let mut head = format!(
        "<thead><tr aria-rowindex=\"1\"><th scope=\"col\" class=\"pc-select\"><input type=\"checkbox\" aria-label=\"{}\"></th>",
        w.t(k::table::SELECT_PAGE)
    );
    for c in columns {
        let class = if *c == Column::Amount {
            " class=\"pc-num\""
        } else {
            ""
        };
        head.push_str(&format!(
            "<th scope=\"col\"{class}>{}</th>",
            w.t(c.heading(profile))
        ));
    }
    head.push_str("</tr></thead>");
    let mut body = String::new();
    for (i, p) in s.page.items.iter().enumerate() {
        body.push_str(&row(s, i, p, columns)?);
    }
    Some(format!(
        "<table class=\"pc-table\" aria-rowcount=\"{}\"><caption class=\"pc-visually-hidden\">{}</caption>{head}<tbody>{body}</tbody></table>",
        s.page.items.len() + 1,
        w.t(k::table::CAPTION)
    ))
}

fn row(s: &Screen, i: usize, p: &Payment, columns: &[Column]) -> Option<String> {
    let w = &s.words;
    let conn = s.connection;
    let mut cells = String::new();
    for (c, slot) in columns.iter().zip(CardSlot::of(columns)) {
        let class = slot.class();
        let cell = match c {
            Column::Id => {
                let flag = if p.problems.is_empty() {
                    String::new()
                } else {
                    let f = w.t(k::table::FLAG);
                    format!("<span class=\"pc-flag\" title=\"{f}\" aria-label=\"{f}\">!</span>")
                };
                cells.push_str(&format!(
                    "<th scope=\"row\" class=\"{class}\"><a href=\"/c/{}/p/{}\">{}</a>{flag}</th>",
                    escape(&percent_encode(&conn.id)),
                    escape(&percent_encode(&p.id)),
                    escape(&p.id)
                ));
                continue;
            }
            Column::Amount => p.amount.as_ref().map_or_else(|| not_set(w), money_text(w)),
            Column::Status => badge(w, &p.status),
            Column::Counterparty => optional_text(w, p.counterparty.as_deref()),
            Column::Date => p.occurred_at.map_or_else(|| not_set(w), |m| moment(&m)),
            Column::Reference => optional_text(w, p.reference.as_deref()),
            Column::Field(f) => cell_value(w, field_value(p, conn, f))?,
        };
        cells.push_str(&format!("<td class=\"{class}\">{cell}</td>"));
    }
    let label = w.with(k::table::SELECT, &[("id", Arg::Text(&p.id))]);
    Some(format!(
        "<tr class=\"pc-row\" aria-rowindex=\"{}\" data-connection=\"{}\" data-payment=\"{}\"><td class=\"pc-select\"><input type=\"checkbox\" aria-label=\"{label}\"></td>{cells}</tr>",
        i + 2,
        escape(&conn.id),
        escape(&p.id)
    ))
}

/// An amount as `ui::values`' `MoneyText` draws it.
fn money_text<'a>(w: &'a Words) -> impl Fn(&Money) -> String + 'a {
    move |m| {
        let exact = if m.currency.is_stated() {
            m.to_string()
        } else {
            w.plain(k::money::NO_CURRENCY, &[("amount", &m.to_string())])
        };
        // The formatted amount is the span's text; its exact value its title.
        money(
            m,
            &format!(" class=\"pc-money\" title=\"{}\"", escape(&exact)),
        )
    }
}

/// A moment as `ui::values`' `MomentText` draws it; its text is written
/// by the page's script (`data-pc-day` for a date, shown as in UTC).
fn moment(m: &Moment) -> String {
    let exact = escape(&m.exact());
    let day = if matches!(m, Moment::Day(_)) {
        " data-pc-day"
    } else {
        ""
    };
    format!(
        "<time datetime=\"{exact}\" title=\"{exact}\" data-pc-ms=\"{}\"{day}>{exact}</time>",
        m.epoch_millis()
    )
}

fn not_set(w: &Words) -> String {
    format!(
        "<span class=\"pc-none\" aria-label=\"{}\">—</span>",
        w.t(k::value::NOT_SET)
    )
}

fn optional_text(w: &Words, text: Option<&str>) -> String {
    match text.filter(|t| !t.is_empty()) {
        Some(t) => match shortened(t) {
            Some(short) => format!(
                "<button type=\"button\" class=\"pc-id\" data-full=\"{0}\" title=\"{0}\" aria-label=\"{1}\">{2}</button>",
                escape(t),
                escape(&w.plain(k::value::COPY_ID, &[("id", t)])),
                escape(&short)
            ),
            None => format!("<span>{}</span>", escape(t)),
        },
        None => not_set(w),
    }
}

fn badge(w: &Words, status: &PaymentStatus) -> String {
    let text = if status.raw.is_empty() {
        w.plain(k::status::NONE, &[])
    } else {
        status.text()
    };
    let kind = w.plain(status.kind.words(), &[]);
    let label = escape(&w.plain(k::status::LABEL, &[("status", &text), ("kind", &kind)]));
    format!(
        "<span class=\"pc-badge pc-badge--{}\" title=\"{label}\" aria-label=\"{label}\">{}</span>",
        status.kind.slug(),
        escape(&text)
    )
}

/// A documented field's value as `ui::payment_table`'s cells draw it.
fn cell_value(w: &Words, value: DetailValue) -> Option<String> {
    Some(match value {
        DetailValue::Text(t) | DetailValue::AsSent(t) => format!("<span>{}</span>", escape(&t)),
        DetailValue::Money(m) => money_text(w)(&m),
        DetailValue::Time(m) => moment(&m),
        DetailValue::Status(s) => badge(w, &s),
        DetailValue::Flag(b) => format!(
            "<span>{}</span>",
            w.t(if b { k::value::YES } else { k::value::NO })
        ),
        DetailValue::NotSet => format!("<span class=\"pc-none\">{}</span>", w.t(k::value::NOT_SET)),
        DetailValue::List(items) => format!(
            "<ul class=\"pc-chips\">{}</ul>",
            items
                .iter()
                .map(|i| format!("<li class=\"pc-chip\">{}</li>", escape(i)))
                .collect::<String>()
        ),
        DetailValue::Fields(fields) => format!(
            "<dl class=\"pc-fieldlist\">{}</dl>",
            fields
                .iter()
                .map(|(k, v)| format!("<div><dt>{}</dt><dd>{}</dd></div>", escape(k), escape(v)))
                .collect::<String>()
        ),
    })
}

/// The pager the vendor's paging calls for (`ui::pager`).
fn pager(s: &Screen) -> String {
    let w = &s.words;
    let info = &s.page.info;
    let button = |enabled: bool, words: String| {
        let (disabled, aria) = if enabled {
            ("", "false")
        } else {
            (" disabled", "true")
        };
        format!("<button type=\"button\" class=\"pc-button\"{disabled} aria-disabled=\"{aria}\">{words}</button>")
    };
    let prev = button(info.has_prev, w.t(k::pager::PREVIOUS));
    let next = button(info.has_next, w.t(k::pager::NEXT));
    let summary = match s.connection.vendor.list_spec().pagination {
        Pagination::Cursor { .. } => String::new(),
        _ => {
            let page = Arg::Html(count_place(u64::from(info.page.unwrap_or(1))));
            let words = match (info.total_pages, info.total_items) {
                (Some(pages), Some(items)) => {
                    let pages = Arg::Html(count_place(u64::from(pages.max(1))));
                    w.count(
                        k::pager::PAGE_OF_ITEMS,
                        items,
                        &[("page", page), ("pages", pages)],
                    )
                }
                (Some(pages), None) => {
                    let pages = Arg::Html(count_place(u64::from(pages.max(1))));
                    w.with(k::pager::PAGE_OF, &[("page", page), ("pages", pages)])
                }
                _ => w.with(k::pager::PAGE, &[("page", page)]),
            };
            format!("<span class=\"pc-pager__summary\">{words}</span>")
        }
    };
    format!(
        "<nav class=\"pc-pager\" aria-label=\"{}\">{prev}{summary}{next}</nav>",
        w.t(k::pager::LABEL)
    )
}
