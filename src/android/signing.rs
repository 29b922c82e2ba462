//! APK signing certificates: who signed the APK, for the reviewer's identity section.
//!
//! Three places hold them (authoritative description: source.android.com, "APK Signature
//! Scheme v2" and "v3"; v1 is JAR signing):
//! - **v2 / v3**: the APK Signing Block, just before the zip central directory: `u64 size`, pairs
//!   of `u64 length, u32 id, value`, `u64 size` again and the magic `APK Sig Block 42`. The v2
//!   value (id `0x7109871a`) and the v3 value (`0xf05368c0`, and `0x1b93ad61` for v3.1) are
//!   length-prefixed (`u32` LE) lists of signers; each signer's first field, the signed data,
//!   holds the digests and then the length-prefixed list of X.509 certificates (DER).
//! - **v1**: `META-INF/*.RSA`, `*.DSA` or `*.EC`, a CMS `SignedData` whose `certificates` set
//!   holds the signer's certificate.
//!
//! Only certificates are read, never verified: sdklint reports who signed, `apksigner verify`
//! says whether the signature holds. Every length is checked against the bytes that remain;
//! a malformed block yields an error naming what was wrong, never a panic. Certificates are
//! decoded with the RustCrypto `x509-cert` and `cms` crates.

use sha2::{Digest, Sha256};
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

/// The APK Signature Scheme that carried a certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    V1,
    V2,
    V3,
}

impl Scheme {
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::V1 => "v1",
            Scheme::V2 => "v2",
            Scheme::V3 => "v3",
        }
    }
}

/// One signing certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateInfo {
    pub scheme: Scheme,
    /// The subject as RFC 4514 text (`CN=Example,O=Example Corp,C=US`).
    pub subject: String,
    /// SHA-256 of the certificate's DER, lowercase hex (what `apksigner --print-certs` shows).
    pub sha256: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SigningError {
    #[error("APK Signing Block: {0}")]
    Block(String),
    #[error("certificate: {0}")]
    Certificate(String),
}

const MAGIC: &[u8; 16] = b"APK Sig Block 42";
const V2_ID: u32 = 0x7109_871a;
const V3_ID: u32 = 0xf053_68c0;
const V31_ID: u32 = 0x1b93_ad61;

/// The pairs of the APK Signing Block that ends at `directory_offset` (the central directory's
/// start), or `None` when the APK has none (v1 only, or unsigned).
pub fn signing_block(bytes: &[u8], directory_offset: usize) -> Result<Option<&[u8]>, SigningError> {
    let Some(footer_start) = directory_offset.checked_sub(24) else {
        return Ok(None);
    };
    let Some(footer) = bytes.get(footer_start..directory_offset) else {
        return Ok(None);
    };
    if &footer[8..] != MAGIC {
        return Ok(None);
    }
    let size = u64::from_le_bytes(footer[..8].try_into().expect("8 bytes"));
    let block_err = |what: &str| SigningError::Block(format!("{what} (size {size})"));
    let size = usize::try_from(size).map_err(|_| block_err("size out of range"))?;
    let start = directory_offset
        .checked_sub(size)
        .and_then(|s| s.checked_sub(8))
        .ok_or_else(|| block_err("starts before the file"))?;
    let leading = u64::from_le_bytes(
        bytes[start..start + 8]
            .try_into()
            .expect("8 bytes within the file"),
    );
    if leading != size as u64 {
        return Err(block_err(&format!(
            "leading size {leading} differs from the trailing one"
        )));
    }
    Ok(Some(&bytes[start + 8..footer_start]))
}

/// The certificates of the v2 and v3 signers in `pairs` (from [`signing_block`]).
pub fn block_certificates(pairs: &[u8]) -> Result<Vec<CertificateInfo>, SigningError> {
    let mut out = Vec::new();
    let mut r = Reader(pairs);
    while !r.0.is_empty() {
        let len = r.u64()?;
        let len = usize::try_from(len)
            .ok()
            .filter(|&l| l >= 4 && l <= r.0.len())
            .ok_or_else(|| SigningError::Block(format!("pair length {len} past the block")))?;
        let mut pair = Reader(r.take(len)?);
        let id = pair.u32()?;
        let scheme = match id {
            V2_ID => Scheme::V2,
            V3_ID | V31_ID => Scheme::V3,
            _ => continue,
        };
        let mut signers = Reader(pair.prefixed()?);
        while !signers.0.is_empty() {
            let mut signer = Reader(signers.prefixed()?);
            let mut signed_data = Reader(signer.prefixed()?);
            let _digests = signed_data.prefixed()?;
            let mut certificates = Reader(signed_data.prefixed()?);
            while !certificates.0.is_empty() {
                let der = certificates.prefixed()?;
                out.push(certificate(scheme, der)?);
            }
        }
    }
    out.sort_by(|a, b| (a.scheme, &a.sha256).cmp(&(b.scheme, &b.sha256)));
    out.dedup();
    Ok(out)
}

/// The certificates of a v1 signature file (`META-INF/CERT.RSA`): a CMS `SignedData`.
pub fn v1_certificates(der: &[u8]) -> Result<Vec<CertificateInfo>, SigningError> {
    use cms::content_info::ContentInfo;
    use cms::signed_data::{CertificateSet, SignedData};
    let err = |e: x509_cert::der::Error| SigningError::Certificate(format!("PKCS #7: {e}"));
    let info = ContentInfo::from_der(der).map_err(err)?;
    let signed: SignedData = info.content.decode_as().map_err(err)?;
    let Some(CertificateSet(set)) = signed.certificates else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for choice in set.iter() {
        if let cms::cert::CertificateChoices::Certificate(cert) = choice {
            let der = cert.to_der().map_err(err)?;
            out.push(info_of(Scheme::V1, cert, &der));
        }
    }
    Ok(out)
}

fn certificate(scheme: Scheme, der: &[u8]) -> Result<CertificateInfo, SigningError> {
    let cert = Certificate::from_der(der)
        .map_err(|e| SigningError::Certificate(format!("{scheme:?} signer: {e}")))?;
    Ok(info_of(scheme, &cert, der))
}

fn info_of(scheme: Scheme, cert: &Certificate, der: &[u8]) -> CertificateInfo {
    let digest = Sha256::digest(der);
    CertificateInfo {
        scheme,
        subject: cert.tbs_certificate.subject.to_string(),
        sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

/// Little-endian reads that fail, never panic, past the end.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SigningError> {
        if n > self.0.len() {
            return Err(SigningError::Block(format!(
                "a length of {n} runs past the {} bytes that remain",
                self.0.len()
            )));
        }
        let (head, tail) = self.0.split_at(n);
        self.0 = tail;
        Ok(head)
    }

    fn u32(&mut self) -> Result<u32, SigningError> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4")))
    }

    fn u64(&mut self) -> Result<u64, SigningError> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().expect("8")))
    }

    /// A `u32`-length-prefixed slice.
    fn prefixed(&mut self) -> Result<&'a [u8], SigningError> {
        let len = self.u32()? as usize;
        self.take(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(pairs: &[u8]) -> Vec<u8> {
        let size = (pairs.len() + 24) as u64;
        let mut out = vec![0xAA; 3]; // entries before the block
        out.extend(size.to_le_bytes());
        out.extend(pairs);
        out.extend(size.to_le_bytes());
        out.extend(MAGIC);
        out
    }

    #[test]
    fn finds_the_pairs_before_the_central_directory() {
        let bytes = block(b"pairs");
        assert_eq!(signing_block(&bytes, bytes.len()), Ok(Some(&b"pairs"[..])));
        assert_eq!(signing_block(b"no block here at all, none", 26), Ok(None));
        assert_eq!(signing_block(b"short", 5), Ok(None));
    }

    #[test]
    fn sizes_that_do_not_fit_are_errors() {
        let mut bytes = block(b"pairs");
        let end = bytes.len();
        bytes[end - 24..end - 16].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(signing_block(&bytes, end).is_err());
        let mut bytes = block(b"pairs");
        bytes[3] ^= 1; // leading size
        assert!(signing_block(&bytes, end).is_err());
    }

    #[test]
    fn truncated_signers_are_errors() {
        let mut pair = Vec::new();
        pair.extend(V2_ID.to_le_bytes());
        pair.extend(0xFFFF_FFFFu32.to_le_bytes()); // signers: claims 4 GiB
        let mut pairs = (pair.len() as u64).to_le_bytes().to_vec();
        pairs.extend(&pair);
        assert!(matches!(
            block_certificates(&pairs),
            Err(SigningError::Block(_))
        ));
        // An unknown pair is skipped.
        let mut other = 8u64.to_le_bytes().to_vec();
        other.extend(0x4272_6164u32.to_le_bytes());
        other.extend([0; 4]);
        assert_eq!(block_certificates(&other), Ok(Vec::new()));
    }
}
