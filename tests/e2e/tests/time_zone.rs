//! A journey through the time zone setting on the gateway: the header
//! says which zone times are in, choosing another redraws every time in
//! it and is kept across a reload, a date preset fills both ends of a
//! range with that zone's days, and axe finds nothing wrong with the new
//! controls.

use payments_e2e::Journey;

/// What the browser's own `Intl` writes for `datetime` in `zone`, as the
/// console's times are written.
async fn intl_text(j: &Journey, datetime: &str, zone: &str) -> String {
    j.js(&format!(
        "return new Intl.DateTimeFormat(undefined, {{dateStyle: 'medium', timeStyle: 'short', timeZone: '{zone}'}}).format(new Date('{datetime}'));"
    ))
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

/// The first row's time: its exact value and the text shown.
async fn first_time(j: &Journey) -> (String, String) {
    let t = j.find("tbody time").await;
    let exact = t.attr("datetime").await.ok().flatten().unwrap_or_default();
    (exact, t.text().await.unwrap_or_default())
}

#[tokio::test]
async fn times_dates_and_presets_follow_the_chosen_zone() {
    let j = Journey::start().await;
    j.open("/c/builton").await;
    j.find("tbody time").await;
    let summary = j.find(".pc-zone summary").await;
    assert!(summary
        .text()
        .await
        .unwrap_or_default()
        .starts_with("Times in "));
    // Opened from the keyboard.
    summary
        .send_keys("\u{E007}")
        .await
        .expect("Enter opens the setting");
    let choice = j.labelled("Time zone").await;
    choice
        .select_by_value("Asia/Tokyo")
        .await
        .expect("Tokyo is offered");
    j.until("the header to name Tokyo", || async {
        j.text(".pc-zone summary").await.contains("Asia/Tokyo")
    })
    .await;
    j.find("tbody time").await;
    let (exact, shown) = first_time(&j).await;
    assert_eq!(shown, intl_text(&j, &exact, "Asia/Tokyo").await, "{exact}");
    let violations = j.axe(".pc-header").await;
    assert!(violations.is_empty(), "{violations:?}");

    // Kept in this browser.
    j.open("/c/builton").await;
    j.find("tbody time").await;
    assert!(j.text(".pc-zone summary").await.contains("Asia/Tokyo"));

    // "Last 7 days" ends today in Tokyo.
    let today = j
        .js("return new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Tokyo'}).format(new Date());")
        .await
        .as_str()
        .unwrap_or_default()
        .to_string();
    j.labelled("Dates")
        .await
        .select_by_value("last-7-days")
        .await
        .expect("the preset is offered");
    let wanted = format!("to_date={today}");
    j.until("the address to hold the range", || async {
        let url = j.url().await;
        url.contains("from_date=") && url.contains(&wanted)
    })
    .await;
    let hint = j.text("#pc-dates-from_date-range").await;
    assert!(hint.ends_with("days in Asia/Tokyo."), "{hint}");
    // The list is asked again (other journeys may have made payments this
    // week, so it may or may not be empty).
    j.until("the list answered", || async {
        !j.all(".pc-table-wrap[aria-busy=false]").await.is_empty()
    })
    .await;
    let violations = j.axe(".pc-filters").await;
    assert!(violations.is_empty(), "{violations:?}");

    // Activity's days are Tokyo's too: the server is asked from 15:00 UTC
    // the day before (Tokyo's midnight) to 14:59:59 UTC.
    j.open("/activity").await;
    j.find("#pc-activity-dates").await;
    j.labelled("Dates")
        .await
        .select_by_value("today")
        .await
        .expect("the preset is offered");
    j.until("the log asked for Tokyo's day", || async {
        let asked = j
            .js("return performance.getEntriesByType('resource').map(e => decodeURIComponent(e.name)).filter(n => n.includes('/gateway/activity?')).join(' ');")
            .await;
        let asked = asked.as_str().unwrap_or_default().to_string();
        asked.contains("T15:00:00Z") && asked.contains("T14:59:59Z")
    })
    .await;
    let hint = j.text("#pc-activity-dates-range").await;
    assert!(hint.ends_with("days in Asia/Tokyo."), "{hint}");

    // Back to the browser's own zone.
    j.find(".pc-zone summary")
        .await
        .click()
        .await
        .expect("open");
    j.labelled("Time zone")
        .await
        .select_by_value("")
        .await
        .expect("the browser's zone is offered");
    j.until("the header to name the browser's zone", || async {
        !j.text(".pc-zone summary").await.contains("Asia/Tokyo")
    })
    .await;
    j.finish().await;
}
