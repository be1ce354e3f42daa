//! TLS between sites: the `sslmode`, `sslrootcert`, `sslcert` and `sslkey` of the URLs
//! DBAs hand out (and libpq's `PGSSLMODE`, `PGSSLROOTCERT`, `PGSSLCERT`, `PGSSLKEY`
//! and `~/.postgresql/` files), applied with rustls and its `ring` provider, which
//! tokio-postgres 0.7 does not do itself: it refuses `verify-full` and knows no
//! certificate files.
//!
//! With rustls every TLS mode verifies the server's certificate against the CA it is
//! given (`sslrootcert=FILE`, else `~/.postgresql/root.crt`, else, or with
//! `sslrootcert=system`, the machine's own CAs): `require` and `prefer` verify as
//! `verify-full` does, where libpq would take any certificate; `verify-ca` checks who
//! signed it but not the name on it. A Unix socket never carries TLS (as with libpq).

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_postgres_rustls::MakeRustlsConnect;

/// `sslmode`, as libpq spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl Mode {
    pub fn parse(value: &str) -> Result<Mode, String> {
        Ok(match value {
            "disable" => Mode::Disable,
            "allow" => Mode::Allow,
            "prefer" => Mode::Prefer,
            "require" => Mode::Require,
            "verify-ca" => Mode::VerifyCa,
            "verify-full" => Mode::VerifyFull,
            other => {
                return Err(format!(
                    "sslmode={other} is not one of disable, allow, prefer, require, verify-ca, \
                     verify-full"
                ))
            }
        })
    }

    /// What the client is told: TLS or not, and whether it may go without.
    pub fn client_mode(self) -> postgres::config::SslMode {
        use postgres::config::SslMode;
        match self {
            Mode::Disable => SslMode::Disable,
            // `allow` tries plain first in libpq; here TLS is tried first, as `prefer`.
            Mode::Allow | Mode::Prefer => SslMode::Prefer,
            Mode::Require | Mode::VerifyCa | Mode::VerifyFull => SslMode::Require,
        }
    }
}

/// The TLS settings a URL names (each `None` when it names none).
#[derive(Clone, Debug, Default)]
pub struct Settings {
    pub mode: Option<Mode>,
    pub rootcert: Option<String>,
    pub cert: Option<PathBuf>,
    pub key: Option<PathBuf>,
}

impl Settings {
    /// Takes a URL parameter this file reads; false when it is not one.
    pub fn take(&mut self, key: &str, value: &str) -> Result<bool, String> {
        match key {
            "sslmode" => self.mode = Some(Mode::parse(value)?),
            "sslrootcert" => self.rootcert = Some(value.to_string()),
            "sslcert" => self.cert = Some(PathBuf::from(value)),
            "sslkey" => self.key = Some(PathBuf::from(value)),
            "sslpassword" | "sslcrl" | "sslcrldir" => {
                return Err(format!(
                    "{key} is not supported: give an unencrypted sslkey file readable only by \
                     its owner, and the CA in sslrootcert"
                ))
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// libpq's environment for what the URL does not name.
    pub fn with_environment(mut self) -> Result<Settings, String> {
        if self.mode.is_none() {
            if let Some(mode) = env("PGSSLMODE") {
                self.mode = Some(Mode::parse(&mode).map_err(|e| format!("PGSSLMODE: {e}"))?);
            }
        }
        self.rootcert = self.rootcert.or_else(|| env("PGSSLROOTCERT"));
        self.cert = self.cert.or_else(|| env("PGSSLCERT").map(PathBuf::from));
        self.key = self.key.or_else(|| env("PGSSLKEY").map(PathBuf::from));
        Ok(self)
    }

    pub fn mode(&self) -> Mode {
        self.mode.unwrap_or(Mode::Prefer)
    }

    /// The connector for these settings: `None` for no TLS.
    pub fn connector(&self) -> Result<Option<MakeRustlsConnect>, String> {
        let mode = self.mode();
        if mode == Mode::Disable {
            return Ok(None);
        }
        // ring, not aws-lc-rs: no C toolchain to build; rustls 0.23.48 deprecates it only
        // for its lack of post-quantum key exchange, which PostgreSQL does not offer.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let roots = self.roots(mode)?;
        let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| format!("the CA certificates cannot be used: {e}"))?;
        let verifier: Arc<dyn ServerCertVerifier> = if mode == Mode::VerifyCa {
            Arc::new(SignerOnly(webpki))
        } else {
            webpki
        };
        let builder = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS cannot be set up: {e}"))?
            .dangerous()
            .with_custom_certificate_verifier(verifier);
        let config = match self.client_certificate()? {
            Some((chain, key)) => builder
                .with_client_auth_cert(chain, key)
                .map_err(|e| format!("sslcert and sslkey cannot be used together: {e}"))?,
            None => builder.with_no_client_auth(),
        };
        Ok(Some(MakeRustlsConnect::new(config)))
    }

    /// The CAs the server's certificate must be signed by.
    fn roots(&self, mode: Mode) -> Result<RootCertStore, String> {
        let mut roots = RootCertStore::empty();
        let file =
            match self.rootcert.as_deref() {
                Some("system") => None,
                Some(file) => Some(PathBuf::from(file)),
                None => {
                    let default = postgresql_dir().map(|d| d.join("root.crt"));
                    match default.filter(|f| f.is_file()) {
                        Some(file) => Some(file),
                        None if matches!(mode, Mode::VerifyCa | Mode::VerifyFull) => {
                            return Err(format!(
                            "sslmode={} needs the CA that signed the server's certificate: add \
                             sslrootcert=/path/to/ca.crt to the URL (the file your DBA gives \
                             you), or sslrootcert=system to trust this machine's own CAs",
                            if mode == Mode::VerifyCa { "verify-ca" } else { "verify-full" }
                        ))
                        }
                        None => None,
                    }
                }
            };
        match file {
            Some(file) => {
                let certs = read_certificates(&file, "sslrootcert")?;
                for cert in certs {
                    roots.add(cert).map_err(|e| {
                        format!(
                            "sslrootcert={}: a certificate in it cannot be used: {e}",
                            file.display()
                        )
                    })?;
                }
            }
            None => {
                let found = rustls_native_certs::load_native_certs();
                roots.add_parsable_certificates(found.certs);
            }
        }
        Ok(roots)
    }

    /// `sslcert` and `sslkey` (or `~/.postgresql/postgresql.crt` and `.key`).
    #[allow(clippy::type_complexity)]
    fn client_certificate(
        &self,
    ) -> Result<Option<(Vec<CertificateDer<'static>>, PrivateKeyDer<'static>)>, String> {
        let home = postgresql_dir();
        let (cert, key) = match (&self.cert, &self.key) {
            (Some(cert), key) => {
                let key = key
                    .clone()
                    .or_else(|| home.as_ref().map(|d| d.join("postgresql.key")))
                    .filter(|k| k.is_file())
                    .ok_or_else(|| {
                        format!(
                            "sslcert={} needs its private key: add sslkey=/path/to/the.key",
                            cert.display()
                        )
                    })?;
                (cert.clone(), key)
            }
            (None, Some(key)) => {
                return Err(format!(
                    "sslkey={} needs its certificate: add sslcert=/path/to/the.crt",
                    key.display()
                ))
            }
            (None, None) => {
                let Some(home) = home else { return Ok(None) };
                let (cert, key) = (home.join("postgresql.crt"), home.join("postgresql.key"));
                if !(cert.is_file() && key.is_file()) {
                    return Ok(None);
                }
                (cert, key)
            }
        };
        let chain = read_certificates(&cert, "sslcert")?;
        let key = PrivateKeyDer::from_pem_file(&key).map_err(|e| {
            format!(
                "sslkey={}: no private key can be read from it: {e}",
                key.display()
            )
        })?;
        Ok(Some((chain, key)))
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// `~/.postgresql`, where libpq looks for certificates no URL names.
fn postgresql_dir() -> Option<PathBuf> {
    dirs::home_dir().map(|h| h.join(".postgresql"))
}

fn read_certificates(file: &Path, what: &str) -> Result<Vec<CertificateDer<'static>>, String> {
    let shown = file.display();
    let iter = CertificateDer::pem_file_iter(file)
        .map_err(|e| format!("{what}={shown} cannot be read: {}", pem_words(&e)))?;
    let certs: Vec<_> = iter
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{what}={shown} cannot be read: {}", pem_words(&e)))?;
    if certs.is_empty() {
        return Err(format!("{what}={shown} holds no PEM certificate"));
    }
    Ok(certs)
}

fn pem_words(e: &rustls_pki_types::pem::Error) -> String {
    match e {
        rustls_pki_types::pem::Error::Io(io) => io.to_string(),
        other => format!("{other:?}"),
    }
}

/// `verify-ca`: the certificate must be signed by a trusted CA, whatever name it has.
#[derive(Debug)]
struct SignerOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for SignerOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // The name is checked last, once the chain has verified.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}

/// An error and the errors it came from, each once: the client's own words for a TLS
/// failure stop at "error performing TLS handshake" and leave out why.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut said = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let more = c.to_string();
        if !said.contains(&more) {
            said.push_str(": ");
            said.push_str(&more);
        }
        cause = c.source();
    }
    said
}

/// A failed TLS connection in plain words, with what to do; `None` when `said` (the
/// client's message) is not about TLS.
pub fn plain_words(said: &str) -> Option<String> {
    let why = if said.contains("UnknownIssuer") {
        "the server's certificate is not signed by a CA this desk trusts: sslrootcert must be \
         the CA certificate your DBA gives you for this server"
    } else if said.contains("NotValidForName") || said.contains("not valid for name") {
        "the server's certificate is not for the host name in the URL: connect by the name on \
         its certificate (or use sslmode=verify-ca, which checks only who signed it)"
    } else if said.contains("Expired") || said.contains("certificate expired") {
        "the server's certificate has expired: tell its DBA"
    } else if said.contains("NotValidYet") || said.contains("certificate not valid yet") {
        "the server's certificate is not valid yet: check this machine's clock"
    } else if said.contains("Revoked") {
        "the server's certificate has been revoked: tell its DBA"
    } else if said.contains("server does not support TLS") {
        "the server does not offer TLS, and the URL's sslmode requires it"
    } else if said.contains("invalid peer certificate") || said.contains("TLS handshake") {
        "the TLS handshake with the server failed"
    } else {
        return None;
    };
    Some(format!("{why} ({said})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sslmode_a_dba_hands_out_is_read() {
        use postgres::config::SslMode;
        let modes = [
            ("disable", SslMode::Disable),
            ("allow", SslMode::Prefer),
            ("prefer", SslMode::Prefer),
            ("require", SslMode::Require),
            ("verify-ca", SslMode::Require),
            ("verify-full", SslMode::Require),
        ];
        for (given, client) in modes {
            assert_eq!(Mode::parse(given).unwrap().client_mode(), client, "{given}");
        }
        assert!(Mode::parse("verify_full")
            .unwrap_err()
            .contains("verify-full"));
    }

    #[test]
    fn verify_full_without_a_ca_says_which_parameter_to_add() {
        let settings = Settings {
            mode: Some(Mode::VerifyFull),
            rootcert: Some("/nonexistent/ca.crt".into()),
            ..Settings::default()
        };
        let err = settings.connector().err().unwrap();
        assert!(
            err.starts_with("sslrootcert=/nonexistent/ca.crt cannot be read"),
            "{err}"
        );
    }

    #[test]
    fn a_key_without_its_certificate_is_refused_in_plain_words() {
        let settings = Settings {
            mode: Some(Mode::Require),
            rootcert: Some("system".into()),
            key: Some("/k.key".into()),
            ..Settings::default()
        };
        let err = settings.connector().err().unwrap();
        assert_eq!(
            err,
            "sslkey=/k.key needs its certificate: add sslcert=/path/to/the.crt"
        );
    }

    #[test]
    fn a_certificate_from_another_ca_is_said_plainly() {
        let said = "error performing TLS handshake: invalid peer certificate: UnknownIssuer";
        let words = plain_words(said).unwrap();
        assert!(
            words.starts_with("the server's certificate is not signed by a CA this desk trusts")
        );
        assert!(plain_words("password authentication failed for user \"x\"").is_none());
    }
}
