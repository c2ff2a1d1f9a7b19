//! 2cloud's demo set: users (one administrator), campaigns, funding
//! sources and donations, the same on every machine.

use super::*;

/// Demo users, campaigns, funding sources and donations.
pub fn seed(db: &Sqlite, count: usize) -> rusqlite::Result<()> {
    let mut rng = DemoRng::new(0x5EED_0004);
    let users = [
        (FIRST_ID + 100_000, ADMIN.0, ADMIN.1, true),
        (FIRST_ID + 100_002, USER.0, USER.1, false),
        (FIRST_ID + 100_004, "grace", "grace-secret", false),
        (FIRST_ID + 100_006, "linus", "linus-secret", false),
        (FIRST_ID + 100_008, "margaret", "margaret-secret", false),
    ];
    for (id, name, secret, admin) in users {
        db.execute(
            "INSERT OR IGNORE INTO tc_users (id, username, secret, admin) VALUES (?1, ?2, ?3, ?4)",
            params![id, name, secret, admin],
        )?;
        for k in 0..2 {
            db.execute(
                "INSERT OR IGNORE INTO tc_funding_sources (id, user_id) VALUES (?1, ?2)",
                params![id + 1_000 + k * 20, id],
            )?;
        }
    }
    let campaigns = [
        (FIRST_ID + 200_000, "Clean rivers"),
        (FIRST_ID + 200_002, "Library books"),
        (FIRST_ID + 200_004, "Night shelter"),
    ];
    for (id, name) in campaigns {
        db.execute(
            "INSERT OR IGNORE INTO tc_campaigns (id, name) VALUES (?1, ?2)",
            params![id, name],
        )?;
    }
    let statuses = [
        ("succeeded", 75),
        ("pending", 12),
        ("error", 8),
        ("retry", 5),
    ];
    let messages = [
        "",
        "",
        "Keep going!",
        "For the shelter",
        "In memory of Joan",
        "Happy to help",
    ];
    let start = Utc
        .with_ymd_and_hms(2025, 2, 1, 8, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..count {
        let (user, ..) = users[1 + rng.below(4) as usize];
        let funding = user + 1_000 + (rng.below(2) as i64) * 20;
        let created = start + Duration::minutes((i as i64) * 1_300 + rng.below(600) as i64);
        let status = *rng.weighted(&statuses);
        let completed = match status {
            "succeeded" | "error" => rfc3339(created + Duration::seconds(5 + rng.below(50) as i64)),
            _ => ZERO_TIME.to_string(),
        };
        db.execute(
            &format!("INSERT INTO tc_payments ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
            params![
                FIRST_ID + 2 * i as i64,
                format!("ch_{}", rng.token(16)),
                [500, 1000, 2500, 5000, 10000][rng.below(5) as usize] + rng.below(3) as i64 * 125,
                messages[rng.below(messages.len() as u64) as usize],
                rfc3339(created),
                completed,
                user,
                funding,
                rng.below(5) == 0,
                campaigns[rng.below(3) as usize].0,
                status,
                if status == "error" { "card_declined" } else { "" },
            ],
        )?;
    }
    Ok(())
}
