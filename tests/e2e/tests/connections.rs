//! Journey: the Connections page. The sandbox's connections (one per vendor) are there
//! on a first run; a person tests one, adds one (fixing a mistake first),
//! edits it, sees that secrets stay in memory unless remembered for the
//! session and never reach the address bar, and removes it.

use payments_e2e::Journey;

#[tokio::test]
async fn add_test_edit_remember_and_remove_connections() {
    let j = Journey::start().await;
    j.open("/connections").await;
    let vendors = payments_model::vendors::ALL;
    j.until("one connection per vendor", || async {
        j.all(".pc-card h3").await.len() == vendors.len()
    })
    .await;
    assert_eq!(
        j.texts(".pc-card h3").await,
        vendors
            .iter()
            .map(|v| v.display_name().to_string())
            .collect::<Vec<_>>()
    );

    j.button("Test ReviewRover").await.click().await.unwrap();
    j.sees("Connected: 240 payments.").await;

    // A mistake first: nothing is saved, the error sits by its field.
    j.start_browser_only_connection("twocloud").await;
    j.button("Save").await.click().await.unwrap();
    j.sees("Name is required.").await;
    assert_eq!(j.focused_id().await, "pc-conn-name");
    j.fill("Name", "Rivers (public)").await;
    j.fill("Base URL", "/twocloud").await;
    j.labelled("Scope")
        .await
        .select_by_value("campaign")
        .await
        .unwrap();
    j.fill("Scope ID", "9007199254940993").await;
    j.button("Save").await.click().await.unwrap();
    j.until("one more connection", || async {
        j.all(".pc-card h3").await.len() == vendors.len() + 1
    })
    .await;
    j.sees("No credentials (public access)").await;
    j.button("Test Rivers (public)")
        .await
        .click()
        .await
        .unwrap();
    j.sees("Connected: 25 payments on the first page.").await;

    // Its list is the campaign's public payments.
    j.button("Rivers (public)").await.click().await.unwrap();
    j.sees("Rivers (public) payments").await;
    j.until("rows", || async { !j.all("tbody tr").await.is_empty() })
        .await;
    assert!(
        j.texts("tbody .pc-badge").await.iter().all(|b| b == "none"),
        "the public view has no statuses"
    );
    j.open("/connections").await;

    // A second ReviewRover connection whose token is remembered, and one
    // whose token is not.
    for (name, remember) in [("Kept", true), ("Forgotten", false)] {
        j.start_browser_only_connection("reviewrover").await;
        j.fill("Name", name).await;
        j.fill("Base URL", "/reviewrover/api/v1").await;
        j.fill("Token", "rr_demo_token").await;
        if remember {
            j.labelled("Remember the secrets for this session")
                .await
                .click()
                .await
                .unwrap();
        }
        j.button("Save").await.click().await.unwrap();
        j.until("the new card", || async {
            j.texts(".pc-card h3").await.contains(&name.to_string())
        })
        .await;
    }
    j.client.refresh().await.unwrap();
    j.until("eight connections", || async {
        j.all(".pc-card h3").await.len() == 8
    })
    .await;
    let card = |name: &'static str| {
        let j = &j;
        async move {
            j.texts(".pc-card")
                .await
                .into_iter()
                .find(|c| c.starts_with(name))
                .unwrap_or_default()
        }
    };
    assert!(
        card("Kept")
            .await
            .contains("Browser-only: secret remembered for this session"),
        "{}",
        card("Kept").await
    );
    assert!(
        card("Forgotten")
            .await
            .contains("Secret missing: edit to enter it"),
        "{}",
        card("Forgotten").await
    );
    j.button("Test Forgotten").await.click().await.unwrap();
    j.sees("Missing API token").await;
    j.button("Test Kept").await.click().await.unwrap();
    j.sees("Connected: 240 payments.").await;
    let storage: String = j
        .client
        .execute(
            "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage);",
            vec![],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_string();
    let saved_tokens = storage.matches("rr_demo_token").count();
    assert_eq!(
        saved_tokens, 1,
        "only the remembered token is stored, in the session: {storage}"
    );
    assert!(!j.url().await.contains("token"), "{}", j.url().await);

    // Edit and remove.
    j.button("Edit Rivers (public)")
        .await
        .click()
        .await
        .unwrap();
    j.fill("Name", "Clean rivers").await;
    j.button("Save").await.click().await.unwrap();
    j.until("renamed", || async {
        j.texts(".pc-card h3")
            .await
            .contains(&"Clean rivers".to_string())
    })
    .await;
    assert!(j
        .texts(".pc-nav a")
        .await
        .contains(&"Clean rivers".to_string()));
    for name in ["Clean rivers", "Kept", "Forgotten"] {
        let remove = j
            .client
            .find(fantoccini::Locator::XPath(&format!(
                "//li[contains(@class,'pc-card')][.//h3[normalize-space(.)='{name}']]//button[normalize-space(.)='Remove']"
            )))
            .await
            .unwrap();
        remove.click().await.unwrap();
        j.button("Remove connection").await.click().await.unwrap();
        j.until("the card to go", || async {
            !j.texts(".pc-card h3").await.contains(&name.to_string())
        })
        .await;
    }
    assert_eq!(j.all(".pc-card h3").await.len(), 5);
    j.finish().await;
}
