//! The chart above a list: the volume of what is shown per day (or week),
//! one small chart per currency, each day's bar split by status kind in
//! the badges' colours. Each chart is an image with a name that states
//! its figures in words, and the same figures are a table on request.
//! Heights are SVG attributes, so a strict CSP holds.

use leptos::prelude::*;
use payments_model::chart::{share, Series, Step, Volume};
use payments_model::time::Moment;
use payments_model::{Currency, Money};

use super::format_money;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 100.0;

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
    let note = (volume.uncharted > 0).then(|| {
        let n = volume.uncharted;
        format!(
            "{n} payment{} without a date, an amount or a stated currency {} not charted.",
            if n == 1 { "" } else { "s" },
            if n == 1 { "is" } else { "are" }
        )
    });
    view! {
        <div class="pc-charts">
            {volume.series.into_iter().map(|s| series_chart(s, step)).collect_view()}
            {note.map(|n| view! { <p class="pc-hint">{n}</p> })}
        </div>
    }
    .into_any()
}

/// An amount of the series' currency, formatted.
fn money(amount: impl Into<Option<Money>>) -> String {
    amount.into().map(|m| format_money(&m)).unwrap_or_default()
}

/// A bucket's first day, in local words (dates are not shifted).
fn day(d: Moment) -> String {
    super::format_moment_local(&d)
}

fn series_chart(s: Series, step: Step) -> impl IntoView {
    let code = s.currency.clone();
    let peak = s.peak();
    let currency = Currency::from_code(&code).unwrap_or_else(Currency::unstated);
    let amount = |v| Money::new(v, currency.clone());
    let n = s.buckets.len().max(1);
    let width = WIDTH / n as f64;
    let gap = if width > 3.0 { 1.0 } else { 0.0 };
    let start = |b: &payments_model::chart::Bucket| Moment::Day(b.start);
    let (first, last) = (s.buckets.first().map(start), s.buckets.last().map(start));
    let peak_day = s.buckets.iter().max_by_key(|b| b.total).map(start);
    let name = match (first, last, peak_day) {
        (Some(f), Some(l), Some(p)) => format!(
            "Volume per {} in {code}, {} to {}; the largest, {}, {} {}.",
            step.word(),
            day(f),
            day(l),
            money(amount(peak)),
            match step {
                Step::Day => "on",
                Step::Week => "in the week of",
                Step::Month => "in the month from",
                Step::Year => "in the year from",
            },
            day(p)
        ),
        _ => format!("Volume in {code}"),
    };
    let bars = s
        .buckets
        .iter()
        .enumerate()
        .flat_map(|(i, b)| {
            let x = i as f64 * width;
            let mut top = HEIGHT;
            b.by_status
                .iter()
                .map(|(kind, v)| {
                    let h = share(*v, peak) * HEIGHT;
                    top -= h;
                    let class = format!("pc-bar pc-bar--{}", kind.slug());
                    view! {
                        <rect class=class x=format!("{x:.2}") y=format!("{top:.2}")
                            width=format!("{:.2}", (width - gap).max(0.5)) height=format!("{h:.2}") />
                    }
                })
                .collect::<Vec<_>>()
        })
        .collect_view();
    let kinds: Vec<_> = payments_model::workspace::STATUS_KINDS
        .iter()
        .filter(|k| {
            s.buckets
                .iter()
                .any(|b| b.by_status.iter().any(|(s, _)| s == *k))
        })
        .copied()
        .collect();
    let legend = kinds
        .iter()
        .map(|k| {
            let class = format!("pc-swatch pc-bar--{}", k.slug());
            view! { <li><span class=class aria-hidden="true"></span>{k.label()}</li> }
        })
        .collect_view();
    let buckets = s.buckets;
    // The table is built when it is opened: a chart costs no table in the
    // page until someone asks for it.
    let open = RwSignal::new(false);
    let table = move || {
        open.get().then(|| {
            let rows = figures(&buckets, &currency);
            view! {
                <table class="pc-table pc-figures">
                    <thead><tr>
                        <th scope="col">{match step {
                            Step::Day => "Day",
                            Step::Week => "Week of",
                            Step::Month => "Month from",
                            Step::Year => "Year from",
                        }}</th>
                        <th scope="col" class="pc-num">"Volume"</th>
                        <th scope="col">"By status"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            }
        })
    };
    let summary = format!("Show the {code} figures as a table");
    view! {
        <figure class="pc-chart">
            <figcaption>
                <span class="pc-chart__title">{format!("{code}, volume per {}", step.word())}</span>
                <ul class="pc-legend">{legend}</ul>
            </figcaption>
            <svg class="pc-chart__svg" role="img" aria-label=name viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none">{bars}</svg>
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
fn figures(buckets: &[payments_model::chart::Bucket], currency: &Currency) -> impl IntoView {
    let amount = |v| Money::new(v, currency.clone());
    buckets
        .iter()
        .filter(|b| !b.by_status.is_empty())
        .map(|b| {
            let parts = b
                .by_status
                .iter()
                .map(|(k, v)| format!("{} {}", k.label(), money(amount(*v))))
                .collect::<Vec<_>>()
                .join(", ");
            view! { <tr><th scope="row">{day(Moment::Day(b.start))}</th><td class="pc-num">{money(amount(b.total))}</td><td>{parts}</td></tr> }
        })
        .collect_view()
}
