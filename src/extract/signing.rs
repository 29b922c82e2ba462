//! The signing certificates of an APK (v1 signature files, the v2/v3 APK Signing Block) or of an
//! AAB (v1: bundletool signs with jarsigner). A signature that cannot be read is an entry error
//! (SL902), never a reason to give up on the bundle.

use crate::android::signing::{self, CertificateInfo};
use crate::bundle::ZipBundle;
use crate::facts::{Facts, Location, ReadError, SigningCertificate};

const BLOCK: &str = "APK Signing Block";

pub(super) fn add_signing(facts: &mut Facts, zip: &ZipBundle, with_block: bool) {
    let v1_files: Vec<String> = zip
        .names()
        .iter()
        .filter(|n| is_v1_signature_file(n))
        .cloned()
        .collect();
    for name in v1_files {
        let read = zip
            .read(&name)
            .map_err(|err| err.to_string())
            .and_then(|der| signing::v1_certificates(&der).map_err(|err| err.to_string()));
        match read {
            Ok(certs) => push(facts, certs, &name),
            Err(message) => facts.errors.push(ReadError {
                file: name,
                message,
            }),
        }
    }
    if !with_block {
        return;
    }
    let before = zip.bytes_before_directory();
    let read = signing::signing_block(before, before.len())
        .and_then(|pairs| pairs.map_or(Ok(Vec::new()), signing::block_certificates));
    match read {
        Ok(certs) => push(facts, certs, BLOCK),
        Err(err) => facts.errors.push(ReadError {
            file: BLOCK.to_string(),
            message: err.to_string(),
        }),
    }
}

fn push(facts: &mut Facts, certs: Vec<CertificateInfo>, file: &str) {
    facts
        .signing
        .extend(certs.into_iter().map(|c| SigningCertificate {
            location: Location::new(file, format!("{} signer {}", c.scheme.as_str(), c.subject)),
            scheme: scheme(c.scheme),
            subject: c.subject,
            sha256: c.sha256,
        }));
}

/// `META-INF/CERT.RSA`, `META-INF/ANDROIDD.EC`: a v1 signature block file at the top of META-INF.
fn is_v1_signature_file(name: &str) -> bool {
    let Some(file) = name.strip_prefix("META-INF/") else {
        return false;
    };
    !file.contains('/')
        && [".RSA", ".DSA", ".EC"]
            .iter()
            .any(|ext| file.len() > ext.len() && file.to_ascii_uppercase().ends_with(ext))
}

/// The signing reader's scheme as a fact.
fn scheme(scheme: crate::android::signing::Scheme) -> crate::facts::SigningScheme {
    use crate::android::signing::Scheme;
    use crate::facts::SigningScheme as Fact;
    match scheme {
        Scheme::V1 => Fact::V1,
        Scheme::V2 => Fact::V2,
        Scheme::V3 => Fact::V3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_signature_files() {
        assert!(is_v1_signature_file("META-INF/CERT.RSA"));
        assert!(is_v1_signature_file("META-INF/key0.ec"));
        assert!(!is_v1_signature_file("META-INF/CERT.SF"));
        assert!(!is_v1_signature_file("META-INF/sub/CERT.RSA"));
        assert!(!is_v1_signature_file("META-INF/.RSA"));
        assert!(!is_v1_signature_file("CERT.RSA"));
    }
}
