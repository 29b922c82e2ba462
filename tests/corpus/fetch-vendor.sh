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

# Vendor binaries that no npm package ships but the vendors keep in public GitHub repositories.
# The mirrors come from the search tool's `fetch` (github:<owner>/<name>), a bare git directory at
# $SDKLINT_GITHUB_MIRROR/<owner>+<name>/repo (default /work/.mirror); without one, skip silently.
# Each tree is copied from a pinned commit into $out/github/<vendor>/; blobs the mirror lacks (large
# files a snapshot leaves out) are left out too; framework symlinks stay symlinks.
mirror=${SDKLINT_GITHUB_MIRROR:-/work/.mirror}
from_github() { # owner+name commit path vendor
  local git="$mirror/$1/repo" dest="$out/github/$4" base line mode sha path rel
  [ -d "$git/.git" ] && git=$git/.git # a mirror with a work tree
  [ -d "$git" ] || return 0
  git --git-dir="$git" cat-file -e "$2^{commit}" 2>/dev/null || return 0
  [ -e "$dest/$(basename "$3")" ] && return 0
  base=$(dirname "$3")
  git --git-dir="$git" ls-tree -r -z "$2" -- "$3" | while IFS= read -r -d '' line; do
    mode=${line%% *} sha=${line#* * } path=${line#*$'\t'}
    sha=${sha%%$'\t'*}
    rel=$path
    [ "$base" = . ] || rel=${path#"$base/"}
    mkdir -p "$dest/$(dirname "$rel")"
    if [ "$mode" = 120000 ]; then
      ln -sfn "$(git --git-dir="$git" cat-file blob "$sha")" "$dest/$rel"
    elif ! git --git-dir="$git" cat-file blob "$sha" >"$dest/$rel" 2>/dev/null; then
      rm -f "$dest/$rel"
    fi
  done
}
# Tenjin iOS 1.16.x as an xcframework (its newest snapshot) and the older static library.
from_github tenjin+tenjin-ios-sdk 6f4b1741d69eb287113f6d98e110835bf8014840 TenjinSDK.xcframework tenjin
from_github tenjin+tenjin-ios-sdk 0e8cb399ca5f3e76d81b223c49208f98b399201b libTenjinSDK.a tenjin
# Tenjin Android (release/tenjin.aar).
from_github tenjin+tenjin-android-sdk eaefcd667c822ff69de0a92b495afe2e002af05c release/tenjin.aar tenjin
# Singular iOS (Singular.xcframework; the mirror holds its device slice only).
from_github singular-labs+Singular-iOS-SDK c9bed326f0cee8d0739d9d113a282fd0cc460d07 \
  Singular.xcframework singular
# Flurry iOS 12.4.0 as Flurry_iOS_SDK.xcframework and its remote-config and messaging modules.
from_github flurry+flurry-ios-sdk da049b6021f1743eff1b3f8c40551f8d9914bba8 Flurry_iOS_SDK.xcframework flurry
from_github flurry+flurry-ios-sdk da049b6021f1743eff1b3f8c40551f8d9914bba8 Flurry_Config.xcframework flurry
from_github flurry+flurry-ios-sdk da049b6021f1743eff1b3f8c40551f8d9914bba8 \
  Flurry_Messaging.xcframework flurry
# Mintegral iOS 5.x (2020): its rewarded-video and banner frameworks (versioned bundles, symlinks).
for kit in RewardVideoAd/MTGSDKReward BannerAd/MTGSDKBanner; do
  from_github MTGSDK+MintegralAdSDK-iOS 4bb3db965d05c946dfd800c235a9694c0b4b9192 \
    "MintegralAdSDK/$kit.framework" mintegral
done
# Pangle Android (open_ad_sdk.aar) as bytedance/pangle-sdk-demo vendored it in 2020.
from_github bytedance+pangle-sdk-demo da5d8f946be003fa6de3e2c3ef1718abdcf5cb3f libs/open_ad_sdk.aar pangle
# Vungle: iOS SDK 3.x (2015, VungleSDK.framework) and Android SDK 6.12.1 (aar).
from_github Vungle+iOS-SDK 8a046a038509fe1523e7319a9a213262c846b0c1 \
  VungleSDK.embeddedframework/VungleSDK.framework vungle
from_github Vungle+Android-SDK 1b70f54719fe0b04286a7d4a96176dde2d84e15c \
  app/libs/vungle-android-sdk-6.12.1.aar vungle
# Airbridge iOS 0.4.1 (AirBridge.framework) as Airbridge's own Cordova plugin vendored it in 2016.
from_github teamab180+AirBridgeCordovaPlugin fdd55c30cf0d71aa63aa338a6e5a163ca8d549bf \
  src/ios/frameworks/AirBridge.framework airbridge
# dankinsoid/IronSourceSPM repackages ironSource's mediated networks for SwiftPM with the vendors'
# xcframeworks: InMobiSDK, Google's UserMessagingPlatform, VungleAdsSDK 7, and ironSource's own
# InMobi adapter (a precision check: an adapter is not the network).
spm=dankinsoid+IronSourceSPM
from_github $spm 1a2c67f5c72c93d576e3e8e8f7903ea05554829a ISInMobi/InMobiSDK/InMobiSDK.xcframework inmobi
from_github $spm 1a2c67f5c72c93d576e3e8e8f7903ea05554829a \
  ISInMobi/ISInMobiAdapter/ISInMobiAdapter.xcframework ironsource
from_github $spm ca262966eb61a7565ca59e3900c97f990fc2e710 \
  ISAdMob/AdMobSDK/UserMessagingPlatform.xcframework google-ump
from_github $spm 1a2c67f5c72c93d576e3e8e8f7903ea05554829a \
  ISVungle/VungleSDK/dynamic/VungleAdsSDK.xcframework vungle
# ironSource's own demo apps: the LevelPlay Android SDK 9.0.0 (mediationsdk-9.0.0.aar) and a
# Xamarin.iOS demo app built in 2021 against ironSource iOS 6.17.0 (its debug DemoApp_iOS.app).
demos=ironsource-mobile+Mediation-Demo-Apps
from_github $demos 8679bc6fb92266c09612a77a08c4d4d1c829c098 \
  Android/Kotlin/app/libs/mediationsdk-9.0.0.aar ironsource
from_github $demos d2b54e0216317aecf8c0d5ce17004444cfe78d2c \
  Xamarin/DemoApp_iOS/DemoApp_iOS/bin/iPhone/Debug/device-builds/iphone7.1-12.4.7/DemoApp_iOS.app \
  ironsource

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
# --- i11-source: consent and login SDK binaries (helper f) ---
# Naver Login iOS 4.0.7 as a static library and Android 4.2.5 as an AAR (react-native-naver-login@1.4.0).
[ -d naver/package ] || get react-native-naver-login@1.4.0 naver
# Twitter Kit 3.3.0 and TwitterCore 3.1.0 static frameworks (react-native-twitter-signin@1.1.1).
[ -d twitter/package ] || get react-native-twitter-signin@1.1.1 twitter
# Google Sign-In 4.0.0 (cordova-plugin-googleplus@5.3.2, with its Google*Utilities frameworks) and
# 3.0.0 (react-native-google-signin@0.5.1) static frameworks.
[ -d googleplus/package ] || get cordova-plugin-googleplus@5.3.2 googleplus
[ -d gsignin/package ] || get react-native-google-signin@0.5.1 gsignin
# Kakao's legacy iOS SDK 1.x: KakaoOpenSDK 1.8.2 (react-native-kakao-logins@1.4.0) and KakaoOpenSDK,
# KakaoLink, KakaoCommon, KakaoMessageTemplate, KakaoPlusFriend 1.10.0 (react-native-kakao-links@1.0.3).
[ -d kakaologin/package ] || get react-native-kakao-logins@1.4.0 kakaologin
[ -d kakaolinks/package ] || get react-native-kakao-links@1.0.3 kakaolinks
# Kakao's legacy Android SDK 1.1.21 (auth, usermgmt, network, util) as react-native-kakao-login@1.0.1's
# example app build directory holds them (exploded-aar/com.kakao.sdk/*/1.1.21/jars/classes.jar).
[ -d kakaologin1/package ] || get react-native-kakao-login@1.0.1 kakaologin1
# TikTok's Open SDK 5.0.0 (login / share; react-native-tiktok@1.1.2): no TikTok Business SDK.
[ -d tiktokopen/package ] || get react-native-tiktok@1.1.2 tiktokopen
# Snap Kit 1.1 (2018) Login, Creative and Bitmoji kits as a sample app committed them (its Core kit
# is absent from the mirror).
for kit in SCSDKLoginKit SCSDKCreativeKit SCSDKBitmojiKit; do
  from_github kboy-silvergym+SnapKitSample-iOS a1a333cdfa8f4dc91e21c00ef283b7c40e9df750 "$kit.framework" snap-kit
done
# A later Snap Kit's Core and Creative kits, as an app's committed Pods/ folder holds them.
for kit in SCSDKCoreKit SCSDKCreativeKit; do
  from_github EmilyMattlin+SnapCreativeKitSDK 70d4cb9b7834ecab31b8ef76a2c62375968b256e \
    "Pods/SnapSDK/$kit.framework" snap-kit2
done
# Didomi iOS as Didomi's Unity plugin shipped it in 2021 (only the simulator slice is in the mirror).
from_github didomi+unity 5497187fb297a0f4963baae2c578a89e30330dc2 \
  source/Assets/Plugins/Didomi/IOS/Didomi.xcframework didomi
# consentmanager's CmpSdk.xcframework (iubenda/cm-sdk-xcframework).
from_github iubenda+cm-sdk-xcframework ce1dadd40caa77a50bc48de703a85ae95a4165e5 CmpSdk.xcframework consentmanager
# TikTok Business SDK's TikTokBusinessSDK.xcframework as an app repository vendors it (device slice).
from_github coltonswapp+nest-note a06014a430cef979d8b06c3f5db3a9a53d110dab TikTokBusinessSDK.xcframework \
  tiktok-business
# Usercentrics' UsercentricsUI.xcframework as an app's committed Pods/ folder holds it (the core
# Usercentrics.xcframework binary is absent from the mirror).
from_github tsginacio+UsercentricsAppChallenge ae429508c25dc9be66edf1fad10d704da0ebd64f \
  Pods/UsercentricsUI/UsercentricsUI.xcframework usercentrics
# The source check of tests/corpus.rs (open_source_ios_sdks_match_their_source) reads the mirrors
# directly with git at the commits its SOURCE_REPOS pins, nothing copied: fetch github:<owner>/<name>
# for each (mixpanel-swift, mixpanel-iphone, Amplitude-Swift, Amplitude-iOS, AmplitudeCore-Swift,
# analytics-swift, analytics-ios, posthog-ios, rudder-sdk-ios, countly-sdk-ios,
# tiktok-business-ios-sdk, appmetrica-sdk-ios, metrica-sdk-ios, appcenter-sdk-apple, bugsnag-cocoa,
# clevertap-ios-sdk, Iterable/swift-sdk, dd-sdk-ios, swrve-ios-sdk, Tealium/tealium-swift,
# moengage/apple-sdk, mparticle-apple-sdk, Leanplum-iOS-SDK, kakao-ios-sdk, ios-cmp-app,
# cookie-information/ios-release, embrace-apple-sdk, aepsdk-core/edge/edgeidentity/edgeconsent/
# analytics/assurance-ios, Adobe-Marketing-Cloud/acp-sdks).
# --- end i11-source ---
# --- branch i11-analytics: analytics / engagement SDKs' real binaries ---
# Instabug.framework 8.0.6 (instabug-reactnative@8.0.10, ios/).
[ -d instabug/package ] || get instabug-reactnative@8.0.10 instabug
# Heap's classic iOS SDK 6.5.3 as a static library (@heap/react-native-heap@0.9.1, ios/Vendor/libHeap.a).
[ -d heap/package ] || get @heap/react-native-heap@0.9.1 heap
# Airship (Urban Airship) iOS static libraries: libUAirship-6.2.2.a and libUAirship-8.5.3.a.
[ -d airship3/package ] || get urbanairship-cordova@3.4.1 airship3
[ -d airship6/package ] || get urbanairship-cordova@6.9.1 airship6
# Adobe Experience Platform's ACP static libraries (libACPCore_iOS.a, …Identity, …Lifecycle, …Signal).
[ -d acpcore/package ] || get @adobe/react-native-acpcore@1.1.1 acpcore
# CleverTapSDK.framework 3.8.0 and SDWebImage.framework (clevertap-cordova@2.2.1, src/ios/).
[ -d clevertap/package ] || get clevertap-cordova@2.2.1 clevertap
# Batch.framework 1.12.0 (com.batch.cordova@2.0.2, src/ios/).
[ -d batch/package ] || get com.batch.cordova@2.0.2 batch
# Umeng U-App analytics 4.0.4 (UMMobClick.framework) and the RN wrapper's Gradle build directory
# (react-native-umeng-analytics@0.1.6).
[ -d umeng/package ] || get react-native-umeng-analytics@0.1.6 umeng
# Braze (Appboy) tvOS SDK (AppboyTVOSKit.framework) and the iOS push-story framework
# (AppboyPushStory.framework), from the vendor's Appboy/appboy-ios-sdk.
from_github Appboy+appboy-ios-sdk 2afdd54b17189e8e37c491eb3f400f72be877017 \
  Appboy-tvOS-SDK/AppboyTVOSKit.framework braze
from_github Appboy+appboy-ios-sdk b5cc6d7f0ebd7d36f89e22f76e13582178432b2e \
  Appboy-Push-Story/AppboyPushStory.framework braze
# Smartlook iOS 2.2.x (SmartlookAnalytics.xcframework; the mirror holds its device slice only) from
# smartlook/cordova-smartlook, and Smartlook Android 1.8.7 (an AAR) from smartlook/UnityPackage.
from_github smartlook+cordova-smartlook e2ff66920a7f3e49b255e20ebc008770627b3820 \
  src/ios/SmartlookAnalytics.xcframework smartlook
from_github smartlook+UnityPackage 263c08bdbd3ec017af36678e69268ce758f4672f \
  Assets/Smartlook/SmartlookAnalytics/Android/app-1.8.7-unity-lite-support.aar smartlook
# UXCam iOS: UXCam.framework 2.0.0 (2015, a versioned bundle) and UXCam.xcframework (2021; its
# simulator slice only) and UXCam Android as a jar, from the vendor's cordova-uxcam.
from_github uxcam+cordova-uxcam 944e85d43503b7258fad6a438087ed23b0664783 src/ios/UXCam.framework uxcam
from_github uxcam+cordova-uxcam af09d8bb16c95582bfaa35a8e87c587319f4c776 src/ios/UXCam.xcframework uxcam
from_github uxcam+cordova-uxcam 381f706a88e690f5b763820b11aeb0ae789425a6 src/android/UXCam.jar uxcam
# Tealium iOS 5.x: TealiumIOS.xcframework (simulator slice only) and TealiumIOSLifecycle.framework
# (Tealium/tealium-ios, 2022), and the TealiumIOS.framework of its watchOS sample (2018).
from_github Tealium+tealium-ios 50504df93c8a3a7bb040342afc7ac87cc56a864f TealiumIOS.xcframework tealium
from_github Tealium+tealium-ios 50504df93c8a3a7bb040342afc7ac87cc56a864f \
  TealiumIOSLifecycle.framework tealium
from_github Tealium+tealium-ios c357c5b8334724539c2c0bf6ac554bb30a11baa9 \
  Samples/WatchOS_Sample_Swift/TealiumIOS.framework tealium
# Leanplum iOS from the vendor's Leanplum-Unity-SDK: Leanplum.xcframework 6.x (2024), which embeds
# CleverTapSDK.framework and SDWebImage.framework, into github/leanplum/; the 2022 xcframework
# (4.x, before CleverTap) into github/leanplum4/.
from_github Leanplum+Leanplum-Unity-SDK 7e1fb106272c7e7eb4795b6fbab214547543b624 \
  Leanplum-Unity-SDK/Assets/Plugins/iOS/Leanplum.xcframework leanplum
from_github Leanplum+Leanplum-Unity-SDK 26336c30b6088727b10bf32e212b0ac1593d427a \
  Leanplum-Unity-SDK/Assets/Plugins/iOS/Leanplum.xcframework leanplum4
# App Center iOS 1.x (2018): the static AppCenterAnalytics.framework and AppCenterPush.framework of
# the vendor's appcenter-sdk-unity (AppCenter.framework itself is not in the mirror).
for kit in Analytics/AppCenterAnalytics Push/AppCenterPush; do
  from_github microsoft+appcenter-sdk-unity b30ce96c6d9345b72b1ce616ca8b017ce7c653c2 \
    "Assets/AppCenter/Plugins/iOS/$kit.framework" app-center
done
# Swrve iOS SDK compiled into an OpenFL extension's static library (flowplay/extension-swrve, 2016).
from_github flowplay+extension-swrve 68e9e66ec6b72c3cc581e2cd95e65748a7618faa \
  ndll/iPhone/libextension_swrve.iphoneos-64.a swrve
# myTracker iOS as MyTrackerSDK.xcframework (myTrackerSDK/mytracker-ios-spm, 2021; simulator slice only).
from_github myTrackerSDK+mytracker-ios-spm 37cad6ee5b2e22009cda072d8b6b07987bdc09b6 \
  Binary/MyTrackerSDK.xcframework mytracker
# Localytics Android (no iOS binary in any mirror): the jars of the vendor's Titanium module (2018)
# and Cordova plugin (2017).
from_github localytics+localytics-titanium 1cd60620f1367897c785df85313ecf2cff523644 \
  Localytics/android/lib/localytics-51.1.jar localytics
from_github localytics+localytics-cordova 79dc02788da761520718bf616a28162307a490e5 \
  src/android/localytics.jar localytics
# Embrace iOS: the 5.x Embrace.framework (embrace-io/embrace-ios-eap, 2020) and 6.x's EmbraceIO and
# EmbraceCore xcframeworks (embrace-io/embrace-unity-sdk, 2024).
from_github embrace-io+embrace-ios-eap 366ff761c564af2b10fe2f106af56adc1d5f1f3c Embrace.framework embrace
for kit in EmbraceIO EmbraceCore; do
  from_github embrace-io+embrace-unity-sdk 6c4c551acf0bd1b25b58338e54e674a8199b7d47 \
    "Embrace Unity iOS Interface/xcframeworks/$kit.xcframework" embrace
done
# MoEngage iOS 9.x/10.x xcframeworks from the vendor's repositories (the SDK's own repository is too
# large to mirror): MoEngageCore (2025) and MoEngageAnalytics (2024) of MoEngage-iOS-SDK-Beta, and
# the in-app module MoEngageInApps (MoEngage-iOS-InApps, 2024).
from_github moengage+MoEngage-iOS-SDK-Beta a7ff1248c9dd3f3c412a067fc09a070351cf5f0a \
  Frameworks/MoEngageCore.xcframework moengage
from_github moengage+MoEngage-iOS-SDK-Beta 548a64e0a5643072a730387d3240cd321f95c2a2 \
  Frameworks/MoEngageAnalytics.xcframework moengage
from_github moengage+MoEngage-iOS-InApps 253dda12b10981192dbc00bbad9f1caa1822b3ff \
  Frameworks/MoEngageInApps.xcframework moengage
# New Relic iOS agent as NewRelic.xcframework (the vendor's newrelic-unreal-plugin, 2024).
from_github newrelic+newrelic-unreal-plugin 17ac47b4219b2d0eb1d0f6d65a3638e2854ede43 \
  Plugins/NewRelic/Source/NewRelic/ThirdParty/IOS/NewRelic.xcframework new-relic
# New Relic Android agent 7.6.1 (a jar of the vendor's newrelic-xamarin-plugin, 2024).
from_github newrelic+newrelic-xamarin-plugin 8a95d6bbb0bccafe5fa330a4d46f3ed7e510a507 \
  NewRelic.Xamarin.Android.Binding/Jars/android-agent-static-7.6.1.jar new-relic
# Bugsnag: bugsnag-cocoa 5.22.10 in the vendor's macOS build of its Cocos2d-x plugin, and
# bugsnag-android-core 4.22.2 (bugsnag/bugsnag-cocos2dx example app, 2019-2020).
from_github bugsnag+bugsnag-cocos2dx d6de632523c191b56a81a25081a10d50db31422b \
  examples/example-cpp-app/bugsnag/cocoa/libbugsnag-cocos2dx-macosx.a bugsnag
from_github bugsnag+bugsnag-cocos2dx 31a439343edd23a7b6fcd4467af86da9d245feb1 \
  examples/example-cpp-app/bugsnag/android/libs/bugsnag-android-core.aar bugsnag
# mParticle iOS from the vendor's mparticle-unity-plugin: mParticle_Apple_SDK.framework (2024) and
# the 2017 mParticle.framework (libTrackAndAd.a inside a versioned bundle) into github/mparticle2017/,
# and mParticle Android's core jar (2022). RudderStack's Unity bridge RudderSDKUnity.framework
# (rudderlabs/rudder-sdk-unity, 2019).
from_github mParticle+mparticle-unity-plugin 54c17719e459b2e7094f6d2442e8b906adad5ce5 \
  Assets/Plugins/iOS/mParticle_Apple_SDK.framework mparticle
from_github mParticle+mparticle-unity-plugin f189533fd45ce2350ec19185b81d6d6b285dd6d5 \
  iOS/mParticle.framework mparticle2017
from_github mParticle+mparticle-unity-plugin d23b4dc00c8e0ba6cc009b29e0c528785d198ff2 \
  Assets/Plugins/Android/mparticle-core.jar mparticle
from_github rudderlabs+rudder-sdk-unity bb82fc4c84f6414fb02f214d9a609fa07684b866 \
  RudderUnityPluginDemo/Assets/Plugins/iOS/RudderSDKUnity.framework rudderstack
# Countly iOS as a static library and Countly Android as an AAR, from the vendor's Xamarin
# bindings (Countly/countly-sdk-xamarin, 2017).
from_github Countly+countly-sdk-xamarin a9297cbbe401b8fc72c44579769f5795919aa1ae \
  iOS/BindingCountlySdk/CountlySdk/LibCountlyiOSSdk.a countly
from_github Countly+countly-sdk-xamarin a9297cbbe401b8fc72c44579769f5795919aa1ae \
  Android/BindingCountlyMessagingSdk/Jars/sdk.aar countly
# mixpanel-iphone 2.0.1 built as a static library for a Xamarin binding (stelapps/xamarin-mixpanel, 2013).
from_github stelapps+xamarin-mixpanel 2fba2796f6585d0aa115e1772990a6b1eef91901 \
  MixpanelAPI/MixpanelAPI/libMixpanel.a mixpanel
# Amplitude-iOS as a static library and Amplitude Android 2.15.0 (a Xamarin binding's vendor/,
# TheUniforms/Uniforms-Amplitude, 2017), and as Amplitude.xcframework (a MAUI binding,
# thisisthekap/Tonestro.Maui.Amplitude.iOS, 2024).
from_github TheUniforms+Uniforms-Amplitude ccd5f37354f58d61ce2d175bb35b13cfd620d0b4 \
  vendor/Amplitude-iOS/libAmplitude.a amplitude
from_github TheUniforms+Uniforms-Amplitude ccd5f37354f58d61ce2d175bb35b13cfd620d0b4 \
  vendor/Amplitude-Android/amplitude-android-2.15.0.jar amplitude
from_github thisisthekap+Tonestro.Maui.Amplitude.iOS ce6380f70846a68002e1c88c4cbdf8e8173e0314 \
  native/Amplitude.xcframework amplitude
# CleverTapSDK.xcframework 6.x, vendored beside Leanplum 6 (Leanplum/Leanplum-Unity-SDK, 2024).
from_github Leanplum+Leanplum-Unity-SDK 7e1fb106272c7e7eb4795b6fbab214547543b624 \
  Leanplum-Unity-SDK/Assets/Plugins/iOS/CleverTapSDK.xcframework clevertap
# Contentsquare iOS as the static ContentsquareModule.xcframework of the vendor's iOS sample app
# (ContentSquare/iOS-sample-app; simulator slice only).
from_github ContentSquare+iOS-sample-app dae7208652031e6a0819fd7668b02d7cc5399c56 \
  "Static Framework Sample/ContentsquareModule/ContentsquareModule.xcframework" contentsquare
# Localytics AMP iOS 2.23.0 as the vendor's static library (libLocalyticsAMP_x64.a, with arm64),
# as myell0w/Localytics-iOS republished it.
from_github myell0w+Localytics-iOS 6f469dc4b0a65f0b1b0e4a6b673b0df42b081f4c libLocalyticsAMP_x64.a localytics
# Microsoft Clarity iOS (Clarity.xcframework) and Android 3.8.2 (an AAR) as a MAUI binding
# checks them in (Kebechet/Maui.MicrosoftClarity, 2026).
from_github Kebechet+Maui.MicrosoftClarity b63e0b980059de67a26e6770d6b5ea8b89b9d35b \
  src/Maui.MicrosoftClarity.iOS/nativelib/Clarity.xcframework microsoft-clarity
from_github Kebechet+Maui.MicrosoftClarity 0173b7970282c8182d84a3b1d554f32a9951caf0 \
  src/Maui.MicrosoftClarity.Android/Jars/clarity-3.8.2.aar microsoft-clarity
# TUNE Android 4.7.0 and its predecessor MobileAppTracker 3.11.3 (jars of sdkbox/sdkbox-sample-tune,
# 2016; its iOS Tune and MobileAppTracker frameworks are not in the mirror).
from_github sdkbox+sdkbox-sample-tune 54e259e06ce3125fc119be43614eb8a5051e2e02 \
  cpp/proj.android/libs/TuneMarketingConsoleSDK-4.7.0.jar tune
from_github sdkbox+sdkbox-sample-tune d5036d0ce8f58ce9aba6be07eab62a4e99f9c122 \
  cpp/proj.android/libs/MobileAppTracker.jar tune
# AppMetrica's (Yandex Metrica's) iOS crash module YandexMobileMetricaCrashes.framework, as a Cordova
# plugin vendored it (VitalyArt/metrica-plugin-cordova, 2022; YandexMobileMetrica itself is not in
# the mirror).
from_github VitalyArt+metrica-plugin-cordova 99a5abcdcfe4d62075935e58c7b323c87e90cdf5 \
  platforms/ios/YandexMobileMetricaCrashes.framework appmetrica
# Braze Android 24.2.0's base AAR (the vendor's braze-xamarin-sdk, 2023).
from_github braze-inc+braze-xamarin-sdk 18dc42ab2b498198e8dcd99bb749e29d356d2c3a \
  appboy-component/src/android-core/AppboyPlatform.AndroidCore/Jars/android-sdk-base-24.2.0.aar braze
# --- end of branch i11-analytics ---

# --- branch i11-ads: ad networks' real binaries from vendors' and engine plugins' repositories ---
# Unity Ads iOS 1.5.2 (UnityAds.framework, Applifier/unity-ads-sdk "Release 1.5.2") and the
# Android unity-ads.aar of Release 1.5.6.
from_github Applifier+unity-ads-sdk 16055d6e93650a62f12ecd4315040854bac9ddab UnityAds.framework unity-ads
from_github Applifier+unity-ads-sdk be52ab9849c4f5b1113db85579632e57e406d18d unity-ads.aar unity-ads
# Solar2D (Corona) plugins commit the vendors' binaries they link; their builds drop the
# frameworks' Headers and most Info.plists. Appodeal's mediated networks for iOS:
cl=coronalabs+com.coronalabs-plugin.appodeal
# Amazon Publisher Services DTBiOSSDK.framework (binary only; "aps-ios" 3.3.0).
from_github $cl.AmazonAds c7b02e62380a04744c97af821135413f94708445 \
  plugins/2018.3326/iphone/resources/Frameworks/DTBiOSSDK.framework amazon-publisher-services
# MoPub's white-labelled Moat 3.2.1 (MPUBMoatMobileAppKit.framework) and IAS's Avid for MoPub
# 3.6.1 (libAvid-mopub-3.6.1.a, no SDK of the database: a precision check).
from_github $cl.TwitterMoPub c7e6cc369a89ade7a5acca420be5c400811db18d \
  plugins/2018.3326/iphone/MPUBMoatMobileAppKit.framework moat
from_github $cl.TwitterMoPub c7e6cc369a89ade7a5acca420be5c400811db18d \
  plugins/2018.3326/iphone/libAvid-mopub-3.6.1.a avid
# Smaato iOS 21.x static frameworks (banner, rich media, video; SmaatoSDKCore's blob is absent).
for kit in SmaatoSDKBanner SmaatoSDKRichMedia SmaatoSDKVideo; do
  from_github $cl.Smaato 78ba09387a98e358ea83191041ccecb6752a5034 "plugins/2018.3326/iphone/$kit.framework" smaato
done
# BidMachine 1.7.3.0 (static BidMachine.framework) and Criteo's CriteoPublisherSdk.framework 4.9.0.
from_github $cl.Bidmachine b03a7e7653c2e97c3a1423733c5003017329438f plugins/2020.3569/iphone/BidMachine.framework bidmachine
from_github $cl.Bidmachine 80381d88246c585e857668c6ed553b9f9c8c4a09 plugins/2020.3569/iphone/CriteoPublisherSdk.framework criteo
# Tapjoy 12.7.0 (the simulator build of Tapjoy.framework; the device build's blob is absent).
from_github $cl.Tapjoy f914ad82ffc9977376a3c528b62f12f058e0f6d3 plugins/2018.3326/iphone-sim/Tapjoy.framework tapjoy
# Appodeal 3.10.0's own Appodeal.framework (static, no Info.plist).
from_github $cl.base e222dd04e9137d37f1bea4a7ffaacc6bcacdaa21 plugins/2018.3326/iphone/Appodeal.framework appodeal
# Android: myTarget 5.4.7 and AppLovin 9.9.2 AARs.
from_github $cl.MyTarget 32137bae8b965b0f878888b9462a9636d5b49e01 plugins/2018.3326/android/mytarget-5.4.7.aar mytarget
from_github $cl.AppLovin ce488c0ac0207259785b91d951067ca4e0a94b97 plugins/2018.3326/android/applovin-9.9.2.aar applovin
# AppLovin MAX's mediated networks: HyprMX 6.4.2, Digital Turbine (Fyber) IASDKCore 8.2.4, Ogury 5.
max=solar2d+com.solar2d-plugin.applovinMax
from_github $max.HyprMX d6e162afe52ee7e3eeac3ad7380e1e91d420e989 \
  plugins/2018.3326/iphone/resources/Frameworks/HyprMX.framework hyprmx
from_github $max.Fyber ae099cbd74ad51a8047aae31fdac0698c67a72f0 \
  plugins/2018.3326/iphone/resources/Frameworks/IASDKCore.framework digital-turbine-exchange
for kit in OgurySdk OguryAds OguryCore OguryChoiceManager; do
  from_github $max.Ogury 73dfae797404966e23a2ca73ecd11e86406b7d52 "plugins/2018.3326/iphone/$kit.framework" ogury
done
# Smaato 23.0.0-beta.2 (vervegroup/Smaato-ios-sdk-standalone): SmaatoSDKCore.xcframework and the
# HyBid it is built on, Smaato_HyBid.xcframework (Verve HyBid 3.6.1; device slices only).
from_github vervegroup+Smaato-ios-sdk-standalone b23950a8d7658338d0b97d42aeca6abe37310fcf \
  SmaatoSDKCore.xcframework smaato
from_github vervegroup+Smaato-ios-sdk-standalone b23950a8d7658338d0b97d42aeca6abe37310fcf \
  Smaato_HyBid.xcframework verve-hybid
# Teads 6.1.0 (TeadsSDK.xcframework, teads/TeadsSDK-iOS), Outbrain 5.4.2 (OutbrainSDK.xcframework)
# and 2015's static OutbrainSDK.framework 1.5.2, Kidoz (KidozSDK.xcframework, Kidoz-SDK), and
# TopOn's own Pangle adapter (AnyThinkPangleAdapter.framework, toponteam/AnyThinkPrivateSDK).
from_github teads+TeadsSDK-iOS 7a18b9c1750a1f82d389ab3fe88a25860f408f14 Frameworks/TeadsSDK.xcframework teads
ob=outbrain-inc+outbrain-iOS-Framework
from_github $ob a818946c6cd9b707a9ce6b3100880da890460fcc OutbrainSDK.xcframework outbrain
from_github $ob d81dec871e62be3425163f6780b98817082e8a92 Samples/OutbrainSDK.framework outbrain
from_github Kidoz-SDK+kidoz-ios-frameworks 5a8123f1c80651cf3aae8e9dcde09232ecbf7cc5 KidozSDK/KidozSDK/KidozSDK.xcframework kidoz
from_github toponteam+AnyThinkPrivateSDK 121bfbf8d2d9ac37b89489fd66c9843002df74d2 Adapters/AnyThinkPangleAdapter.framework topon
# Kidoz's Unity sample: its static KidozSDK.framework (iOS, Info.plist `1.0`) and the Android
# SDK 9.0.0 (net.kidoz.sdk.kidoz-android-native-9.0.0.aar).
kz=Kidoz-SDK+kidoz-mobile-sdk
from_github $kz 8e40043aad74b24f99fbaa6c40034b6629b8c2a2 \
  "Kidoz Direct/Unity/SampleApp/Assets/Kidoz/Plugins/iOS/KidozSDK.framework" kidoz
from_github $kz 5b10782963aff1be7d037f394c9c8d2e7bc0e7a4 \
  "Kidoz Direct/Unity/SampleApp/Assets/Plugins/Android/net.kidoz.sdk.kidoz-android-native-9.0.0.aar" kidoz
# Wrappers around ad networks, precision checks (an adapter or plugin is not the network): Teads'
# Google Mobile Ads adapter (GADMAdapterTeads* classes), Solar2D's AdColony and Kidoz plugins,
# Appodeal's Chartboost adapter, and Sigmob's own adapter for Tencent's GDT.
from_github teads+TeadsSDK-iOS 89616dc1872610164c9d87a065594c3afc271bbf \
  Adapters/GoogleMobileAdsMediationTeads/TeadsAdMobAdapter.framework wrappers
from_github coronalabs+com.coronalabs-plugin.adcolony 7de5c9e951ef6a53948864f96c2fdf4956c11bf5 \
  plugins/2017.3183/iphone/libAdColonyPlugin.a wrappers
from_github coronalabs+com.coronalabs-plugin.kidoz 4aeb67f5438c4a69e8444aae6aba21cee81704dd \
  plugins/2018.3313/iphone/libKidozPlugin.a wrappers
from_github $cl.Chartboost e70ca797361646279329022cba89c24de27eb9c6 \
  plugins/2020.3569/iphone/libAPDChartboostAdapter.a wrappers
from_github Sigmob+SigmobAd-iOS 593c1cdece71f763ef3e3e14e464e0f2c786c00b \
  WindSDK/GDT/libSigmobGDTAdapter.a wrappers
# Android jars of cranberrygame's Appodeal Cordova plugin (2015): Appodeal 1.12.2 (with MoPub's and
# Amazon's ad code inside), Chartboost 5.2.0 and AppLovin 5.4.3.
cg=cranberrygame+cordova-plugin-ad-appodeal
from_github $cg 09d9933da06450772eb6c2040df2ef1f60da603b src/android/appodeal-1.12.2.jar appodeal
from_github $cg 09d9933da06450772eb6c2040df2ef1f60da603b src/android/applovin-sdk-5.4.3.jar applovin
from_github $cg 0728795e6a2fba7441ded360b21ce509f9e10dce src/android/chartboost-5.2.0.jar chartboost
# AdColony Android 3.3.4 (AdColony.jar of AdColony's own Unity plugin build directory).
from_github AdColony-Engineering+Unity-Plugin 119bb0305621ae7b85cb358b8cdb313e526c5bfe \
  Plugin/src/android/Library/build/intermediates/bundles/release/libs/AdColony.jar adcolony
# Yandex's own mediation adapters (YMA* classes) for AdColony, Bigo, Start.io and Google, and its
# ironSource adapter for Yandex, from an app that commits its Pods (the networks' SDK blobs are
# absent there): the networks referenced, by their classes.
ga=GetBetterApps+app-sdk
for kit in AdColony BigoADS StartApp Google; do
  from_github $ga 6fc7283d85a777e58849ae8b8f28abc0714c8630 \
    "iosApp/Pods/${kit}YandexMobileAdsAdapters/${kit}YandexMobileAdsAdapters.xcframework" wrappers
done
from_github $ga 6fc7283d85a777e58849ae8b8f28abc0714c8630 \
  iosApp/Pods/YandexMobileAdsIronSourceAdapters/YandexMobileAdsIronSourceAdapters.xcframework wrappers
# TopOn iOS 5.7.85's format modules (static AnyThinkBanner/AnyThinkSplash frameworks of a TopOn
# Unity package) and, from react-native-anythink-module, the Android AARs of TopOn core 5.8.11, its
# Pangle China adapter, Baidu Mobads 9.183 and Tencent GDT 4.441.1311.
mo=mogafa+anythinkads-toponad-ofm-core-unity
for kit in AnyThinkBanner AnyThinkSplash; do
  from_github $mo 5489cc7f9389d55c237d0aac11e52e5ce9229577 \
    "Assets/Package/com.toponad.ofm.core/Runtime/Plugins/iOS/AnyThinkiOS/AnyThinkiOS/$kit.framework" topon
done
for aar in anythink_core anythink_network_pangle_china Baidu_MobAds_SDK-release_v9.183 \
    GDTSDK.unionNormal.4.441.1311; do
  from_github moremorefun+react-native-anythink-module 49e72aefe226bc348a26adb68e6dade35c0db482 \
    "android/libs/$aar.aar" topon
done
# Sigmob (Wind SDK) Android 4.25.14 from Sigmob's own demo (app/libs/wind-sdk-4.25.14.aar).
from_github Sigmob+WindDemo-Android fd6fd88efea452c0dc39b02cea652394c5b654d0 app/libs/wind-sdk-4.25.14.aar sigmob
# Kuaishou ads Android 3.3.28 from Sigmob's ToBid demo (kssdk-ad-3.3.28-publishRelease.aar).
from_github Sigmob+ToBidDemo-Android 74698eeacb57a38914ce345180aebb24b3e62929 \
  app/libs/AdNetworks/kuaishou/kssdk-ad-3.3.28-publishRelease.aar kuaishou

echo "vendor corpus in $out"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fetch-vendor: failed: ${failed[*]}" >&2
  exit 1
fi
