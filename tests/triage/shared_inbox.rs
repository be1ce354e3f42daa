//! Review D23: two records in one folder would share the default `inbox/` beside them,
//! and one council's police notifications would land in the other's record. An inbox
//! is the one record's that scanned it first: another record scanning it is refused,
//! told to give itself its own `--inbox`, and nothing is moved.

use crate::support::bin;
use std::path::Path;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/notifications");

#[test]
fn a_second_record_in_the_folder_does_not_take_the_first_ones_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let cumbria = dir.path().join("cumbria.db");
    let kent = dir.path().join("kent.db");
    bin::succeeds(&cumbria, "T", &["init", "--policy", "cumbria"], None);
    bin::succeeds(&kent, "T", &["init", "--policy", "cumbria"], None);
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).unwrap();
    let drop = |name: &str| {
        std::fs::copy(
            Path::new(CORPUS).join("good/amy-smith.json"),
            inbox.join(name),
        )
        .unwrap();
        let f = std::fs::File::options()
            .append(true)
            .open(inbox.join(name))
            .unwrap();
        f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(10))
            .unwrap();
    };
    drop("first.json");
    let first = bin::succeeds(&cumbria, "T", &["triage", "scan"], None);
    assert!(String::from_utf8_lossy(&first.stdout).contains("processed first.json"));
    drop("second.json");
    let other = bin::dutyboard(&kent, "T", &["triage", "scan"], None);
    let err = String::from_utf8_lossy(&other.stderr);
    assert_eq!(
        other.status.code(),
        Some(1),
        "the other record took the inbox: {err}"
    );
    assert!(
        err.contains("cumbria.db") && err.contains("--inbox"),
        "{err}"
    );
    assert!(inbox.join("second.json").exists(), "nothing was moved");
    // Its own inbox works, and the first record still reads the shared one.
    let own = dir.path().join("kent-inbox");
    std::fs::create_dir(&own).unwrap();
    bin::succeeds(
        &kent,
        "T",
        &["--inbox", own.to_str().unwrap(), "triage", "scan"],
        None,
    );
    let again = bin::succeeds(&cumbria, "T", &["triage", "scan"], None);
    assert!(String::from_utf8_lossy(&again.stdout).contains("second.json"));
}
