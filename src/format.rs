//! Money, counts and time for people, with the browser's `Intl`
//! formatters, in the console's language and time zone: money in its
//! currency (amounts go in as exact decimal strings, never floats), times
//! in local time. A leaf under the views and controllers alike
//! ([`crate::language`] writes counts with it); the views that show a
//! value are `ui::values`.
//!
//! A formatter is built once per kind, locale and set of options and then
//! reused: building an `Intl` formatter costs far more than using one, and
//! a long list formats two values per row.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use payments_model::time::Moment;
use payments_model::zone::{instant_of, parse_wall, wall_text, Offsets};
use payments_model::Money;
use wasm_bindgen::{JsCast, JsValue};

fn options(pairs: &[(&str, JsValue)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o
}

thread_local! {
    /// The formatters built so far, by kind and options.
    static FORMATTERS: RefCell<Vec<(String, JsValue, Function)>> = const { RefCell::new(Vec::new()) };
}

/// Builds an `Intl` formatter (`NumberFormat`, `DateTimeFormat`) for the
/// console's language, or takes the one built before for the same `key`, and
/// calls its `format` on `arg`. Every step catches JavaScript exceptions,
/// so a value `Intl` rejects yields `None`.
fn intl_format(
    kind: &str,
    key: String,
    opts: impl FnOnce() -> Object,
    arg: &JsValue,
) -> Option<String> {
    let language = crate::language::intl_locale();
    let key = format!("{kind}|{language}|{key}");
    let cached = FORMATTERS.with_borrow(|all| {
        all.iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, f, call)| (f.clone(), call.clone()))
    });
    let (formatter, format) = match cached {
        Some(pair) => pair,
        None => {
            let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
            let ctor: Function = Reflect::get(&intl, &kind.into()).ok()?.dyn_into().ok()?;
            let args = Array::of2(&Array::of1(&language.as_str().into()), &opts());
            let formatter = Reflect::construct(&ctor, &args).ok()?;
            let format: Function = Reflect::get(&formatter, &"format".into())
                .ok()?
                .dyn_into()
                .ok()?;
            FORMATTERS.with_borrow_mut(|all| all.push((key, formatter.clone(), format.clone())));
            (formatter, format)
        }
    };
    format.call1(&formatter, arg).ok()?.as_string()
}

/// The mark the console's language writes before decimals (`,` in
/// German); `.` outside a browser.
pub fn decimal_mark() -> char {
    if !cfg!(target_arch = "wasm32") {
        return '.';
    }
    intl_format(
        "NumberFormat",
        String::new(),
        Object::new,
        &JsValue::from_f64(1.5),
    )
    .and_then(|one_and_a_half| one_and_a_half.chars().nth(1))
    .filter(|c| !c.is_ascii_digit())
    .unwrap_or('.')
}

/// A count as the console's language writes numbers (`1.234` in German).
pub fn format_count(n: usize) -> String {
    if !cfg!(target_arch = "wasm32") {
        return n.to_string();
    }
    intl_format(
        "NumberFormat",
        String::new(),
        Object::new,
        &JsValue::from_f64(n as f64),
    )
    .unwrap_or_else(|| n.to_string())
}

/// Formats money in the console's language, such as `$1,234.50` or `¥1,500`,
/// keeping every digit the amount has (the amount goes to `Intl` as an
/// exact decimal string). Falls back to `1234.50 USD`.
pub fn format_money(m: &Money) -> String {
    let digits = m.amount.scale().max(m.currency.minor_units()).min(100);
    number_format(
        m,
        &digits.to_string(),
        &[
            ("minimumFractionDigits", digits.into()),
            ("maximumFractionDigits", digits.into()),
        ],
    )
}

/// Formats money in few characters for an axis, such as `£25K` or
/// `$1.5M` (the browser's compact notation), with at most `digits` after
/// the point (at least one); falls back to the exact form.
pub fn format_compact(m: &Money, digits: u32) -> String {
    let digits = digits.clamp(1, 20);
    number_format(
        m,
        &format!("compact|{digits}"),
        &[
            ("notation", JsValue::from_str("compact")),
            ("maximumFractionDigits", digits.into()),
        ],
    )
}

/// Formats `m` with an `Intl.NumberFormat` of `settings` (cached under
/// `variant`), in its currency's style where it has a stated one (an
/// amount in no stated currency is a plain number: no symbol, no code);
/// falls back to `1234.50 USD`.
fn number_format(m: &Money, variant: &str, settings: &[(&str, JsValue)]) -> String {
    let stated = m.currency.is_stated();
    let code = if stated { m.currency.code() } else { "" };
    let opts = || {
        if stated {
            let style = [("style", "currency".into()), ("currency", code.into())];
            options(&[&style[..], settings].concat())
        } else {
            options(settings)
        }
    };
    let exact = JsValue::from_str(&m.amount.to_string());
    intl_format("NumberFormat", format!("{variant}|{code}"), opts, &exact)
        .unwrap_or_else(|| m.to_string())
}

/// Formats a calendar date with only `parts` of it (an axis label, such
/// as `3 Nov`, `Nov 2026` or `2026`, in the browser's words).
pub fn format_date_parts(
    d: chrono::NaiveDate,
    parts: payments_model::chart::axes::DateParts,
) -> String {
    let m = Moment::Day(d);
    let date = js_sys::Date::new(&JsValue::from_f64(m.epoch_millis() as f64));
    let key = format!("{}{}{}", parts.day, parts.month, parts.year);
    let opts = || {
        let mut o = vec![("timeZone", JsValue::from_str("UTC"))];
        if parts.day {
            o.push(("day", "numeric".into()));
        }
        if parts.month {
            o.push(("month", "short".into()));
        }
        if parts.year {
            o.push(("year", "numeric".into()));
        }
        options(&o)
    };
    intl_format("DateTimeFormat", key, opts, &date).unwrap_or_else(|| m.exact())
}

/// Formats a moment in the console's time zone (dates stay calendar
/// dates, unshifted).
pub fn format_moment_local(m: &Moment) -> String {
    let date = js_sys::Date::new(&JsValue::from_f64(m.epoch_millis() as f64));
    let zone = match m {
        Moment::Day(_) => "UTC".to_string(),
        Moment::At(_) => crate::zone::current().name().to_string(),
    };
    let day = matches!(m, Moment::Day(_));
    let key = format!("{day}|{zone}");
    let opts = || {
        let zone = ("timeZone", JsValue::from_str(&zone));
        if day {
            options(&[("dateStyle", "medium".into()), zone])
        } else {
            options(&[
                ("dateStyle", "medium".into()),
                ("timeStyle", "short".into()),
                zone,
            ])
        }
    };
    intl_format("DateTimeFormat", key, opts, &date).unwrap_or_else(|| m.exact())
}

/// The `datetime-local` input value (the console's time zone,
/// `YYYY-MM-DDTHH:MM`) for an RFC 3339 instant; empty when the text is
/// not one.
pub fn local_input_value(rfc3339: &str) -> String {
    match payments_model::time::parse_text(rfc3339) {
        Ok(Some(Moment::At(t))) => wall_text(t, &crate::zone::current()),
        Ok(Some(Moment::Day(d))) => format!("{}T00:00", Moment::Day(d).exact()),
        _ => String::new(),
    }
}

/// The RFC 3339 instant (UTC) of a `datetime-local` value read in the
/// console's time zone; empty input stays empty, unreadable input is kept
/// as typed so validation can name it.
pub fn utc_from_local_input(local: &str) -> String {
    if local.trim().is_empty() {
        return String::new();
    }
    match parse_wall(local) {
        Some(wall) => Moment::At(instant_of(wall, &crate::zone::current())).exact(),
        None => local.to_string(),
    }
}
