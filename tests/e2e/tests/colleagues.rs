//! Journey: two colleagues at two browsers, `editor` and `editor-2`,
//! signed in through the demo gateway, working on the same ReviewRover
//! payment. A colleague's save shows up on the other's open form and
//! list; a save made from a stale form is caught and shown with who
//! changed what, and the person decides (keep mine on theirs, take
//! theirs, overwrite anyway) without losing what they typed; a change to
//! another field goes through; a stale delete asks again.

use payments_e2e::Journey;

/// Creates a payment of `amount` through `j`'s form; its id.
async fn create(j: &Journey, amount: &str) -> String {
    j.open("/c/reviewrover/new").await;
    j.sees("New ReviewRover payment").await;
    j.fill("Contact ID", "cont_team").await;
    j.fill("Amount", amount).await;
    j.pick("Status", "pending").await;
    j.button("Save").await.click().await.unwrap();
    j.until("the new payment's page", || async {
        j.url().await.contains("/c/reviewrover/p/")
    })
    .await;
    let url = j.url().await;
    url.rsplit('/').next().unwrap().to_string()
}

async fn edit(j: &Journey, id: &str) {
    j.open(&format!("/c/reviewrover/p/{id}/edit")).await;
    j.sees("Edit payment").await;
    j.until("the values to edit", || async {
        !j.all("#pc-payment-amount").await.is_empty()
    })
    .await;
}

async fn value(j: &Journey, label: &str) -> String {
    j.labelled(label)
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

#[tokio::test]
async fn two_colleagues_never_lose_each_others_changes() {
    let a = Journey::start_as("editor").await;
    let b = Journey::start_as("editor-2").await;
    let id = create(&a, "100.00").await;

    // Both open the edit form; A saves a new amount.
    edit(&a, &id).await;
    edit(&b, &id).await;
    a.fill("Amount", "111.11").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$111.11").await;

    // B's open form hears of it.
    b.sees("editor changed this payment just now").await;
    // B, whose form still says 100.00, saves another amount: caught.
    assert_eq!(value(&b, "Amount").await, "100.00");
    b.fill("Amount", "222.22").await;
    b.button("Save").await.click().await.unwrap();
    b.sees("Changed by editor at").await;
    b.sees("Amount 100.00 → 111.11").await;
    assert_eq!(value(&b, "Amount").await, "222.22", "nothing typed is lost");
    assert!(b.url().await.ends_with("/edit"), "nothing was saved");
    assert_eq!(
        b.focused_id().await,
        "pc-payment-conflict",
        "the focus moves to what changed"
    );

    // Keep mine on theirs: the form now starts from theirs, mine kept.
    b.button("Keep my changes on theirs")
        .await
        .click()
        .await
        .unwrap();
    b.sees("Their version is loaded with your changes on top")
        .await;
    assert_eq!(value(&b, "Amount").await, "222.22");
    b.button("Save").await.click().await.unwrap();
    b.sees("$222.22").await;

    // A, on the stale page of A's last save, changes only the status:
    // another field, so it goes through and B's amount stays.
    edit(&a, &id).await;
    b.open(&format!("/c/reviewrover/p/{id}")).await;
    edit(&b, &id).await;
    b.fill("Amount", "333.33").await;
    b.button("Save").await.click().await.unwrap();
    b.sees("$333.33").await;
    a.pick("Status", "paid").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$333.33").await;
    a.until("the paid badge", || async {
        a.texts(".pc-detail-head .pc-badge").await == ["paid"]
    })
    .await;

    // Overwrite anyway: an explicit choice, in the Activity log.
    edit(&a, &id).await;
    edit(&b, &id).await;
    a.fill("Amount", "400.00").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$400.00").await;
    b.fill("Amount", "444.44").await;
    b.button("Save").await.click().await.unwrap();
    b.sees("Amount 333.33 → 400.00").await;
    b.button("Overwrite anyway").await.click().await.unwrap();
    b.sees("$444.44").await;
    a.open(&format!("/activity?payment={id}")).await;
    a.sees("Written over changes made since it was read: amount 333.33 → 400.00")
        .await;
    a.sees("Not sent: changed since it was read (amount 100.00 → 111.11)")
        .await;

    // Take theirs: what was typed is set aside for their version.
    edit(&a, &id).await;
    edit(&b, &id).await;
    a.fill("Amount", "500.00").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$500.00").await;
    b.fill("Amount", "555.55").await;
    b.button("Save").await.click().await.unwrap();
    b.sees("Amount 444.44 → 500.00").await;
    b.button("Take their version").await.click().await.unwrap();
    b.sees("Their version is loaded; what you typed was set aside.")
        .await;
    assert_eq!(value(&b, "Amount").await, "500.00");

    // A list open on B's screen says what changed instead of moving rows.
    b.open("/c/reviewrover").await;
    b.until("rows", || async { !b.all("tbody tr").await.is_empty() })
        .await;
    a.open(&format!("/c/reviewrover/p/{id}")).await;
    edit(&a, &id).await;
    a.fill("Amount", "600.00").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$600.00").await;
    b.sees("1 payment changed since this list was read.").await;
    b.button("Show").await.click().await.unwrap();
    b.until("the banner goes once the list is read again", || async {
        b.texts(".pc-changed__banner").await.is_empty()
    })
    .await;

    // A stale delete asks again, showing what changed.
    b.open(&format!("/c/reviewrover/p/{id}")).await;
    b.sees("$600.00").await;
    edit(&a, &id).await;
    a.fill("Amount", "700.00").await;
    a.button("Save").await.click().await.unwrap();
    a.sees("$700.00").await;
    b.sees("editor changed this payment just now").await;
    b.button("Delete").await.click().await.unwrap();
    b.button("Delete payment").await.click().await.unwrap();
    b.sees("Amount 600.00 → 700.00").await;
    b.sees("Delete this payment all the same?").await;
    b.button("Delete anyway").await.click().await.unwrap();
    b.until("the list", || async {
        let url = b.url().await;
        url.contains("/c/reviewrover") && !url.contains("/p/")
    })
    .await;

    // A's page of the payment now hears it is gone.
    a.sees("editor-2 deleted this payment just now.").await;
    a.finish().await;
    b.finish().await;
}
