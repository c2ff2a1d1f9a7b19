//! Journey: create, edit and delete a ReviewRover payment, with invalid
//! input first (errors by the fields, focus on the first, nothing sent).

use payments_e2e::Journey;

#[tokio::test]
async fn create_edit_and_delete_a_reviewrover_payment() {
    let j = Journey::start().await;
    j.open("/c/reviewrover").await;
    j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
        .await;

    // Open a payment from the list.
    let first = j.find("tbody th a").await;
    let id = first.text().await.unwrap();
    first.click().await.unwrap();
    j.sees(&format!("Payment {id}")).await;
    j.sees("Contact ID").await;
    j.find("details.pc-raw summary")
        .await
        .click()
        .await
        .unwrap();
    j.until("the raw JSON", || async {
        j.text("details.pc-raw pre")
            .await
            .contains("\"contact_id\"")
    })
    .await;
    j.client.back().await.unwrap();

    // Invalid input: errors shown, focus moves, no request.
    j.button("New payment").await.click().await.unwrap();
    j.sees("New ReviewRover payment").await;
    j.fill("Amount", "12.345").await;
    let before = j.fetches().await;
    j.button("Save").await.click().await.unwrap();
    j.sees("Correct 2 fields to save").await;
    assert!(j
        .texts(".pc-field-error")
        .await
        .contains(&"Contact ID is required.".to_string()));
    assert!(j
        .texts(".pc-field-error")
        .await
        .contains(&"Amount can have at most 2 decimal places in USD.".to_string()));
    assert_eq!(
        j.focused_id().await,
        "pc-payment-contact_id",
        "focus moves to the first invalid field"
    );
    let contact = j.labelled("Contact ID").await;
    assert_eq!(
        contact.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(j.fetches().await, before, "nothing was sent");

    // Valid input: saved, and the detail page shows it. What was typed stays.
    j.fill("Contact ID", "cont_e2e").await;
    assert_eq!(
        j.labelled("Amount")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("12.345")
    );
    j.fill("Amount", "12.5").await;
    let external = format!("e2e_{}", std::process::id());
    j.fill("External ID", &external).await;
    j.pick("Status", "pending").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("$12.50").await;
    j.sees(&external).await;
    assert!(
        j.url().await.contains("/c/reviewrover/p/"),
        "{}",
        j.url().await
    );

    // Edit: only the documented fields.
    j.button("Edit").await.click().await.unwrap();
    j.sees("Edit payment").await;
    assert!(
        j.all("#pc-payment-contact_id").await.is_empty(),
        "contact_id cannot be updated"
    );
    j.pick("Status", "refunded").await;
    j.button("Save").await.click().await.unwrap();
    j.until("the refunded badge", || async {
        j.texts(".pc-detail-head .pc-badge").await == ["refunded"]
    })
    .await;

    // Delete asks first.
    j.button("Delete").await.click().await.unwrap();
    j.sees("This cannot be undone.").await;
    j.button("Delete payment").await.click().await.unwrap();
    j.until("the list", || async {
        j.url().await.ends_with("/c/reviewrover")
    })
    .await;
    j.open(&format!("/c/reviewrover/p/{external}")).await;
    j.sees(&format!(
        "No payment has the id or external_id \"{external}\""
    ))
    .await;
    j.finish().await;
}
