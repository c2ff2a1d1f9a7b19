use super::*;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Berlin's rules for 2026: CET, and CEST from 29 March 01:00 UTC to 25
/// October 01:00 UTC.
struct Berlin;

impl Offsets for Berlin {
    fn name(&self) -> &str {
        "Europe/Berlin"
    }
    fn offset_at(&self, t: i64) -> i32 {
        let summer = at("2026-03-29T01:00:00Z").timestamp()..at("2026-10-25T01:00:00Z").timestamp();
        if summer.contains(&t) {
            7200
        } else {
            3600
        }
    }
}

/// A zone whose clocks go forward at midnight (as Santiago's do): -04:00,
/// then -03:00 from 6 September 2026 04:00 UTC.
struct MidnightJump;

impl Offsets for MidnightJump {
    fn name(&self) -> &str {
        "America/Santiago"
    }
    fn offset_at(&self, t: i64) -> i32 {
        if t < at("2026-09-06T04:00:00Z").timestamp() {
            -4 * 3600
        } else {
            -3 * 3600
        }
    }
}

fn new_york() -> Fixed {
    Fixed {
        name: "America/New_York".into(),
        offset: -5 * 3600,
    }
}

#[test]
fn a_day_starts_at_the_zones_midnight() {
    assert_eq!(
        start_of_day(day("2026-01-15"), &Berlin),
        at("2026-01-14T23:00:00Z")
    );
    assert_eq!(
        start_of_day(day("2026-07-15"), &Berlin),
        at("2026-07-14T22:00:00Z")
    );
    assert_eq!(
        start_of_day(day("2026-01-15"), &new_york()),
        at("2026-01-15T05:00:00Z")
    );
    assert_eq!(
        start_of_day(day("2026-01-15"), &Fixed::utc()),
        at("2026-01-15T00:00:00Z")
    );
}

#[test]
fn days_across_a_daylight_saving_change_are_23_and_25_hours() {
    let (start, end) = day_span(day("2026-03-29"), &Berlin);
    assert_eq!(start, at("2026-03-28T23:00:00Z"));
    assert_eq!(end, at("2026-03-29T21:59:59Z"));
    assert_eq!((end - start).num_seconds() + 1, 23 * 3600);
    let (start, end) = day_span(day("2026-10-25"), &Berlin);
    assert_eq!(start, at("2026-10-24T22:00:00Z"));
    assert_eq!(end, at("2026-10-25T22:59:59Z"));
    assert_eq!((end - start).num_seconds() + 1, 25 * 3600);
}

#[test]
fn a_skipped_midnight_starts_the_day_when_the_clocks_jump() {
    assert_eq!(
        start_of_day(day("2026-09-06"), &MidnightJump),
        at("2026-09-06T04:00:00Z")
    );
    let (_, end) = day_span(day("2026-09-05"), &MidnightJump);
    assert_eq!(end, at("2026-09-06T03:59:59Z"));
}

#[test]
fn wall_clock_times_that_happen_twice_or_never() {
    let wall = |t: &str| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").unwrap_or_default();
    // 02:30 on 25 October happens twice in Berlin: the first is meant.
    assert_eq!(
        instant_of(wall("2026-10-25T02:30"), &Berlin),
        at("2026-10-25T00:30:00Z")
    );
    // 02:30 on 29 March never happens: read with the winter offset.
    assert_eq!(
        instant_of(wall("2026-03-29T02:30"), &Berlin),
        at("2026-03-29T01:30:00Z")
    );
    assert_eq!(
        wall_clock(at("2026-03-29T01:30:00Z"), &Berlin),
        wall("2026-03-29T03:30")
    );
    assert_eq!(
        local_date(at("2026-07-14T22:30:00Z"), &Berlin),
        day("2026-07-15")
    );
    assert_eq!(
        local_date(at("2026-07-14T22:30:00Z"), &new_york()),
        day("2026-07-14")
    );
}

#[test]
fn inputs_read_and_write_the_zones_wall_clock() {
    let wall = parse_wall("2026-07-15T00:30").unwrap_or_default();
    assert_eq!(instant_of(wall, &Berlin), at("2026-07-14T22:30:00Z"));
    assert_eq!(
        parse_wall("2026-07-15T00:30:07").map(|w| w.and_utc().timestamp() % 60),
        Some(7)
    );
    for bad in [
        "",
        "2026-07-15",
        "2026-07-15T",
        "2026-07-15T7:30",
        "2026-07-15T24:00",
        "2026-02-30T10:00",
        "2026-07-15T10:00:00:00",
        "x2026-07-15T10:00",
    ] {
        assert_eq!(parse_wall(bad), None, "{bad}");
    }
    assert_eq!(
        wall_text(at("2026-07-14T22:30:00Z"), &Berlin),
        "2026-07-15T00:30"
    );
    assert_eq!(
        wall_text(at("2026-07-14T22:30:09Z"), &new_york()),
        "2026-07-14T17:30:09"
    );
}

#[test]
fn times_for_files_carry_their_offset() {
    assert_eq!(
        with_offset(at("2026-07-14T22:30:00Z"), &Berlin),
        "2026-07-15T00:30:00+02:00"
    );
    assert_eq!(
        with_offset(at("2026-01-15T05:00:00Z"), &new_york()),
        "2026-01-15T00:00:00-05:00"
    );
    assert_eq!(
        with_offset(at("2026-01-15T05:00:00Z"), &Fixed::utc()),
        "2026-01-15T05:00:00Z"
    );
    let odd = Fixed {
        name: "Africa/Monrovia".into(),
        offset: -(44 * 60 + 30),
    };
    assert_eq!(
        with_offset(at("1960-01-01T00:00:00Z"), &odd),
        "1959-12-31T23:15:30-00:44:30"
    );
}

#[test]
fn each_preset_names_its_days() {
    let today = day("2026-03-04");
    let cases = [
        (DatePreset::Today, "2026-03-04", "2026-03-04"),
        (DatePreset::Yesterday, "2026-03-03", "2026-03-03"),
        (DatePreset::Last7Days, "2026-02-26", "2026-03-04"),
        (DatePreset::Last30Days, "2026-02-03", "2026-03-04"),
        (DatePreset::ThisMonth, "2026-03-01", "2026-03-04"),
        (DatePreset::LastMonth, "2026-02-01", "2026-02-28"),
        (DatePreset::ThisYear, "2026-01-01", "2026-03-04"),
    ];
    for (preset, from, to) in cases {
        assert_eq!(preset.days(today), (day(from), day(to)), "{preset:?}");
        assert_eq!(
            DatePreset::matching(day(from), day(to), today),
            Some(preset)
        );
        assert_eq!(DatePreset::from_slug(preset.slug()), Some(preset));
    }
    assert_eq!(
        DatePreset::LastMonth.days(day("2026-01-31")),
        (day("2025-12-01"), day("2025-12-31"))
    );
    assert_eq!(
        DatePreset::matching(day("2026-03-01"), day("2026-03-02"), today),
        None
    );
}

#[test]
fn today_depends_on_the_zone() {
    // 23:30 UTC on 31 March is already 1 April in Berlin, still 31 March
    // in New York: "This month" differs.
    let now = at("2026-03-31T23:30:00Z");
    let berlin = DatePreset::ThisMonth.days(local_date(now, &Berlin));
    let there = DatePreset::ThisMonth.days(local_date(now, &new_york()));
    assert_eq!(berlin, (day("2026-04-01"), day("2026-04-01")));
    assert_eq!(there, (day("2026-03-01"), day("2026-03-31")));
    // And each range's instants are that zone's days.
    assert_eq!(day_span(berlin.0, &Berlin).0, at("2026-03-31T22:00:00Z"));
    assert_eq!(day_span(there.1, &new_york()).1, at("2026-04-01T04:59:59Z"));
}

#[test]
fn each_presets_instants_in_two_zones() {
    // At 23:30 UTC on 31 December 2026 it is already 2027 in Berlin.
    let now = at("2026-12-31T23:30:00Z");
    for preset in DatePreset::ALL {
        let (b_from, b_to) = preset.days(local_date(now, &Berlin));
        let (n_from, n_to) = preset.days(local_date(now, &new_york()));
        let berlin = (day_span(b_from, &Berlin).0, day_span(b_to, &Berlin).1);
        let york = (
            day_span(n_from, &new_york()).0,
            day_span(n_to, &new_york()).1,
        );
        // Each range starts at its zone's midnight and ends a second
        // before a later one.
        assert_eq!(
            wall_clock(berlin.0, &Berlin).time(),
            chrono::NaiveTime::MIN,
            "{preset:?}"
        );
        assert_eq!(
            wall_clock(york.0, &new_york()).time(),
            chrono::NaiveTime::MIN,
            "{preset:?}"
        );
        assert_eq!(
            local_date(berlin.1 + Duration::seconds(1), &Berlin),
            b_to.succ_opt().unwrap_or(b_to)
        );
        assert_ne!(berlin, york, "{preset:?} differs between the zones");
    }
    assert_eq!(
        DatePreset::ThisYear.days(local_date(now, &Berlin)).0,
        day("2027-01-01")
    );
    assert_eq!(
        DatePreset::ThisYear.days(local_date(now, &new_york())).0,
        day("2026-01-01")
    );
    assert_eq!(
        DatePreset::LastMonth.days(local_date(now, &Berlin)),
        (day("2026-12-01"), day("2026-12-31"))
    );
}
