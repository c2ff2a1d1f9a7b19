//! The controls of a connection's list, on one line: one per filter its
//! vendor documents (date presets for its date ranges; what
//! [`FilterBar`] has no room for on the line behind "More filters", each
//! in use as a chip), the order and the text to find where the list is
//! sorted in the browser, the sort and the page size. Their code is split off (`super::screens`) and fetched as
//! the list is drawn, beside its rows; [`FilterPlaces`] holds their
//! places meanwhile.

use leptos::prelude::*;

use payments_model::local::LocalOrder;
use payments_model::query::PageRequest;
use payments_model::vendors::{FieldKind, FilterBar, FilterSpec};

use super::more_filters::{chip_words, more_words, FilterChip, MoreFilters};
use super::{DatePresets, FieldControl};
use crate::language::{k, t};
use crate::state::shortcuts::Shortcut;
use crate::state::ListController;

/// The places of [`ListFilters`]' controls, held while their code is on
/// its way: for each control, in the order it is drawn, a box the size of
/// its kind of control (a date range with its presets, a line taller; a
/// check box, one line; a text box, a date and a date with a time, each
/// as wide as a browser draws it; a list to choose from; the hint under
/// the browser's order and find) holding
/// its label unseen, so it is as wide as the label makes the control. The
/// boxes' sizes are in `style/console.css` and follow what `FieldControl`
/// and `DatePresets` draw.
#[component]
pub fn FilterPlaces(
    /// The list's controller.
    list: ListController,
) -> impl IntoView {
    const FIELD: &str = "pc-filters__reserve";
    const RANGE: &str = "pc-filters__reserve pc-filters__reserve--range";
    const CHECK: &str = "pc-filters__reserve pc-filters__reserve--check";
    const TEXT: &str = "pc-filters__reserve pc-filters__reserve--text";
    const DATE: &str = "pc-filters__reserve pc-filters__reserve--date";
    const MOMENT: &str = "pc-filters__reserve pc-filters__reserve--moment";
    const HINT: &str = "pc-filters__reserve pc-filters__reserve--hint";
    let spec = list.spec();
    let bar = FilterBar::of(&spec);
    let kind_place = |kind: FieldKind| match kind {
        FieldKind::Flag => CHECK,
        FieldKind::Text | FieldKind::Suggest(_) | FieldKind::TextList(_) => TEXT,
        FieldKind::Amount | FieldKind::MinorUnits | FieldKind::WholeNumber => TEXT,
        FieldKind::Date | FieldKind::Day => DATE,
        FieldKind::DateTime => MOMENT,
        FieldKind::Choice(_) | FieldKind::Bool => FIELD,
    };
    let mut places: Vec<(&'static str, String)> = bar
        .ranges
        .iter()
        .map(|(_, _, words)| (RANGE, t(*words)))
        .collect();
    places.extend(bar.inline.iter().map(|f| (kind_place(f.kind), t(f.label))));
    let held_more = (!bar.more.is_empty()).then(|| {
        let query = list.query.get_untracked();
        let in_use: Vec<String> = bar
            .more
            .iter()
            .filter_map(|f| {
                let v = query.filters.get(f.name).filter(|v| !v.is_empty())?;
                Some(chip_words(&t(f.label), f.kind, v))
            })
            .collect();
        view! {
            <div class="pc-filters__reserve pc-filters__reserve--more" aria-hidden="true">
                <span class="pc-more__button">{more_words(in_use.len())}</span>
            </div>
            <ul class="pc-chips pc-filter-chips pc-filters__reserve pc-filters__reserve--chips" aria-hidden="true">
                {in_use.into_iter().map(|w| view! {
                    <li class="pc-chip pc-chip--filter"><span>{w}</span><span class="pc-chip__remove">"×"</span></li>
                }).collect_view()}
            </ul>
        }
    });
    if list.sorts_locally() {
        places.extend([
            (FIELD, t(k::filters::ORDER)),
            (TEXT, t(k::filters::FIND)),
            (HINT, t(k::filters::LOCAL_HINT)),
        ]);
    }
    if !spec.sorts.is_empty() {
        places.push((FIELD, t(k::filters::SORT)));
    }
    if !spec.page_sizes().is_empty() {
        places.push((FIELD, t(k::filters::PAGE_SIZE)));
    }
    let place = |(class, label): (&'static str, String)| {
        view! {
            <div class=class aria-hidden="true"><span class="pc-filters__reserve-label">{label}</span></div>
        }
    };
    // The line's order: ranges and inline filters, "More filters" and
    // its chips, then the order, find, sort and page size.
    let lead = bar.ranges.len() + bar.inline.len();
    let rest = places.split_off(lead);
    view! {
        {places.into_iter().map(place).collect_view()}
        {held_more}
        {rest.into_iter().map(place).collect_view()}
    }
}

/// One labelled control per documented filter, plus the sort and the
/// page size: the contents of the list's filter form.
#[component]
pub fn ListFilters(
    /// The list's controller.
    list: ListController,
) -> impl IntoView {
    let spec = list.spec();
    let query = list.query;
    let bar = FilterBar::of(&spec);
    let presets = bar
        .ranges
        .iter()
        .map(|&(from, to, words)| {
            let end = move |name: &'static str| filter_value(list, name);
            let pick = move |(f, t): (String, String)| list.set_filters(&[(from.name, &f), (to.name, &t)]);
            view! {
                <DatePresets id=format!("pc-dates-{}", from.name) label=t(words) from=end(from.name) to=end(to.name)
                    on_pick=Callback::new(pick) />
            }
        })
        .collect_view();
    let filters = bar
        .inline
        .iter()
        .map(|f| view! { <FilterControl spec=*f list=list /> })
        .collect_view();
    let more = (!bar.more.is_empty()).then(|| {
        let chips = bar
            .more
            .iter()
            .map(|f| {
                let name = f.name;
                FilterChip {
                    label: t(f.label),
                    kind: f.kind,
                    value: filter_value(list, name),
                    clear: Callback::new(move |_| list.set_filter(name, "")),
                }
            })
            .collect();
        let controls = bar
            .more
            .iter()
            .map(|f| view! { <FilterControl spec=*f list=list /> })
            .collect_view();
        view! { <MoreFilters chips=chips>{controls}</MoreFilters> }
    });
    let sizes = spec.page_sizes();
    let current_size = move || match query.get().page {
        PageRequest::Number { size, .. } => size.to_string(),
        PageRequest::Cursor { count, .. } => count.to_string(),
        PageRequest::All => String::new(),
    };
    let sorts = spec.sorts;
    let sort_value = move || query.with(|q| q.sort.clone().unwrap_or_default());
    view! {
        {presets}
        {filters}
        {more}
        {list.sorts_locally().then(|| view! { <LocalControls list=list /> })}
        {(!sorts.is_empty()).then(|| view! {
            <div class="pc-field">
                <label for="pc-sort">{t(k::filters::SORT)}</label>
                <select id="pc-sort" prop:value=sort_value on:change=move |ev| list.set_sort(event_target_value(&ev))>
                    <option value="">{t(k::filters::VENDOR_DEFAULT)}</option>
                    {sorts.iter().map(|(v, words)| {
                        let v = *v;
                        view! { <option value=v selected=move || sort_value() == v>{t(*words)}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
        {(!sizes.is_empty()).then(|| view! {
            <div class="pc-field">
                <label for="pc-page-size">{t(k::filters::PAGE_SIZE)}</label>
                <select
                    id="pc-page-size"
                    prop:value=current_size
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
                            list.set_size(n);
                        }
                    }
                >
                    {sizes.into_iter().map(|s| {
                        let v = s.to_string();
                        view! { <option value=v.clone() selected=move || current_size() == v>{s}</option> }
                    }).collect_view()}
                </select>
            </div>
        })}
    }
}

/// The order and the text to find for a list the vendor sends whole:
/// applied in the browser, without a new request.
#[component]
fn LocalControls(
    /// The list's controller.
    list: ListController,
) -> impl IntoView {
    let local = list.local;
    let order = move || local.with(|l| l.order.value());
    let find = move || local.with(|l| l.find.clone());
    view! {
        <div class="pc-field">
            <label for="pc-order">{t(k::filters::ORDER)}</label>
            <select id="pc-order" aria-describedby="pc-local-hint" prop:value=order
                on:change=move |ev| list.set_order(&event_target_value(&ev))>
                {LocalOrder::ALL.iter().map(|(_, v, words)| {
                    let v = *v;
                    view! { <option value=v selected=move || order() == v>{t(*words)}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="pc-field">
            <label for="pc-find">{t(k::filters::FIND)}</label>
            <input id="pc-find" type="search" aria-describedby="pc-local-hint" aria-keyshortcuts=Shortcut::Find.key() prop:value=find
                on:change=move |ev| list.set_find(&event_target_value(&ev)) />
        </div>
        <p id="pc-local-hint" class="pc-hint">{t(k::filters::LOCAL_HINT)}</p>
    }
}

/// The value of the filter `name` in the list's query (empty when
/// unset).
fn filter_value(list: ListController, name: &'static str) -> Signal<String> {
    Signal::derive(move || {
        list.query
            .with(|q| q.filters.get(name).cloned().unwrap_or_default())
    })
}

/// The control for one filter, with its error (if any) tied to it.
#[component]
fn FilterControl(
    /// The filter's declaration.
    spec: FilterSpec,
    /// The list's controller.
    list: ListController,
) -> impl IntoView {
    let name = spec.name;
    let value = filter_value(list, name);
    let error = Signal::derive(move || list.filter_errors.with(|e| e.get(name).cloned()));
    view! {
        <FieldControl id=format!("pc-filter-{name}") name=name label=t(spec.label) kind=spec.kind value=value
            error=error filter=true on_change=Callback::new(move |v: String| list.set_filter(name, &v)) />
    }
}
