//! The console's time zone: the one the person chose (kept in
//! `localStorage`), else the browser's. Its rules come from the browser's
//! own `Intl` data ([`IntlZone`] answers the model's [`Offsets`]), so no
//! time-zone database travels in the download. Times shown, date filters
//! and exports all read [`current`]; a change bumps a signal that
//! [`track`] subscribes a view to, so the page is drawn again in the new
//! zone.

use std::cell::RefCell;

use chrono::{DateTime, NaiveDate, Utc};
use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use payments_model::zone::{local_date, Offsets};
use wasm_bindgen::{JsCast, JsValue};

const ZONE_KEY: &str = "pc.time-zone";

/// A time zone the browser knows, by its IANA name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntlZone {
    name: String,
}

/// The parts of a wall-clock time, as `formatToParts` names them.
const PARTS: [&str; 6] = ["year", "month", "day", "hour", "minute", "second"];

thread_local! {
    /// A `DateTimeFormat` and its `formatToParts` per zone used so far.
    static FORMATTERS: RefCell<Vec<(String, JsValue, Function)>> = const { RefCell::new(Vec::new()) };
    /// The person's choice, once read from storage (`Some(None)`: none).
    static CHOSEN: RefCell<Option<Option<String>>> = const { RefCell::new(None) };
    /// The browser's own zone, once asked.
    static BROWSER: RefCell<Option<IntlZone>> = const { RefCell::new(None) };
    /// Bumped on every change of zone.
    static CHANGES: ArcRwSignal<u32> = ArcRwSignal::new(0);
}

fn intl(name: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    Reflect::get(&intl, &name.into()).ok()?.dyn_into().ok()
}

/// The formatter that writes `zone`'s wall-clock time as numbers, and
/// its `formatToParts`; `None` when the browser knows no such zone.
fn parts_formatter(zone: &str) -> Option<(JsValue, Function)> {
    let cached = FORMATTERS.with_borrow(|all| {
        all.iter()
            .find(|(z, _, _)| z == zone)
            .map(|(_, f, p)| (f.clone(), p.clone()))
    });
    if cached.is_some() {
        return cached;
    }
    let opts = Object::new();
    let mut pairs = vec![("timeZone", zone), ("hourCycle", "h23")];
    pairs.extend(PARTS.iter().map(|p| (*p, "numeric")));
    for (k, v) in pairs {
        let _ = Reflect::set(&opts, &k.into(), &v.into());
    }
    let args = Array::of2(&"en-US".into(), &opts);
    let formatter = Reflect::construct(&intl("DateTimeFormat")?, &args).ok()?;
    let parts: Function = Reflect::get(&formatter, &"formatToParts".into())
        .ok()?
        .dyn_into()
        .ok()?;
    FORMATTERS
        .with_borrow_mut(|all| all.push((zone.to_string(), formatter.clone(), parts.clone())));
    Some((formatter, parts))
}

impl IntlZone {
    /// The zone's name as people read it (`America/New York`).
    pub fn name_text(&self) -> String {
        self.name.replace('_', " ")
    }

    /// The zone named `name`, if the browser knows it (`UTC`,
    /// `Europe/Berlin`; names are matched as the browser matches them).
    pub fn named(name: &str) -> Option<IntlZone> {
        let name = name.trim();
        if name.is_empty() || name.len() > 64 {
            return None;
        }
        parts_formatter(name).map(|_| IntlZone {
            name: name.to_string(),
        })
    }

    /// The browser's own zone (`UTC` if it cannot say), asked once.
    pub fn browser() -> IntlZone {
        if let Some(zone) = BROWSER.with_borrow(Clone::clone) {
            return zone;
        }
        let zone = IntlZone::resolved();
        BROWSER.with_borrow_mut(|b| *b = Some(zone.clone()));
        zone
    }

    fn resolved() -> IntlZone {
        let resolved = intl("DateTimeFormat")
            .and_then(|ctor| Reflect::construct(&ctor, &Array::new()).ok())
            .and_then(|f| {
                let resolve: Function = Reflect::get(&f, &"resolvedOptions".into())
                    .ok()?
                    .dyn_into()
                    .ok()?;
                resolve.call0(&f).ok()
            })
            .and_then(|o| Reflect::get(&o, &"timeZone".into()).ok())
            .and_then(|z| z.as_string());
        resolved
            .and_then(|z| IntlZone::named(&z))
            .unwrap_or_else(|| IntlZone { name: "UTC".into() })
    }

    /// The wall-clock fields at `at` (milliseconds), read from `Intl`.
    fn fields_at(&self, at_ms: f64) -> Option<[i64; 6]> {
        let (formatter, parts) = parts_formatter(&self.name)?;
        let date = js_sys::Date::new(&JsValue::from_f64(at_ms));
        let list: Array = parts.call1(&formatter, &date).ok()?.dyn_into().ok()?;
        let mut fields = [0i64; 6];
        for part in list.iter() {
            let kind = Reflect::get(&part, &"type".into()).ok()?.as_string()?;
            if let Some(i) = PARTS.iter().position(|p| *p == kind) {
                let value = Reflect::get(&part, &"value".into()).ok()?.as_string()?;
                fields[i] = value.parse().ok()?;
            }
        }
        Some(fields)
    }
}

impl Offsets for IntlZone {
    fn name(&self) -> &str {
        &self.name
    }

    fn offset_at(&self, at: i64) -> i32 {
        let Some([y, mo, d, h, mi, s]) = self.fields_at(at as f64 * 1000.0) else {
            return 0;
        };
        let day = i32::try_from(y)
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, mo as u32, d as u32));
        let Some(wall) = day.and_then(|d| d.and_hms_opt(h as u32, mi as u32, s as u32)) else {
            return 0;
        };
        i32::try_from(wall.and_utc().timestamp() - at).unwrap_or(0)
    }
}

/// Every zone the browser can name, for the picker (empty where the
/// browser cannot list them).
pub fn names() -> Vec<String> {
    let list = intl("supportedValuesOf")
        .and_then(|_| Reflect::get(&js_sys::global(), &"Intl".into()).ok())
        .and_then(|intl| {
            let f: Function = Reflect::get(&intl, &"supportedValuesOf".into())
                .ok()?
                .dyn_into()
                .ok()?;
            f.call1(&intl, &"timeZone".into()).ok()
        })
        .and_then(|v| v.dyn_into::<Array>().ok());
    list.map(|a| a.iter().filter_map(|z| z.as_string()).collect())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The zone the person chose, if any (`None`: the browser's).
pub fn chosen() -> Option<String> {
    CHOSEN.with_borrow_mut(|c| {
        c.get_or_insert_with(|| {
            storage()
                .and_then(|s| s.get_item(ZONE_KEY).ok().flatten())
                .filter(|z| IntlZone::named(z).is_some())
        })
        .clone()
    })
}

/// The console's time zone now.
pub fn current() -> IntlZone {
    chosen()
        .and_then(|z| IntlZone::named(&z))
        .unwrap_or_else(IntlZone::browser)
}

/// Makes `name` the console's time zone (`None`: the browser's), kept in
/// this browser. A name the browser does not know is refused (`false`).
pub fn choose(name: Option<&str>) -> bool {
    let zone = match name {
        Some(n) => match IntlZone::named(n) {
            Some(z) => Some(z.name),
            None => return false,
        },
        None => None,
    };
    if let Some(s) = storage() {
        let _ = match &zone {
            Some(z) => s.set_item(ZONE_KEY, z),
            None => s.remove_item(ZONE_KEY),
        };
    }
    CHOSEN.with_borrow_mut(|c| *c = Some(zone));
    CHANGES.with(|c| c.update(|n| *n += 1));
    true
}

/// Subscribes the running view to changes of zone.
pub fn track() {
    CHANGES.with(|c| c.track());
}

/// Now, from the browser's clock.
pub fn now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

/// Today's date in the console's time zone.
pub fn today() -> NaiveDate {
    local_date(now(), &current())
}
