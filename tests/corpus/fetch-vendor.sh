#!/usr/bin/env bash
# Adds real vendor SDK binaries to the opt-in corpus, on top of ../shared/corpus/fetch.sh:
# Firebase 5.x / Crashlytics / Fabric iOS frameworks (vendored by cordova-plugin-firebase@2.0.5),
# GoogleMobileAds.framework (cordova-admob-sdk@0.24.1), GA Services 3 (cordova-plugin-google-analytics@1.8.3),
# Facebook SDK 4.22.1 (cordova-plugin-facebook4@1.9.1), Kochava, Branch, OneSignal, Sentry and Appodeal's
# mediated Android networks (see below), Appium's APKs, and a synthetic `RealSdks.app` that puts those
# real frameworks plus Adjust's into one app, so app-level rules run on real SDK code.
# Nothing here may be committed: it is other people's code. Usage: fetch-vendor.sh [DIR]
# (default: ${XDG_CACHE_HOME:-$HOME/.cache}/sdklint-corpus; run ../shared/corpus/fetch.sh first).
set -euo pipefail
out=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/sdklint-corpus}
mkdir -p "$out/npm" && cd "$out/npm"
failed=()
get() { # package@version dir: download once; on failure say so and go on (the script fails at the end)
  local tgz
  if tgz=$(npm pack --silent "$1" 2>/dev/null | tail -n 1) && [ -f "$tgz" ] \
      && mkdir -p "$2" && tar -xzf "$tgz" -C "$2"; then
    return 0
  fi
  echo "fetch-vendor: could not fetch $1" >&2
  failed+=("$1")
}
[ -d fb/package ] || get cordova-plugin-firebase@2.0.5 fb
[ -d gma/package ] || get cordova-admob-sdk@0.24.1 gma
# Google Analytics Services 3.x for iOS (GAI + Tag Manager's TAG classes in one static library).
[ -d ga/package ] || get cordova-plugin-google-analytics@1.8.3 ga
# Facebook iOS SDK 4.22.1 frameworks (FBSDKCoreKit / LoginKit / ShareKit / MessengerShareKit, Bolts).
[ -d fb4/package ] || get cordova-plugin-facebook4@1.9.1 fb4
# Kochava: react-native-kochava-tracker@2.8.2 vendors the native SDK 4.x as five .aar (KochavaCore,
# KochavaTracker, …Events, …Engagement, …DatapointNetwork) and KochavaCore/KochavaTracker xcframeworks;
# @1.5.1 vendors the older Tracker 3.x as jars and static libraries.
[ -d kochava/package ] || get react-native-kochava-tracker@2.8.2 kochava
[ -d kochava1/package ] || get react-native-kochava-tracker@1.5.1 kochava1
# Branch: branch-cordova-sdk@3.0.1 vendors Branch.jar and Branch.framework.
[ -d branch/package ] || get branch-cordova-sdk@3.0.1 branch
# OneSignal iOS SDK as a static library (react-native-onesignal@3.2.14: ios/libOneSignal.a).
[ -d onesignal/package ] || get react-native-onesignal@3.2.14 onesignal
# Sentry Cocoa as an xcframework with its own Info.plist and privacy manifest (sentry-cordova@1.7.3).
[ -d sentry/package ] || get sentry-cordova@1.7.3 sentry
# Appodeal 2.1 for Android vendors its mediated networks as jars: InMobi, AppLovin, ironSource,
# Chartboost, Unity Ads, Vungle, Tapjoy, StartApp, Yandex AppMetrica and Mobile Ads, myTarget, Facebook.
[ -d appodeal/package ] || get react-native-appodeal@2.1.5 appodeal
# Audience Network for iOS 4.26.2 (FBAudienceNetwork.framework, cordova-facebook-audnet-sdk@4.26.2).
[ -d fban/package ] || get cordova-facebook-audnet-sdk@4.26.2 fban
# react-native-fbads@3.1.1 shipped its Gradle build directory: its own release AAR (a wrapper of
# Audience Network) and the classes.jar of every AAR it was built against: Audience Network
# 4.15/4.16/4.18, Facebook SDK 4.15.0, Play services Ads 8.4.0, and React Native, Fresco, SoLoader,
# ExoPlayer (no SDK of ours).
[ -d fbads/package ] || get react-native-fbads@3.1.1 fbads
# react-native-onesignal@3.0.0 shipped its Gradle build directory too: OneSignal Android 3.4.0 and
# Play services 9.8.0 (legacy Analytics, GCM, IID, location, base, basement, tasks) as classes.jar.
[ -d onesignal3/package ] || get react-native-onesignal@3.0.0 onesignal3
# Branch Android 2.15.0 (react-native-branch@2.2.5: android/libs/Branch-2.15.0.jar).
[ -d branch2/package ] || get react-native-branch@2.2.5 branch2
# AppsFlyer Android 4.7.4 (react-native-appsflyer@1.1.12: AF-Android-SDK.jar) and Adjust Android
# 4.12.4 (react-native-adjust@4.12.3: adjust-android.jar).
[ -d appsflyer-rn/package ] || get react-native-appsflyer@1.1.12 appsflyer-rn
[ -d adjust-rn/package ] || get react-native-adjust@4.12.3 adjust-rn
# Facebook iOS SDK 4.7.0 frameworks, whose Info.plists say only `1.0` (react-native-facebook-login@1.6.2).
[ -d fblogin/package ] || get react-native-facebook-login@1.6.2 fblogin
# Appium's real multi-DEX APKs, a negative control of real Android code.
[ -d appium-uia2/package ] || get appium-uiautomator2-server@10.6.6 appium-uia2
[ -d appium-settings/package ] || get io.appium.settings@8.0.10 appium-settings
mkdir -p "$out/android/appium"
cp appium-uia2/package/apks/*.apk appium-settings/package/apks/*.apk "$out/android/appium/" 2>/dev/null \
  || { echo "fetch-vendor: no Appium APKs" >&2; failed+=(appium); }

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
if [ ${#failed[@]} -gt 0 ]; then
  echo "fetch-vendor: failed: ${failed[*]}" >&2
  exit 1
fi
