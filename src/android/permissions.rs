//! Which Android permissions are "dangerous": the runtime permissions the user grants in a
//! prompt, as opposed to install-time ones (`INTERNET`, `AD_ID`).
//!
//! The list is the platform's `protectionLevel="dangerous"` permissions (AOSP
//! `frameworks/base/core/res/AndroidManifest.xml`; developer.android.com lists each under
//! `Manifest.permission` with "Protection level: dangerous") up to API 35, plus Health Connect's
//! `android.permission.health.*`, which are runtime permissions too.

/// The platform's dangerous permissions, sorted.
const DANGEROUS: &[&str] = &[
    "android.permission.ACCEPT_HANDOVER",
    "android.permission.ACCESS_BACKGROUND_LOCATION",
    "android.permission.ACCESS_COARSE_LOCATION",
    "android.permission.ACCESS_FINE_LOCATION",
    "android.permission.ACCESS_MEDIA_LOCATION",
    "android.permission.ACTIVITY_RECOGNITION",
    "android.permission.ANSWER_PHONE_CALLS",
    "android.permission.BLUETOOTH_ADVERTISE",
    "android.permission.BLUETOOTH_CONNECT",
    "android.permission.BLUETOOTH_SCAN",
    "android.permission.BODY_SENSORS",
    "android.permission.BODY_SENSORS_BACKGROUND",
    "android.permission.CALL_PHONE",
    "android.permission.CAMERA",
    "android.permission.GET_ACCOUNTS",
    "android.permission.NEARBY_WIFI_DEVICES",
    "android.permission.POST_NOTIFICATIONS",
    "android.permission.PROCESS_OUTGOING_CALLS",
    "android.permission.READ_CALENDAR",
    "android.permission.READ_CALL_LOG",
    "android.permission.READ_CONTACTS",
    "android.permission.READ_EXTERNAL_STORAGE",
    "android.permission.READ_MEDIA_AUDIO",
    "android.permission.READ_MEDIA_IMAGES",
    "android.permission.READ_MEDIA_VIDEO",
    "android.permission.READ_MEDIA_VISUAL_USER_SELECTED",
    "android.permission.READ_PHONE_NUMBERS",
    "android.permission.READ_PHONE_STATE",
    "android.permission.READ_SMS",
    "android.permission.RECEIVE_MMS",
    "android.permission.RECEIVE_SMS",
    "android.permission.RECEIVE_WAP_PUSH",
    "android.permission.RECORD_AUDIO",
    "android.permission.SEND_SMS",
    "android.permission.USE_SIP",
    "android.permission.UWB_RANGING",
    "android.permission.WRITE_CALENDAR",
    "android.permission.WRITE_CALL_LOG",
    "android.permission.WRITE_CONTACTS",
    "android.permission.WRITE_EXTERNAL_STORAGE",
    "com.android.voicemail.permission.ADD_VOICEMAIL",
];

/// Whether `name` is a permission the user must grant at run time.
pub fn is_dangerous(name: &str) -> bool {
    DANGEROUS.binary_search(&name).is_ok() || name.starts_with("android.permission.health.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_sorted_for_binary_search() {
        assert!(DANGEROUS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn runtime_permissions_are_dangerous() {
        assert!(is_dangerous("android.permission.ACCESS_FINE_LOCATION"));
        assert!(is_dangerous("android.permission.health.READ_HEART_RATE"));
        assert!(!is_dangerous("android.permission.INTERNET"));
        assert!(!is_dangerous("com.google.android.gms.permission.AD_ID"));
    }
}
