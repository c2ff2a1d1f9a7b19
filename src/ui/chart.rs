//! The chart above a list: the volume of what is shown per day, week,
//! month or year, one chart per currency, each bar split by status kind in
//! the badges' colours, over a labelled value axis (round steps, compact
//! figures) and date axis (labels spaced to fit the width). The chart is
//! drawn in real pixels at the width it is given, 200 high, redrawn when
//! the window's size changes. Each bar can be pointed at or focused (one
//! Tab stop; the arrow keys, Home and End move along) to read its date,
//! total and split by status, which is also its accessible name. The
//! legend gives the totals; the figures are a table on request; the chart
//! can be saved as SVG or PNG. Positions are SVG attributes and colours
//! come from the stylesheet, so a strict CSP and the themes hold.

use leptos::prelude::*;
use payments_model::chart::axes::{date_marks, label_parts, Slots, ValueAxis};
use payments_model::chart::{Bucket, Series, Step, Volume};
use payments_model::keys::Key;
use payments_model::time::Moment;
use payments_model::Decimal;
use payments_model::{Currency, Money, StatusKind};
use wasm_bindgen::JsCast;

use super::status_badge::kind_label;
use super::{format_compact, format_date_parts, format_money};
use crate::language::{k, say, t, t_count, t_with};
use crate::state::chart_file;

/// The drawing's height, in pixels.
const HEIGHT: f64 = 200.0;
/// Room above the plot, below it (the date labels) and left of it (the
/// value labels).
const TOP: f64 = 10.0;
const BOTTOM: f64 = 24.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
/// The room one date label needs.
const LABEL_ROOM: f64 = 76.0;

/// The volume chart of `volume`, or nothing when there is nothing dated.
#[component]
pub fn VolumeChart(
    /// The figures to draw.
    volume: Volume,
) -> impl IntoView {
    if volume.series.is_empty() {
        return ().into_any();
    }
    let step = volume.step;
    let note = (volume.uncharted > 0).then(|| t_count(k::chart::UNCHARTED, volume.uncharted, &[]));
    view! {
        <div class="pc-charts">
            {volume.series.into_iter().map(|s| series_chart(s, step)).collect_view()}
            {note.map(|n| view! { <p class="pc-hint">{n}</p> })}
        </div>
    }
    .into_any()
}

/// A bucket's first day, in the browser's words.
fn day(d: chrono::NaiveDate) -> String {
    super::format_moment_local(&Moment::Day(d))
}

/// A step's words: what a bucket's date stands for ("Day", "Week
/// of", …), a chart's title and its accessible name.
fn step_words(step: Step) -> (Key, Key, Key) {
    use k::chart as c;
    match step {
        Step::Day => (c::BUCKET_DAY, c::TITLE_DAY, c::NAME_DAY),
        Step::Week => (c::BUCKET_WEEK, c::TITLE_WEEK, c::NAME_WEEK),
        Step::Month => (c::BUCKET_MONTH, c::TITLE_MONTH, c::NAME_MONTH),
        Step::Year => (c::BUCKET_YEAR, c::TITLE_YEAR, c::NAME_YEAR),
    }
}

/// "Day", "Week of", …: what a bucket's date stands for.
fn bucket_word(step: Step) -> String {
    t(step_words(step).0)
}

/// A position in pixels to a tenth, written without the float-printing
/// code (which would cost the download more than the chart itself).
fn px(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let (whole, tenth) = (tenths / 10, (tenths % 10).abs());
    let sign = if tenths < 0 && whole == 0 { "-" } else { "" };
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

/// An amount of `currency`, formatted.
fn money(v: Decimal, currency: &Currency) -> String {
    format_money(&Money::new(v, currency.clone()))
}

/// A status's share in words: "Succeeded $10.00".
fn status_total(kind: StatusKind, v: Decimal, currency: &Currency) -> String {
    let (status, total) = (kind_label(kind), money(v, currency));
    t_with(
        k::chart::STATUS_TOTAL,
        &[("status", &status), ("total", &total)],
    )
}

/// A bucket's volume per status in words: "Succeeded $10.00, Pending
/// $2.50".
fn split(b: &Bucket, currency: &Currency) -> String {
    b.by_status
        .iter()
        .map(|(k, v)| status_total(*k, *v, currency))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A bar's words: its date, its total and its split by status.
fn describe(b: &Bucket, step: Step, currency: &Currency) -> String {
    let when = match step {
        Step::Day => day(b.start),
        _ => t_with(
            k::chart::WHEN,
            &[("bucket", &bucket_word(step)), ("day", &day(b.start))],
        ),
    };
    if b.by_status.is_empty() {
        return t_with(k::chart::NO_PAYMENTS, &[("when", &when)]);
    }
    let (total, split) = (money(b.total, currency), split(b, currency));
    t_with(
        k::chart::BAR,
        &[("when", &when), ("total", &total), ("split", &split)],
    )
}

fn series_chart(s: Series, step: Step) -> impl IntoView {
    let code = s.currency.clone();
    let title = t_with(step_words(step).1, &[("code", &code)]);
    let summary = t_with(k::chart::TABLE_SUMMARY, &[("code", &code)]);
    let currency = Currency::from_code(&code).unwrap_or_else(Currency::unstated);
    let axis = ValueAxis::for_peak(s.peak());
    let total = s.total();
    let legend = s
        .by_status()
        .into_iter()
        .map(|(k, t)| {
            let class = format!("pc-swatch pc-bar--{}", k.slug());
            view! { <li><span class=class aria-hidden="true"></span>{status_total(k, t, &currency)}</li> }
        })
        .collect_view();
    let words: Vec<String> = s
        .buckets
        .iter()
        .map(|b| describe(b, step, &currency))
        .collect();
    let last_with = s
        .buckets
        .iter()
        .rposition(|b| !b.by_status.is_empty())
        .unwrap_or(0);
    let (first, last) = (
        s.buckets.first().map(|b| b.start),
        s.buckets.last().map(|b| b.start),
    );
    let peak_at = s.buckets.iter().max_by_key(|b| b.total).map(|b| b.start);
    let name = match (first, last, peak_at) {
        (Some(f), Some(l), Some(p)) => {
            let (from, to, peak_day) = (day(f), day(l), day(p));
            let (sum, peak) = (money(total, &currency), money(s.peak(), &currency));
            let args = [
                ("code", code.as_str()),
                ("from", &from),
                ("to", &to),
                ("total", &sum),
                ("peak", &peak),
                ("peak_day", &peak_day),
            ];
            t_with(step_words(step).2, &args)
        }
        _ => t_with(k::chart::NAME_PLAIN, &[("code", &code)]),
    };
    let in_all = t_with(k::chart::IN_ALL, &[("total", &money(total, &currency))]);
    let file_stem = match (first, last) {
        (Some(f), Some(l)) => format!("volume-{code}-{f}-to-{l}"),
        _ => format!("volume-{code}"),
    };

    let width = RwSignal::new(640.0);
    let active = RwSignal::new(None::<usize>);
    let tab_stop = RwSignal::new(last_with);
    let frame = NodeRef::<leptos::html::Div>::new();
    let measure = move || {
        if let Some(el) = frame.get_untracked() {
            let w = f64::from(el.client_width());
            if w > 0.0 && (w - width.get_untracked()).abs() >= 1.0 {
                width.set(w);
            }
        }
    };
    Effect::new(move |_| {
        if frame.get().is_some() {
            measure();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());

    let buckets = StoredValue::new(s.buckets);
    let words = StoredValue::new(words);
    let count = buckets.with_value(Vec::len);
    let focus_bar = move |i: usize| {
        tab_stop.set(i);
        if let Some(el) = frame.get_untracked() {
            if let Ok(Some(bar)) = el.query_selector(&format!("[data-bar=\"{i}\"]")) {
                let _ = bar.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent, i: usize| {
        let to = match ev.key().as_str() {
            "ArrowRight" | "ArrowUp" => (i + 1).min(count.saturating_sub(1)),
            "ArrowLeft" | "ArrowDown" => i.saturating_sub(1),
            "Home" => 0,
            "End" => count.saturating_sub(1),
            _ => return,
        };
        ev.prevent_default();
        focus_bar(to);
    };
    // As many decimals as the axis's step has (0.01 needs two).
    let digits = axis.ticks.get(1).map_or(0, |t| t.normalize().scale());
    let axis_for_draw = axis.clone();
    let money_for_draw = currency.clone();
    let drawing = move || {
        let w = width.get();
        let plot_w = (w - LEFT - RIGHT).max(10.0);
        let plot_h = HEIGHT - TOP - BOTTOM;
        let slots = Slots::across(count, plot_w);
        let y_of = |v: Decimal| TOP + plot_h * (1.0 - axis_for_draw.height_of(v));
        let ticks = axis_for_draw
            .ticks
            .iter()
            .map(|t| {
                let y = y_of(*t);
                let label = format_compact(&Money::new(*t, money_for_draw.clone()), digits);
                view! {
                    <line class="pc-chart__grid" x1=px(LEFT) x2=px(w - RIGHT) y1=px(y) y2=px(y) />
                    <text class="pc-chart__tick" x=px(LEFT - 6.0) y=px(y) text-anchor="end" dominant-baseline="middle">{label}</text>
                }
            })
            .collect_view();
        let room = (plot_w / LABEL_ROOM).floor() as usize;
        let dates = buckets.with_value(|bs| {
            let mut before = None;
            date_marks(bs.len(), room)
                .into_iter()
                .map(|i| {
                    let start = bs[i].start;
                    let label = format_date_parts(start, label_parts(step, start, before));
                    before = Some(start);
                    let x = (LEFT + slots.middle(i)).clamp(LEFT + 24.0, w - RIGHT - 24.0);
                    view! {
                        <text class="pc-chart__tick" x=px(x) y=px(HEIGHT - 6.0) text-anchor="middle">{label}</text>
                    }
                })
                .collect_view()
        });
        let bars = buckets.with_value(|bs| {
            bs.iter()
                .enumerate()
                .map(|(i, b)| {
                    let mut top = TOP + plot_h;
                    let parts = b
                        .by_status
                        .iter()
                        .map(|(kind, v)| {
                            let h = plot_h * axis_for_draw.height_of(*v);
                            top -= h;
                            let class = format!("pc-bar pc-bar--{}", kind.slug());
                            view! { <rect class=class x=px(LEFT + slots.bar_x(i)) y=px(top) width=px(slots.bar) height=px(h) /> }
                        })
                        .collect_view();
                    let label = words.with_value(|ws| ws[i].clone());
                    view! {
                        <g class="pc-chart__bar" role="img" aria-label=label data-bar=i.to_string()
                            tabindex=move || if tab_stop.get() == i { "0" } else { "-1" }
                            on:focus=move |_| { tab_stop.set(i); active.set(Some(i)) }
                            on:blur=move |_| active.set(None)
                            on:mouseenter=move |_| active.set(Some(i))
                            on:keydown=move |ev| on_key(ev, i)>
                            <rect class="pc-chart__slot" x=px(LEFT + slots.slot_x(i)) y=px(TOP) width=px(slots.slot) height=px(plot_h) />
                            {parts}
                        </g>
                    }
                })
                .collect_view()
        });
        view! {
            <svg class="pc-chart__svg" role="group" aria-label=name.clone() width=px(w) height=px(HEIGHT)
                viewBox=format!("0 0 {} {}", px(w), px(HEIGHT)) on:mouseleave=move |_| active.set(None)>
                <g aria-hidden="true">{ticks}{dates}</g>
                {bars}
            </svg>
        }
    };
    let readout = move || match active.get() {
        Some(i) => words.with_value(|ws| ws.get(i).cloned().unwrap_or_default()),
        None => t(k::chart::HINT),
    };
    let failed = RwSignal::new(None::<String>);
    let file_title = StoredValue::new(title.clone());
    let file_stem = StoredValue::new(file_stem);
    let save = move |png: bool| {
        let Some(svg) = frame
            .get_untracked()
            .and_then(|el| el.query_selector("svg").ok().flatten())
        else {
            return;
        };
        let (stem, title) = (file_stem.get_value(), file_title.get_value());
        failed.set(None);
        leptos::task::spawn_local(async move {
            let done = if png {
                chart_file::save_png(&svg, &title, &format!("{stem}.png")).await
            } else {
                chart_file::save_svg(&svg, &title, &format!("{stem}.svg"))
            };
            if let Err(e) = done {
                failed.set(Some(say(&e)));
            }
        });
    };
    let open = RwSignal::new(false);
    let table = move || {
        open.get().then(|| {
            let rows = buckets.with_value(|bs| figures(bs, &currency));
            view! {
                <table class="pc-table pc-figures">
                    <thead><tr>
                        <th scope="col">{bucket_word(step)}</th>
                        <th scope="col" class="pc-num">{t(k::chart::VOLUME)}</th>
                        <th scope="col">{t(k::chart::BY_STATUS)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    view! {
        <figure class="pc-chart">
            <figcaption>
                <span class="pc-chart__title">{title.clone()}</span>
                " "
                <span class="pc-chart__total">{in_all}</span>
                <ul class="pc-legend">{legend}</ul>
            </figcaption>
            <div class="pc-chart__frame" node_ref=frame>{drawing}</div>
            <p class="pc-chart__readout" aria-hidden="true">{readout}</p>
            <div class="pc-chart__actions">
                <button type="button" on:click=move |_| save(false)>{t(k::chart::DOWNLOAD_SVG)}</button>
                <button type="button" on:click=move |_| save(true)>{t(k::chart::DOWNLOAD_PNG)}</button>
                {move || failed.get().map(|e| view! { <span class="pc-field-error" role="alert">{e}</span> })}
            </div>
            <details class="pc-chart__table" on:toggle=move |ev| {
                open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
            }>
                <summary>{summary}</summary>
                {table}
            </details>
        </figure>
    }
}

/// The rows of a chart's figures table: each bucket with payments, its
/// volume and its volume per status.
fn figures(buckets: &[Bucket], currency: &Currency) -> impl IntoView {
    buckets
        .iter()
        .filter(|b| !b.by_status.is_empty())
        .map(|b| {
            view! { <tr><th scope="row">{day(b.start)}</th><td class="pc-num">{money(b.total, currency)}</td><td>{split(b, currency)}</td></tr> }
        })
        .collect_view()
}
