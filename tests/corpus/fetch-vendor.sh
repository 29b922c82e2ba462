#!/usr/bin/env bash
# Adds real vendor SDK binaries to the opt-in corpus, on top of ../shared/corpus/fetch.sh:
# Firebase 5.x / Crashlytics / Fabric iOS frameworks (vendored by cordova-plugin-firebase@2.0.5),
# GoogleMobileAds.framework (cordova-admob-sdk@0.24.1), and a synthetic `RealSdks.app` that puts those
# real frameworks plus Adjust's into one app, so app-level rules run on real SDK code.
# Nothing here may be committed: it is other people's code. Usage: fetch-vendor.sh [DIR]
# (default: ${XDG_CACHE_HOME:-$HOME/.cache}/sdklint-corpus; run ../shared/corpus/fetch.sh first).
set -euo pipefail
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/sdklint-corpus}
mkdir -p "$out/npm" && cd "$out/npm"
get() { # package@version dir
  local tgz
  tgz=$(npm pack --silent "$1" 2>/dev/null | tail -n 1)
  mkdir -p "$2" && tar -xzf "$tgz" -C "$2"
}
[ -d fb/package ] || get cordova-plugin-firebase@2.0.5 fb
[ -d gma/package ] || get cordova-admob-sdk@0.24.1 gma

app="$out/synthetic/RealSdks.app"
rm -rf "$app" && mkdir -p "$app/Frameworks"
cp -r fb/package/src/ios/Firebase/Analytics/*.framework fb/package/src/ios/Crashlytics/*.framework \
  gma/package/src/ios/GoogleMobileAds.framework "$app/Frameworks/"
[ -d "$out/vendor/adjust-4.23.0/ios/AdjustSdk.framework" ] \
  && cp -r "$out/vendor/adjust-4.23.0/ios/AdjustSdk.framework" "$app/Frameworks/"
# The main executable: a real arm64 iOS Mach-O of no SDK (Pillow's imaging module, from fetch.sh).
cp "$out/ios/pillow-wheel/PIL/_imaging.cpython-313-iphoneos.so" "$app/RealSdks"
python3 - "$app/Info.plist" <<'PY'
import plistlib, sys
plistlib.dump({"CFBundleIdentifier": "com.example.realsdks", "CFBundleExecutable": "RealSdks",
               "CFBundleShortVersionString": "1.0", "CFBundleVersion": "1", "MinimumOSVersion": "12.0",
               "CFBundlePackageType": "APPL"}, open(sys.argv[1], "wb"))
PY
echo "vendor corpus in $out"
