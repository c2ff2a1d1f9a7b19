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
use payments_model::chart::axes::{bar_after_key, date_marks, label_parts, Slots, ValueAxis};
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

/// What a chart says in words: its title, its table's summary, its
/// accessible name, its total, each bar's words, and the stem of its
/// files' names.
struct ChartWords {
    title: String,
    summary: String,
    name: String,
    in_all: String,
    bars: Vec<String>,
    file_stem: String,
}

impl ChartWords {
    fn of(s: &Series, step: Step, currency: &Currency) -> ChartWords {
        let code = s.currency.as_str();
        let total = s.total();
        let (first, last) = (
            s.buckets.first().map(|b| b.start),
            s.buckets.last().map(|b| b.start),
        );
        let peak_at = s.buckets.iter().max_by_key(|b| b.total).map(|b| b.start);
        let name = match (first, last, peak_at) {
            (Some(f), Some(l), Some(p)) => {
                let (from, to, peak_day) = (day(f), day(l), day(p));
                let (sum, peak) = (money(total, currency), money(s.peak(), currency));
                let args = [
                    ("code", code),
                    ("from", &from),
                    ("to", &to),
                    ("total", &sum),
                    ("peak", &peak),
                    ("peak_day", &peak_day),
                ];
                t_with(step_words(step).2, &args)
            }
            _ => t_with(k::chart::NAME_PLAIN, &[("code", code)]),
        };
        ChartWords {
            title: t_with(step_words(step).1, &[("code", code)]),
            summary: t_with(k::chart::TABLE_SUMMARY, &[("code", code)]),
            name,
            in_all: t_with(k::chart::IN_ALL, &[("total", &money(total, currency))]),
            bars: s
                .buckets
                .iter()
                .map(|b| describe(b, step, currency))
                .collect(),
            file_stem: match (first, last) {
                (Some(f), Some(l)) => format!("volume-{code}-{f}-to-{l}"),
                _ => format!("volume-{code}"),
            },
        }
    }
}

/// One chart's state while it is shown: its figures, its width as
/// measured, the bar pointed at or focused, and the bar that takes the
/// one Tab stop.
#[derive(Clone, Copy)]
struct Plot {
    buckets: StoredValue<Vec<Bucket>>,
    words: StoredValue<Vec<String>>,
    axis: StoredValue<ValueAxis>,
    currency: StoredValue<Currency>,
    step: Step,
    width: RwSignal<f64>,
    active: RwSignal<Option<usize>>,
    tab_stop: RwSignal<usize>,
    frame: NodeRef<leptos::html::Div>,
}

impl Plot {
    fn new(s: Series, step: Step, words: Vec<String>, currency: Currency) -> Plot {
        let last_with = s
            .buckets
            .iter()
            .rposition(|b| !b.by_status.is_empty())
            .unwrap_or(0);
        Plot {
            axis: StoredValue::new(ValueAxis::for_peak(s.peak())),
            buckets: StoredValue::new(s.buckets),
            words: StoredValue::new(words),
            currency: StoredValue::new(currency),
            step,
            width: RwSignal::new(640.0),
            active: RwSignal::new(None),
            tab_stop: RwSignal::new(last_with),
            frame: NodeRef::new(),
        }
    }

    /// Keeps the width the frame has now, and again when the window's
    /// size changes.
    fn follow_width(self) {
        let measure = move || {
            if let Some(el) = self.frame.get_untracked() {
                let w = f64::from(el.client_width());
                if w > 0.0 && (w - self.width.get_untracked()).abs() >= 1.0 {
                    self.width.set(w);
                }
            }
        };
        Effect::new(move |_| {
            if self.frame.get().is_some() {
                measure();
            }
        });
        let resize = window_event_listener(leptos::ev::resize, move |_| measure());
        on_cleanup(move || resize.remove());
    }

    fn count(self) -> usize {
        self.buckets.with_value(Vec::len)
    }

    /// Moves the Tab stop and the focus to bar `i`.
    fn focus_bar(self, i: usize) {
        self.tab_stop.set(i);
        if let Some(el) = self.frame.get_untracked() {
            if let Ok(Some(bar)) = el.query_selector(&format!("[data-bar=\"{i}\"]")) {
                let _ = bar.unchecked_ref::<web_sys::HtmlElement>().focus();
            }
        }
    }

    /// The value axis: its lines and labels.
    fn ticks(self, w: f64, plot_h: f64) -> impl IntoView {
        // As many decimals as the axis's step has (0.01 needs two).
        let axis = self.axis.get_value();
        let digits = axis.ticks.get(1).map_or(0, |t| t.normalize().scale());
        let currency = self.currency.get_value();
        axis.ticks
            .iter()
            .map(|t| {
                let y = TOP + plot_h * (1.0 - axis.height_of(*t));
                let label = format_compact(&Money::new(*t, currency.clone()), digits);
                view! {
                    <line class="pc-chart__grid" x1=px(LEFT) x2=px(w - RIGHT) y1=px(y) y2=px(y) />
                    <text class="pc-chart__tick" x=px(LEFT - 6.0) y=px(y) text-anchor="end" dominant-baseline="middle">{label}</text>
                }
            })
            .collect_view()
    }

    /// The date axis's labels, as many as fit.
    fn dates(self, w: f64, slots: &Slots, plot_w: f64) -> impl IntoView {
        let room = (plot_w / LABEL_ROOM).floor() as usize;
        let step = self.step;
        self.buckets.with_value(|bs| {
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
        })
    }

    /// Each bar: its parts by status, its slot, its words and keys.
    fn bars(self, slots: &Slots, plot_h: f64) -> impl IntoView {
        let axis = self.axis.get_value();
        let count = self.count();
        self.buckets.with_value(|bs| {
            bs.iter()
                .enumerate()
                .map(|(i, b)| {
                    let mut top = TOP + plot_h;
                    let parts = b
                        .by_status
                        .iter()
                        .map(|(kind, v)| {
                            let h = plot_h * axis.height_of(*v);
                            top -= h;
                            let class = format!("pc-bar pc-bar--{}", kind.slug());
                            view! { <rect class=class x=px(LEFT + slots.bar_x(i)) y=px(top) width=px(slots.bar) height=px(h) /> }
                        })
                        .collect_view();
                    let label = self.words.with_value(|ws| ws[i].clone());
                    let (active, tab_stop) = (self.active, self.tab_stop);
                    view! {
                        <g class="pc-chart__bar" role="img" aria-label=label data-bar=i.to_string()
                            tabindex=move || if tab_stop.get() == i { "0" } else { "-1" }
                            on:focus=move |_| { tab_stop.set(i); active.set(Some(i)) }
                            on:blur=move |_| active.set(None)
                            on:mouseenter=move |_| active.set(Some(i))
                            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                                if let Some(to) = bar_after_key(&ev.key(), i, count) {
                                    ev.prevent_default();
                                    self.focus_bar(to);
                                }
                            }>
                            <rect class="pc-chart__slot" x=px(LEFT + slots.slot_x(i)) y=px(TOP) width=px(slots.slot) height=px(plot_h) />
                            {parts}
                        </g>
                    }
                })
                .collect_view()
        })
    }

    /// The drawing at the width measured now, named `name`.
    fn draw(self, name: String) -> impl IntoView {
        let w = self.width.get();
        let plot_w = (w - LEFT - RIGHT).max(10.0);
        let plot_h = HEIGHT - TOP - BOTTOM;
        let slots = Slots::across(self.count(), plot_w);
        let active = self.active;
        view! {
            <svg class="pc-chart__svg" role="group" aria-label=name width=px(w) height=px(HEIGHT)
                viewBox=format!("0 0 {} {}", px(w), px(HEIGHT)) on:mouseleave=move |_| active.set(None)>
                <g aria-hidden="true">{self.ticks(w, plot_h)}{self.dates(w, &slots, plot_w)}</g>
                {self.bars(&slots, plot_h)}
            </svg>
        }
    }

    /// The words of the bar pointed at or focused, else the hint.
    fn readout(self) -> String {
        match self.active.get() {
            Some(i) => self
                .words
                .with_value(|ws| ws.get(i).cloned().unwrap_or_default()),
            None => t(k::chart::HINT),
        }
    }

    /// The figures as a table.
    fn table(self) -> impl IntoView {
        let rows = self
            .buckets
            .with_value(|bs| self.currency.with_value(|c| figures(bs, c)));
        view! {
            <table class="pc-table pc-figures">
                <thead><tr>
                    <th scope="col">{bucket_word(self.step)}</th>
                    <th scope="col" class="pc-num">{t(k::chart::VOLUME)}</th>
                    <th scope="col">{t(k::chart::BY_STATUS)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
    }
}

/// Saves the chart drawn in `frame` as a file (SVG, or PNG); why not,
/// into `failed`.
fn save_file(
    frame: NodeRef<leptos::html::Div>,
    title: String,
    stem: String,
    png: bool,
    failed: RwSignal<Option<String>>,
) {
    let Some(svg) = frame
        .get_untracked()
        .and_then(|el| el.query_selector("svg").ok().flatten())
    else {
        return;
    };
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
}

fn series_chart(s: Series, step: Step) -> impl IntoView {
    let currency = Currency::from_code(&s.currency).unwrap_or_else(Currency::unstated);
    let legend = s
        .by_status()
        .into_iter()
        .map(|(k, t)| {
            let class = format!("pc-swatch pc-bar--{}", k.slug());
            view! { <li><span class=class aria-hidden="true"></span>{status_total(k, t, &currency)}</li> }
        })
        .collect_view();
    let words = ChartWords::of(&s, step, &currency);
    let plot = Plot::new(s, step, words.bars, currency);
    plot.follow_width();
    let failed = RwSignal::new(None::<String>);
    let (title, stem) = (
        StoredValue::new(words.title.clone()),
        StoredValue::new(words.file_stem),
    );
    let save =
        move |png: bool| save_file(plot.frame, title.get_value(), stem.get_value(), png, failed);
    let open = RwSignal::new(false);
    let name = words.name;
    view! {
        <figure class="pc-chart">
            <figcaption>
                <span class="pc-chart__title">{words.title}</span>
                " "
                <span class="pc-chart__total">{words.in_all}</span>
                <ul class="pc-legend">{legend}</ul>
            </figcaption>
            <div class="pc-chart__frame" node_ref=plot.frame>{move || plot.draw(name.clone())}</div>
            <p class="pc-chart__readout" aria-hidden="true">{move || plot.readout()}</p>
            <div class="pc-chart__actions">
                <button type="button" on:click=move |_| save(false)>{t(k::chart::DOWNLOAD_SVG)}</button>
                <button type="button" on:click=move |_| save(true)>{t(k::chart::DOWNLOAD_PNG)}</button>
                {move || failed.get().map(|e| view! { <span class="pc-field-error" role="alert">{e}</span> })}
            </div>
            <details class="pc-chart__table" on:toggle=move |ev| {
                open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())
            }>
                <summary>{words.summary}</summary>
                {move || open.get().then(|| plot.table())}
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
