//! A desk at another site connects over TLS with the URL its DBA hands out:
//! `sslmode=verify-full&sslrootcert=...`, the password from a password file, or a
//! client certificate. The server's CA and certificate are made for this run (by
//! scripts/pg-throwaway.sh, with the openssl CLI), and another CA made here must be
//! refused in plain words. Over TCP the server takes TLS only (pg_hba `hostssl`, every
//! other TCP login rejected), so a command that works there worked over TLS.

use crate::server::{server_or_skip, Server};
use crate::support::bin;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PASSWORD: &str = "correct horse battery staple";

/// A record in its own database, and the officer `who` (Camden's) with a password.
fn record(pg: &Server, test: &str, who: &str) -> String {
    let db = pg.fresh(test);
    pg.init(&db, &["--policy", "camden"]);
    pg.officer(&db, who, &["camden"]);
    pg.sql(&db, &format!("ALTER ROLE {who} PASSWORD '{PASSWORD}'"));
    db
}

/// A password file only its owner may read, for `user` on the server's TCP port.
fn password_file(pg: &Server, dir: &Path, name: &str, db: &str, user: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        format!(
            "# the desk's logins\nlocalhost:{}:{db}:{user}:{PASSWORD}\n",
            pg.port
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    path
}

/// `dutyboard --db URL ARGS` with only these libpq variables set (and HOME).
fn run(url: &str, args: &[&str], stdin: Option<&str>, env: &[(&str, &Path)]) -> Output {
    let mut c = bin::command(Some(Path::new(url)), "Remote desk", args);
    for name in [
        "PGPASSFILE",
        "PGPASSWORD",
        "PGSSLMODE",
        "PGSSLROOTCERT",
        "PGSSLCERT",
        "PGSSLKEY",
    ] {
        c.env_remove(name);
    }
    let home = tempfile::tempdir().unwrap();
    c.env("HOME", home.path());
    for (k, v) in env {
        c.env(k, v);
    }
    bin::output_of(c, stdin.map(str::as_bytes))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn seed() -> String {
    [
        serde_json::json!({"type": "child_registered", "id": "c1", "at": "2026-01-05T09:00:00Z",
            "child": "C1", "name": "Remote Child", "dob": "2012-03-04", "status": "looked_after"}),
        serde_json::json!({"type": "episode_reported", "id": "e1", "at": "2026-01-12T10:00:00Z",
            "episode": "E1", "child": "C1", "last_seen_at": "2026-01-12T08:00:00Z",
            "category": "missing", "risk": "medium"}),
    ]
    .map(|v| format!("{v}\n"))
    .concat()
}

/// A CA of its own, which signed nothing the server holds.
fn other_ca(dir: &Path) -> PathBuf {
    let out = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
        ])
        .args([
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=some other council's CA",
        ])
        .arg("-keyout")
        .arg(dir.join("other.key"))
        .arg("-out")
        .arg(dir.join("other.crt"))
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    dir.join("other.crt")
}

#[test]
fn a_remote_desk_records_and_verifies_over_tls_with_verify_full_and_a_password_file() {
    let pg = server_or_skip!();
    let db = record(pg, "tls_verify_full", "tess");
    let dir = tempfile::tempdir().unwrap();
    let pgpass = password_file(pg, dir.path(), "pgpass", &db, "tess");
    let ca = pg.ca();
    let url = pg.tcp_url(
        "localhost",
        &db,
        "tess",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    );
    let out = run(
        &url,
        &["import", "-"],
        Some(&seed()),
        &[("PGPASSFILE", &pgpass)],
    );
    assert!(out.status.success(), "import over TLS: {}", stderr(&out));
    let out = run(&url, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
    assert!(out.status.success(), "verify over TLS: {}", stderr(&out));
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
    let stored = pg.value(&db, "SELECT count(*) FROM dutyboard.events");
    assert!(
        said.contains(&format!("is whole: {stored} events")),
        "verify said: {said}"
    );
    // Both were stored by the officer's own login, which reached the server only by TLS.
    assert_eq!(
        pg.value(
            &db,
            "SELECT string_agg(DISTINCT recorded_by, ',') FROM dutyboard.events WHERE child = 'C1'"
        ),
        "tess"
    );
    // And without TLS the server takes no login over TCP at all.
    let plain = pg.tcp_url("localhost", &db, "tess", "sslmode=disable");
    let out = run(&plain, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
    assert!(!out.status.success(), "a login without TLS was taken");
}

#[test]
fn the_password_comes_from_the_officers_own_pgpass_and_the_url_names_no_password() {
    let pg = server_or_skip!();
    let db = record(pg, "tls_home_pgpass", "tom");
    let home = tempfile::tempdir().unwrap();
    password_file(pg, home.path(), ".pgpass", &db, "tom");
    let url = pg.tcp_url(
        "localhost",
        &db,
        "tom",
        &format!("sslmode=verify-full&sslrootcert={}", pg.ca().display()),
    );
    let out = run(
        &url,
        &["import", "-"],
        Some(&seed()),
        &[("HOME", home.path())],
    );
    assert!(out.status.success(), "with ~/.pgpass: {}", stderr(&out));
    // A password file others may read is not used, and says so.
    use std::os::unix::fs::PermissionsExt;
    let file = home.path().join(".pgpass");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = run(&url, &["verify"], None, &[("HOME", home.path())]);
    assert!(
        !out.status.success(),
        "a password from an open file was used"
    );
    assert!(
        stderr(&out).contains("is ignored: others may read it"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_server_certificate_from_another_ca_is_refused_in_plain_words_in_every_tls_mode() {
    let pg = server_or_skip!();
    let db = record(pg, "tls_other_ca", "tara");
    let dir = tempfile::tempdir().unwrap();
    let pgpass = password_file(pg, dir.path(), "pgpass", &db, "tara");
    let other = other_ca(dir.path());
    // With rustls `require` and `prefer` verify the certificate as verify-full does.
    for mode in ["verify-full", "verify-ca", "require", "prefer"] {
        let url = pg.tcp_url(
            "localhost",
            &db,
            "tara",
            &format!("sslmode={mode}&sslrootcert={}", other.display()),
        );
        let out = run(&url, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
        assert!(
            !out.status.success(),
            "sslmode={mode}: another CA was accepted"
        );
        let said = stderr(&out);
        assert!(
            said.contains("the server's certificate is not signed by a CA this desk trusts"),
            "sslmode={mode}: {said}"
        );
        assert!(
            !said.contains(PASSWORD),
            "the refusal shows the password: {said}"
        );
    }
    // A CA file that is not there is named.
    let url = pg.tcp_url(
        "localhost",
        &db,
        "tara",
        "sslmode=verify-full&sslrootcert=/nowhere/ca.crt",
    );
    let out = run(&url, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("sslrootcert=/nowhere/ca.crt cannot be read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn verify_full_checks_the_host_name_and_verify_ca_only_who_signed() {
    let pg = server_or_skip!();
    let db = record(pg, "tls_names", "nina");
    let dir = tempfile::tempdir().unwrap();
    // The certificate names `localhost`; 127.0.0.1 is the same server by another name.
    let pgpass = dir.path().join("pgpass");
    std::fs::write(
        &pgpass,
        format!("127.0.0.1:{}:{db}:nina:{PASSWORD}\n", pg.port),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let ca = pg.ca();
    let full = pg.tcp_url(
        "127.0.0.1",
        &db,
        "nina",
        &format!("sslmode=verify-full&sslrootcert={}", ca.display()),
    );
    let out = run(&full, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
    assert!(
        !out.status.success(),
        "a certificate for another name was accepted"
    );
    assert!(
        stderr(&out).contains("the server's certificate is not for the host name in the URL"),
        "{}",
        stderr(&out)
    );
    let ca_only = full.replace("verify-full", "verify-ca");
    let out = run(&ca_only, &["verify"], None, &[("PGPASSFILE", &pgpass)]);
    assert!(out.status.success(), "verify-ca: {}", stderr(&out));
}

#[test]
fn an_officer_signs_in_with_a_client_certificate_from_sslcert_and_sslkey() {
    let pg = server_or_skip!();
    let db = record(pg, "tls_client_cert", "cleo");
    // The server asks `cleo` for a certificate signed by its CA, and no password.
    let hba = pg.dir.join("data/pg_hba.conf");
    let rules = std::fs::read_to_string(&hba).unwrap();
    if !rules.contains("hostssl all cleo") {
        std::fs::write(&hba, format!("hostssl all cleo 127.0.0.1/32 cert\n{rules}")).unwrap();
    }
    pg.sql(
        "postgres",
        &format!("ALTER SYSTEM SET ssl_ca_file = '{}'", pg.ca().display()),
    );
    pg.sql("postgres", "SELECT pg_reload_conf()");
    std::thread::sleep(std::time::Duration::from_millis(500));

    let dir = tempfile::tempdir().unwrap();
    let (key, csr, crt) = (
        dir.path().join("cleo.key"),
        dir.path().join("cleo.csr"),
        dir.path().join("cleo.crt"),
    );
    let tls = pg.dir.join("tls");
    let mut request = Command::new("openssl");
    request
        .args([
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ])
        .args(["-subj", "/CN=cleo", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&csr);
    let mut sign = Command::new("openssl");
    // (An extension makes it a version 3 certificate, the only kind rustls sends.)
    let ext = dir.path().join("cleo.ext");
    std::fs::write(&ext, "extendedKeyUsage=clientAuth\n").unwrap();
    sign.args(["x509", "-req", "-days", "1", "-extfile"])
        .arg(&ext)
        .arg("-in")
        .arg(&csr)
        .arg("-CA")
        .arg(tls.join("ca.crt"))
        .arg("-CAkey")
        .arg(tls.join("ca.key"))
        .arg("-CAcreateserial")
        .arg("-out")
        .arg(&crt);
    for mut step in [request, sign] {
        let out = step.output().expect("openssl runs");
        assert!(
            out.status.success(),
            "{step:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let url = pg.tcp_url(
        "localhost",
        &db,
        "cleo",
        &format!(
            "sslmode=verify-full&sslrootcert={}&sslcert={}&sslkey={}",
            pg.ca().display(),
            crt.display(),
            key.display()
        ),
    );
    let out = run(&url, &["import", "-"], Some(&seed()), &[]);
    assert!(
        out.status.success(),
        "with a client certificate: {}",
        stderr(&out)
    );
    // Without it the server refuses her: the certificate was what let her in.
    let without = url.split("&sslcert=").next().unwrap().to_string();
    let out = run(&without, &["verify"], None, &[]);
    assert!(!out.status.success(), "cleo got in without her certificate");
}
