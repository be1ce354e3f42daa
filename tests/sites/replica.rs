//! The replica and backup commands of docs/DEPLOYMENT.md, run exactly as written (the
//! shell block after each `<!-- tested: NAME -->`): `pg_basebackup` from the shared
//! server to a second throwaway server, a standby, that takes the record by streaming;
//! then `dutyboard verify` there as the auditor finds the whole chain. And a base
//! backup restored to a moment from the WAL archive, verified the same way.

use crate::server::{
    as_postgres, free_port, is_root, scratch, server_or_skip, stop_when_done, Server,
};
use crate::support::bin;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The shell block of docs/DEPLOYMENT.md marked `<!-- tested: name -->`.
fn deployment_block(name: &str) -> String {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/DEPLOYMENT.md"))
            .expect("docs/DEPLOYMENT.md");
    let marker = format!("<!-- tested: {name} -->");
    let after = doc
        .split_once(&marker)
        .unwrap_or_else(|| panic!("docs/DEPLOYMENT.md has no block marked {marker}"))
        .1;
    let body = after
        .split_once("```sh\n")
        .expect("a sh block after the marker")
        .1;
    body.split_once("\n```")
        .expect("the block ends")
        .0
        .to_string()
}

/// A folder the postgres user owns, for a data directory to be made in.
fn owned_by_postgres(parent: &Path, name: &str) -> PathBuf {
    let dir = parent.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
    if is_root() {
        let ok = std::process::Command::new("chown")
            .arg("postgres")
            .arg(&dir)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "chown postgres {}", dir.display());
    }
    dir
}

/// A record with a child and an episode, and the auditor's login.
fn record(pg: &Server, test: &str) -> String {
    let db = pg.fresh(test);
    pg.init(&db, &["--policy", "camden"]);
    pg.officer(&db, "rep_officer", &["camden"]);
    let seed = [
        serde_json::json!({"type": "child_registered", "id": "c1", "at": "2026-01-05T09:00:00Z",
            "child": "C1", "name": "Copied Child", "dob": "2012-03-04", "status": "looked_after"}),
        serde_json::json!({"type": "episode_reported", "id": "e1", "at": "2026-01-12T10:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-01-12T08:00:00Z",
            "category": "missing", "risk": "medium"}),
    ]
    .map(|v| format!("{v}\n"))
    .concat();
    bin::succeeds(
        Path::new(&pg.url_as(&db, "rep_officer")),
        "Officer",
        &["import", "-"],
        Some(&seed),
    );
    pg.sql(
        &db,
        "DO $$ BEGIN
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rep_auditor') THEN
                 CREATE ROLE rep_auditor LOGIN IN ROLE dutyboard_auditor;
             END IF;
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'dutyboard_replicator') THEN
                 CREATE ROLE dutyboard_replicator LOGIN REPLICATION;
             END IF;
         END $$",
    );
    db
}

fn update(id: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({"type": "update_recorded", "id": id, "at": "2026-01-12T11:00:00Z",
                           "episode": "E1", "text": format!("update {id}")})
    )
}

/// The auditor's `verify` on another server: its output, once it has `want` events.
fn verify_when(url: &str, want: &str) -> String {
    let started = Instant::now();
    loop {
        let out = bin::dutyboard(Path::new(url), "Auditor", &["verify"], None);
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        if out.status.success() && said.contains(&format!("is whole: {want} events")) {
            return said;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "after 30 s verify on {url} says: {said}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn primary(pg: &Server) -> String {
    format!(
        "host={} port={} user=dutyboard_replicator",
        pg.dir.display(),
        pg.port
    )
}

#[test]
fn a_replica_made_by_the_deployment_commands_streams_the_record_and_verifies_whole() {
    let pg = server_or_skip!();
    let db = record(pg, "replica");
    let parent = scratch("dutyboard-replica.");
    let replica = owned_by_postgres(&parent, "replica");
    stop_when_done(&replica, &parent);
    let port = free_port();
    as_postgres(
        &deployment_block("replica"),
        &[
            ("PRIMARY", primary(pg)),
            ("REPLICA_DATA", replica.join("data").display().to_string()),
            (
                "REPLICA_LOG",
                replica.join("server.log").display().to_string(),
            ),
            (
                "SERVER_OPTIONS",
                format!(
                    "-p {port} -k {} -c listen_addresses='' -c archive_mode=off",
                    replica.display()
                ),
            ),
        ],
    );
    // Stored after the copy: it reaches the replica by streaming.
    bin::succeeds(
        Path::new(&pg.url_as(&db, "rep_officer")),
        "Officer",
        &["import", "-"],
        Some(&update("after-the-copy")),
    );
    let stored = pg.value(&db, "SELECT count(*) FROM dutyboard.events");
    let url = format!(
        "postgresql:///{db}?host={}&port={port}&user=rep_auditor",
        replica.display()
    );
    let said = verify_when(&url, &stored);
    let head = pg.value(
        &db,
        "SELECT hash FROM dutyboard.events ORDER BY seq DESC LIMIT 1",
    );
    assert!(
        said.contains(&head),
        "the replica's chain head is not the primary's: {said}"
    );
    // A standby takes no write.
    let out = bin::dutyboard(
        Path::new(&url.replace("user=rep_auditor", "user=rep_officer")),
        "Officer",
        &["import", "-"],
        Some(&update("on-the-replica")),
    );
    assert!(!out.status.success(), "the replica stored a write");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("read-only"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_base_backup_restored_to_a_moment_keeps_what_came_before_and_verifies_whole() {
    let pg = server_or_skip!();
    let db = record(pg, "restore");
    let parent = scratch("dutyboard-restore.");
    let work = owned_by_postgres(&parent, "restore");
    stop_when_done(&work, &parent);
    let backup = work.join("base");
    as_postgres(
        &deployment_block("base-backup"),
        &[
            ("PRIMARY", primary(pg)),
            ("BACKUP_DIR", backup.display().to_string()),
        ],
    );
    let officer = pg.url_as(&db, "rep_officer");
    bin::succeeds(
        Path::new(&officer),
        "Officer",
        &["import", "-"],
        Some(&update("before-the-target")),
    );
    let kept = pg.value(&db, "SELECT count(*) FROM dutyboard.events");
    let head = pg.value(
        &db,
        "SELECT hash FROM dutyboard.events ORDER BY seq DESC LIMIT 1",
    );
    // (recovery_target_time takes PostgreSQL's own form, not RFC 3339's T.)
    let target = pg.value(
        "postgres",
        "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'",
    );
    std::thread::sleep(Duration::from_millis(1100));
    bin::succeeds(
        Path::new(&officer),
        "Officer",
        &["import", "-"],
        Some(&update("after-the-target")),
    );
    // Close the WAL segment so the archive holds the commit after the target.
    let segment = pg.value("postgres", "pg_walfile_name(pg_switch_wal())");
    let started = Instant::now();
    while pg.value(
        "postgres",
        &format!("SELECT coalesce(last_archived_wal >= '{segment}', false) FROM pg_stat_archiver"),
    ) != "true"
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the WAL segment {segment} was not archived"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let data = work.join("data");
    let port = free_port();
    as_postgres(
        &deployment_block("restore"),
        &[
            ("BACKUP_DIR", backup.display().to_string()),
            ("RESTORE_DATA", data.display().to_string()),
            ("RESTORE_LOG", work.join("server.log").display().to_string()),
            (
                "WAL_ARCHIVE",
                pg.dir.join("wal-archive").display().to_string(),
            ),
            ("TARGET_TIME", target),
            (
                "SERVER_OPTIONS",
                format!(
                    "-p {port} -k {} -c listen_addresses='' -c archive_mode=off",
                    work.display()
                ),
            ),
        ],
    );
    let url = format!(
        "postgresql:///{db}?host={}&port={port}&user=rep_auditor",
        work.display()
    );
    let said = verify_when(&url, &kept);
    assert!(said.contains(&head), "restored to another head: {said}");
}
