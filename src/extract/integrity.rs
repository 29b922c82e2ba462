//! Zip-structure anomalies the bundle reader reported, as facts ([`Anomaly`]) for SL901.

use crate::bundle::{ZipAnomaly, ZipAnomalyKind};
use crate::facts::Location;
use crate::facts::integrity::{Anomaly, AnomalyKind};

impl From<ZipAnomaly> for Anomaly {
    fn from(a: ZipAnomaly) -> Anomaly {
        Anomaly {
            kind: kind(a.kind),
            message: a.message,
            android_rejects: a.android_rejects,
            location: Location::new(a.place.file, a.place.locator),
        }
    }
}

/// One to one: every zip kind has its fact kind of the same name.
fn kind(kind: ZipAnomalyKind) -> AnomalyKind {
    match kind {
        ZipAnomalyKind::PrefixBytes => AnomalyKind::PrefixBytes,
        ZipAnomalyKind::DexPrefix => AnomalyKind::DexPrefix,
        ZipAnomalyKind::TrailingBytes => AnomalyKind::TrailingBytes,
        ZipAnomalyKind::DuplicateEntry => AnomalyKind::DuplicateEntry,
        ZipAnomalyKind::LocalHeaderMismatch => AnomalyKind::LocalHeaderMismatch,
        ZipAnomalyKind::UnknownLocalMethod => AnomalyKind::UnknownLocalMethod,
        ZipAnomalyKind::UnknownMethod => AnomalyKind::UnknownMethod,
        ZipAnomalyKind::BadLocalHeader => AnomalyKind::BadLocalHeader,
        ZipAnomalyKind::DataDescriptorMismatch => AnomalyKind::DataDescriptorMismatch,
        ZipAnomalyKind::EncryptionFlag => AnomalyKind::EncryptionFlag,
        ZipAnomalyKind::InvalidEntryName => AnomalyKind::InvalidEntryName,
        ZipAnomalyKind::SizeMismatch => AnomalyKind::SizeMismatch,
        ZipAnomalyKind::CrcMismatch => AnomalyKind::CrcMismatch,
    }
}

/// The facts of a zip reader's anomalies, in its order.
pub(super) fn facts_of(anomalies: Vec<ZipAnomaly>) -> impl Iterator<Item = Anomaly> {
    anomalies.into_iter().map(Anomaly::from)
}
