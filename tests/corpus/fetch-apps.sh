#!/usr/bin/env bash
# Real third-party Android builds that their authors committed to GitHub, for the opt-in corpus
# tests of tests/corpus_apps.rs: apps with SDKs in them (attribution, ad, analytics), apps of
# sensitive categories, and negative controls. Each APK is copied out of a local mirror of its
# repository (a bare git directory, as the `fetch` of the search tool leaves it:
# $SDKLINT_MIRROR/<owner>+<name>/repo, default /work/.mirror) at a pinned commit, to
# ${SDKLINT_CORPUS:-~/.cache/sdklint-corpus}/apps/<owner>+<name>.apk. A repository without a
# mirror is skipped silently. Nothing here may be committed: these are other people's builds.
# Usage: fetch-apps.sh [DIR]
set -euo pipefail
out=${1:-${SDKLINT_CORPUS:-${XDG_CACHE_HOME:-$HOME/.cache}/sdklint-corpus}}/apps
mirrors=${SDKLINT_MIRROR:-/work/.mirror}
mkdir -p "$out"
got=0
app() { # owner+name commit path
  local git="$mirrors/$1/repo"
  [ -d "$git/.git" ] && git="$git/.git"
  [ -d "$git" ] || return 0
  if git --git-dir="$git" cat-file blob "$2:$3" > "$out/$1.apk.part" 2>/dev/null; then
    mv "$out/$1.apk.part" "$out/$1.apk"
    got=$((got + 1))
  else
    rm -f "$out/$1.apk.part"
    echo "fetch-apps: $1: no $3 at $2" >&2
  fi
}

# a student Kotlin chat app (debug build); negative control: no SDK
app 000HelloWorld000+chatKotlin d8bee87f266825f21921d96b84f9617d01b6be0b "app/build/outputs/apk/debug/app-debug.apk"
# EmergencyPlus, a blood-donation / emergency app (health); Firebase Analytics pulled in by firebase-core
app 007shyamagarwal+BloodLife 3adb5467ba95508f442540c091dae959899f9d44 "app/build/outputs/apk/app-debug.apk"
# BuyHatkeProject, built against the play-services 8.4.0 umbrella: only Firebase Analytics (measurement) survives
app 007spectre+ChatApp f0b80bcbc6a0eb3bfea251dc0daaad0a2b4b7f69 "app/app-release.apk"
# InhaMap, a Korean campus map; negative control
app 0206cho+InhaMap 0404ce813a7cfc59f61a4df5376711516788e709 "app/release/app-release.apk"
# DOVIZ, a Turkish currency-rate app; negative control
app 024N+Currency-App 63b2982ba5108bd24c793ac9d98f99505dbcc2e1 "app/release/app-release.apk"
# NCClife Yemek, a Turkish food app with the play-services 11.6.2 umbrella and OneSignal: Analytics, GA, GTM, AdMob, Sign-In code all present, none called
app 024N+ncclife-App 88612783421f292d047e02ef33b456b21b754428 "app/release/app-release.apk"
# GateForFree, an exam-prep app (firebase-auth/database, play-services-auth): Firebase Analytics comes transitively; Play services' gen_204 URL is no AdMob mention
app 0Ashwajeet9+GateForFree d21731e629b0a5bc4d626879ecb661325f1f744f "app/release/app-release.apk"
# a small Russian game; negative control
app 0RootLoL0+lootboxsuperabilities f1237bc70342d89f09cfca6a6b2c1ccf80bda13d "app/release/app-release.apk"
# TIC TAC GO, a game; negative control
app 0kstudios+TicTacGo dc119e50d3bc1b14b487641286c1dc7e0f8faa35 "app/app-release.apk"
# GPCalculator, a grade-point calculator; negative control
app 0lukayode+GP-Calculator b6071f55ae7bb645fc9c073580ff4eecebb705d5 "app/release/app-release.apk"
# Material Me!, a codelab app (debug build); negative control
app 0martel+Sports_News 5fe2950ce6b3fd9060fcdfdf7cf79b42eb0be21d "app/build/outputs/apk/debug/app-debug.apk"
# KenyanBeauty, a tourism app with the play-services 11.2.2 umbrella: Analytics, GA, GTM, AdMob, Sign-In code present, none called
app 0n1s+tourism_ke 190ebe9c84fb85d69e3b81c49dc1bc6a74271e0b "app/release/Kenyanbeauty.apk"
# an old GitHub client (com.github.mobile); negative control with many libraries
app 0rbianta+GitHub-Mobile 6191de4f511e7ea747f3dfea4c70d8423e7e3b6d "app/release/app-release.apk"
# HandyReviews, a student app (debug build); negative control
app 0xB4D4SS+HandyReviews b6f3a71b044f4397415d4b3cb380029866b1b058 "app/build/outputs/apk/debug/app-debug.apk"
# Spotinder, a Spotify-based dating-style matcher with firebase-core 12.0.1
app 0xCAFEADD1C7+spotinder 5d5e70512a8598cd18cdaf36321d032d71845383 "app/release/app-release.apk"
# Age Calculator (age collection without tracking); negative control
app 0xJihan+Age-Calculator d7cf6b03a41583148a099db4bf455aff5e080b3f "app/release/Age Calculator.apk"
# Expense Tracker (finance); negative control
app 0xJihan+expense-tracker 46e99bbeff8523fd154c04aee6b2edcd3f4a067e "app/release/app-release.apk"
# Achat, a chat app with firebase-core 17.4.3 and FirebaseUI 0.6.0 (Facebook SDK 4.x): the SDKs' own strings are no sensitive events
app 1-creator+achat 465e1b4cb122a313d51179ec13521420ac30f1d0 "app/release/app-release.apk"
# a WhatsApp status downloader; negative control
app 10-kapilkori+whats_app_status_downloader da7ab6ac0d3860141ba7a0af26f6c9e5b0067987 "app/release/app-release.apk"
# a Korean reminder app (debug build); negative control
app 100sun+ah_maj_da 481f60123b0a26e9116ab77cf06dd61bbb403e6b "app/build/outputs/apk/debug/app-debug.apk"
# a fortune-sticks app (religion-adjacent); negative control
app 106306028+ForutneSticks-Android-APP 0f7bb7314273583de0587c4f2e24f7611e4dd057 "app/release/app-release.apk"
# Statisfy, Spotify statistics; negative control
app 10773n+Spotifystatistics 43fd5a295434ed8b2b6bed9ea9c1a6754600aade "app/release/app-release.apk"
# a sports-cafe student app; negative control
app 107sinha+Sports dbc1300972e13ec40673c99df52dca3878b2e5d8 "app/app-release.apk"
# FastMes, a messenger (debug build); negative control
app 10godFather18+FastMes aa05a4ffaec89339d48f6558eb6de735a396274f "app/build/outputs/apk/debug/app-debug.apk"
# My Gym Companion (fitness); negative control
app 11051564+MyGymCompanion 36a6b1162c1af50c0e5373a878fda94652c22fca "app/app-release.apk"
# GoGoAnime, an anime app; negative control
app 1231varun+GoGoAnime-App ca03a87f2013c732bc5aa5871e727599f16a62ca "app/app-release.apk"
# a YouTube player demo with play-services-auth (Google Sign-In only, no tracking)
app 13bhavya+YoutubeIntegrate fe0f614c1cc9321afb36695f9cca5e49952e36e0 "app/build/outputs/apk/debug/app-debug.apk"
# expensetracker (finance); negative control
app 1595ayush+ExpenseTracker a187c6dbbe62614e4f72890341432ba31cba9d7a "app/app-release.apk"
# BarberMe (debug build); negative control
app 18074382+BarberMe0.01 bca2d738dee7aa414412d73a3c1c1bc961356781 "app/build/outputs/apk/debug/app-debug.apk"
# Yemek Tarifleri, a recipe app (debug build); negative control
app 19740027+yemekapp 7aab3763dd922ece14a1496e8289e40822b75f05 "app/build/outputs/apk/debug/app-debug.apk"
# Auto Call Recorder; negative control
app 1993Atikur+AutoCallRecorder a7bfbabc313a48a0b3da7a0025f0c9b2df960840 "app/release/AutoCallRecorderfinal.apk"
# FoodOrderApp, whose own package is com.android.foodorderapp (debug build); negative control
app 19jayaprakash+FoodOrderApp eca746d8da0f2cb57ae3a6c9f471141222316065 "app/build/outputs/apk/debug/app-debug.apk"
# a Bluetooth chat demo (debug build); negative control
app 2018ti+AS-chat a2435917d2e5a193b922b6f6173832567aef205d "app/build/outputs/apk/debug/app-debug.apk"
# Let's Chat, a Firebase chat app (debug build): Firebase Analytics and Sign-In
app 87rjg+LetsChat 5cf54b992322054a0b849278a2307492a132a09a "app/debug/app-debug.apk"
# GoogleSignUp, a Firebase auth demo (debug build)
app AbdooRaf3+googlesignup aa769a8519e2a27511a2d4f2ec8f1dab059415a4 "app/debug/app-debug.apk"
# ChatApp, a student chat (debug build); negative control
app Ahelii16+Chatter 799be64e820e139fa4dba2bc75b570b6396f4cf1 "app/debug/app-debug.apk"
# a FirebaseUI Auth 4.3.1 app whose merged manifest names the Facebook SDK (no Facebook code) and whose FirebaseUI code refers to Twitter Kit
app AlbVal97+FirebaseFunctionalities a2c38b0c8cc1f7373f977957c8f96d92ad87ece0 "app/debug/app-debug.apk"
# AppsFlyer's own sample app (AppsFlyer 4.8.7, package com.appsflyer.androidsampleapp under the SDK's prefix); an X MMP
app AppsFlyerSDK+appsflyer-android-app d58e5103b7a8a32dc6dcc8cde4bf3c24a06b5f9e "app/release/app-release.apk"
# a Bhagavad Gita reader (religion) without SDKs; negative control
app Bhagavad-Gita-App+BhagavadGita-android 5259afd0ae942555e3559bbbd3c318a6226a6cf7 "apk/app-release.apk"
# HealthShine (health) with firebase-core 16.0.4
app Bonkahe+HealthShine-App 2852c987629542fe95e797bd2006c02f57c6ee11 "app/release/app-release.apk"
# COVID-19 Live Stats (health); negative control
app Cybertron-Avneesh+COVID-19-App fba787c1be558b78f7d23fba17e5e29fddb42613 "release/app-release.apk"
# TestBrain, a quiz, own package com.android.testbrain; negative control
app Cybertron-Avneesh+Test-Your-Brain 0b413b9881e10a6c3f4b2721bc8db0a160f5d2d2 "release/app-release.apk"
# Google's App Shortcuts sample (debug build); negative control
app ESENS12+AndroidRecipe f51ec6809dd21a5b2b6980dc3b787a6fc9eb2469 "AppShortcutsSample/app/build/outputs/apk/debug/app-debug.apk"
# an Analytics example calling FirebaseAnalytics.logEvent, with play-services-analytics 17 (GA and its GTM v4 dependency)
app Gui55+AnalyticsExampleC e3e27770981af312a421b93f5752f8d7e3efe6ca "app/build/outputs/apk/debug/app-debug.apk"
# DeepLink Test: Facebook SDK 4.38.1, Branch 3.0.4 (with the Answers shim), play-services-ads; an X MMP
app MishaVernik+Facebook-DeepLink 91fb63ec8283d406da4e0ca3b7501f6e274cdd53 "app/release/app-release.apk"
# Facebook SDK 4.14.1's ShareIt sample, vendored in a repository: Facebook core, App Events, Login, Share
app swkokr+facebooklogin 3ecdd46e081d356b91667c2be8097a175fe88e7c "app/libs/facebook-android-sdk-4.14.1/facebook/samples/ShareIt-universal.apk"
# a Branch 3.2.0 WebView sample with play-services-ads (the Answers shim again); an X MMP
app vyeoh-branch+android_web_view_sample 764cffd3b45b8c18d346431d521191f803a4e017 "app/build/outputs/apk/app-debug.apk"

echo "fetch-apps: $got APKs in $out"
