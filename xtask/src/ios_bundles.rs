//! iOS fixtures: IPAs and `.app` / `.xcarchive` / `.framework` / `.xcframework` directories built
//! from `fixtures/src/ios/apps/` with clang (`--target=arm64-apple-ios14.0`), ld64.lld-14 against
//! `.tbd` stubs, llvm-lipo-14, plistutil (binary plists), iconv (UTF-16 `.strings`), openssl
//! (`cms -sign`: the provisioning profiles' CMS envelopes) and zip. See `fixtures/README.md`.
//!
//! `shop` is the base app; `shop-no-att`, `shop-untracked`, `shop-health`, `shop-att`, `shop-fb`
//! and `shop-legacy-sdk` are overlays copied over it before staging (the last three also link
//! AppTrackingTransparency, embed a `FBSDKCoreKit.framework` or drop AppsFlyer's manifest). Inputs get fixed modes and timestamps, zips list their entries sorted,
//! and CMS signatures carry no signing time, so a rebuild gives identical bytes.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::{
    Paths, Result, SOURCE_DATE_EPOCH, Tool, ZIP, check_tools, command_env, copy_tree, fresh_dir,
    normalize_tree, run, sorted_entries, write_if_changed,
};

const CLANG: Tool = Tool {
    bin: "clang",
    package: "clang",
};
const LD64: Tool = Tool {
    bin: "ld64.lld-14",
    package: "lld",
};
const LIPO: Tool = Tool {
    bin: "llvm-lipo-14",
    package: "llvm",
};
const PLISTUTIL: Tool = Tool {
    bin: "plistutil",
    package: "libplist-utils",
};
const OPENSSL: Tool = Tool {
    bin: "openssl",
    package: "openssl",
};
const ICONV: Tool = Tool {
    bin: "iconv",
    package: "libc-bin",
};

/// How an app fixture is packaged.
#[derive(Clone, Copy)]
enum Form {
    /// `fixtures/<name>.ipa`.
    Ipa,
    /// `fixtures/ios/Shop.app/`.
    AppDir,
    /// `fixtures/ios/Shop.xcarchive/`.
    Xcarchive,
}

struct AppFixture {
    name: &'static str,
    /// A directory copied over `shop/` before staging.
    overlay: Option<&'static str>,
    /// Embed `PlugIns/Widget.appex`.
    widget: bool,
    form: Form,
    /// Write the profile's CMS with indefinite lengths (BER, as Apple does) instead of DER.
    ber_profile: bool,
    /// Link AppTrackingTransparency (the stub in `src/ios/macho/stubs/Frameworks`).
    att: bool,
    /// Keep AppsFlyerLib.framework's own `PrivacyInfo.xcprivacy`.
    af_manifest: bool,
    /// Embed and link a `FBSDKCoreKit.framework`.
    facebook: Option<FbKit>,
    /// Vendor frameworks embedded (not linked) in `Frameworks/`, each built from
    /// `src/ios/apps/sdks/vendors/<name>.m` with the shared Info.plist template.
    vendors: &'static [VendorKit],
}

/// A vendor framework stand-in: its framework name, bundle id, version, and whether it ships a
/// privacy manifest (`src/ios/apps/sdks/vendors/PrivacyInfo.xcprivacy`).
#[derive(Clone, Copy)]
struct VendorKit {
    name: &'static str,
    bundle_id: &'static str,
    version: &'static str,
    manifest: bool,
}

/// `shop-sdks`: SDKs whose iOS signatures the database gained in issue 11, and frameworks of
/// Apple's list that belong to no SDK of the database, with and without their manifests.
const SHOP_SDKS_VENDORS: &[VendorKit] = &[
    VendorKit {
        name: "Alamofire",
        bundle_id: "org.alamofire.Alamofire",
        version: "5.8.1",
        manifest: false,
    },
    VendorKit {
        name: "Kingfisher",
        bundle_id: "com.onevcat.Kingfisher",
        version: "7.10.2",
        manifest: true,
    },
    VendorKit {
        name: "OneSignalCore",
        bundle_id: "com.onesignal.OneSignalCore",
        version: "5.2.0",
        manifest: false,
    },
    VendorKit {
        name: "MTGSDK",
        bundle_id: "com.mintegral.MTGSDK",
        version: "7.7.8",
        manifest: false,
    },
    VendorKit {
        name: "HyBid",
        bundle_id: "net.pubnative.HyBid",
        version: "3.7.1",
        manifest: true,
    },
    VendorKit {
        name: "YandexMobileAds",
        bundle_id: "com.yandex.mobile.ads",
        version: "7.4.1",
        manifest: true,
    },
    VendorKit {
        name: "BrazeKit",
        bundle_id: "com.braze.BrazeKit",
        version: "9.1.0",
        manifest: true,
    },
    VendorKit {
        name: "Flurry_iOS_SDK",
        bundle_id: "com.flurry.Flurry-iOS-SDK",
        version: "12.1.1",
        manifest: true,
    },
];

/// The FBSDKCoreKit stand-in an app embeds: its version, and whether it ships its manifest.
#[derive(Clone, Copy)]
struct FbKit {
    version: &'static str,
    manifest: bool,
}

/// The defaults of the original fixtures: no ATT, AppsFlyer's manifest kept, no Facebook.
const PLAIN: (bool, bool, Option<FbKit>) = (false, true, None);

const APPS: &[AppFixture] = &[
    AppFixture {
        name: "shop",
        overlay: None,
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "shop-no-att",
        overlay: Some("shop-no-att"),
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "shop-untracked",
        overlay: Some("shop-untracked"),
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "shop-health",
        overlay: Some("shop-health"),
        widget: false,
        form: Form::Ipa,
        ber_profile: false,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "Shop.app",
        overlay: None,
        widget: true,
        form: Form::AppDir,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "Shop.xcarchive",
        overlay: None,
        widget: true,
        form: Form::Xcarchive,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: &[],
    },
    AppFixture {
        name: "shop-att",
        overlay: Some("shop-att"),
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: true,
        af_manifest: true,
        facebook: Some(FbKit {
            version: "17.0.0",
            manifest: true,
        }),
        vendors: &[],
    },
    AppFixture {
        name: "shop-fb",
        overlay: Some("shop-fb"),
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: false,
        af_manifest: true,
        facebook: Some(FbKit {
            version: "16.3.1",
            manifest: false,
        }),
        vendors: &[],
    },
    AppFixture {
        name: "shop-legacy-sdk",
        overlay: Some("shop-legacy-sdk"),
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: false,
        af_manifest: false,
        facebook: None,
        vendors: &[],
    },
    AppFixture {
        name: "shop-sdks",
        overlay: None,
        widget: false,
        form: Form::Ipa,
        ber_profile: true,
        att: PLAIN.0,
        af_manifest: PLAIN.1,
        facebook: PLAIN.2,
        vendors: SHOP_SDKS_VENDORS,
    },
];

const XCFRAMEWORK: &str = "AppsFlyerLib.xcframework";
const FRAMEWORK: &str = "AppsFlyerLib.framework";

/// The names `cargo xtask fixtures NAME` accepts for iOS fixtures.
fn all_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = APPS.iter().map(|a| a.name).collect();
    names.extend([XCFRAMEWORK, FRAMEWORK]);
    names
}

/// Build the iOS fixtures that `names` asks for (all when empty). Returns the names left for the
/// Android fixtures, or `None` when every name was an iOS fixture (nothing more to build).
pub fn fixtures(names: &[String]) -> Result<Option<Vec<String>>> {
    let ios = all_names();
    let wanted: Vec<&str> = if names.is_empty() {
        ios.clone()
    } else {
        names
            .iter()
            .map(String::as_str)
            .filter(|n| ios.contains(n))
            .collect()
    };
    let rest: Vec<String> = names
        .iter()
        .filter(|n| !ios.contains(&n.as_str()))
        .cloned()
        .collect();
    if !wanted.is_empty() {
        build(&wanted)?;
    }
    Ok((names.is_empty() || !rest.is_empty()).then_some(rest))
}

struct Ctx {
    src: PathBuf,
    build: PathBuf,
    out: PathBuf,
    fixtures: PathBuf,
}

fn build(wanted: &[&str]) -> Result<()> {
    check_tools([CLANG, LD64, LIPO, PLISTUTIL, OPENSSL, ICONV, ZIP].into_iter())?;
    let paths = Paths::new();
    let ctx = Ctx {
        src: paths.src.join("ios/apps"),
        build: fresh_dir(&paths.build.join("ios"))?,
        out: paths.fixtures.join("ios"),
        fixtures: paths.fixtures.clone(),
    };
    ensure_signer(&paths.src.join("ios/keys"))?;
    println!("==> ios AppsFlyerLib.framework (arm64 + x86_64 simulator)");
    let (device_fw, fat_fw) = build_frameworks(&ctx)?;
    for app in APPS.iter().filter(|a| wanted.contains(&a.name)) {
        println!("==> ios {}", app.name);
        build_app(&ctx, &paths, app, &fat_fw).map_err(|e| format!("ios {}: {e}", app.name))?;
    }
    if wanted.contains(&FRAMEWORK) {
        println!("==> ios {FRAMEWORK}");
        sync_tree(&fat_fw, &ctx.out.join(FRAMEWORK))?;
    }
    if wanted.contains(&XCFRAMEWORK) {
        println!("==> ios {XCFRAMEWORK}");
        build_xcframework(&ctx, &device_fw)?;
    }
    Ok(())
}

fn clang(src: &Path, target: &str, out: &Path) -> Result<()> {
    run(Command::new(CLANG.bin)
        .arg(format!("--target={target}"))
        .args(["-x", "objective-c", "-fobjc-runtime=ios-14.0", "-O1", "-c"])
        .arg(src)
        .arg("-o")
        .arg(out))
}

/// `ld64.lld` with the stubs, the arguments given, and an ad-hoc signature (what Xcode's linker
/// does for arm64).
fn link(ctx: &Ctx, arch: &str, platform: &str, args: &[&std::ffi::OsStr]) -> Result<()> {
    let stubs = ctx.src.join("stubs");
    run(Command::new(LD64.bin)
        .args(["-arch", arch, "-platform_version", platform, "14.0", "16.0"])
        .args(args)
        .arg(stubs.join("libSystem.tbd"))
        .arg(stubs.join("libobjc.tbd"))
        .arg("-adhoc_codesign"))
}

/// AppsFlyerLib.framework: the device slice alone (for the xcframework) and the fat one.
fn build_frameworks(ctx: &Ctx) -> Result<(PathBuf, PathBuf)> {
    let sdk = ctx.src.join("sdks/AppsFlyerLib");
    let work = fresh_dir(&ctx.build.join("AppsFlyerLib"))?;
    let mut slices = Vec::new();
    for (target, arch, platform) in [
        ("arm64-apple-ios14.0", "arm64", "ios"),
        ("x86_64-apple-ios14.0-simulator", "x86_64", "ios-simulator"),
    ] {
        let obj = work.join(format!("AppsFlyerLib-{arch}.o"));
        let dylib = work.join(format!("AppsFlyerLib-{arch}"));
        clang(&sdk.join("AppsFlyerLib.m"), target, &obj)?;
        link(
            ctx,
            arch,
            platform,
            &[
                "-dylib".as_ref(),
                "-install_name".as_ref(),
                "@rpath/AppsFlyerLib.framework/AppsFlyerLib".as_ref(),
                "-current_version".as_ref(),
                "6.14.3".as_ref(),
                "-o".as_ref(),
                dylib.as_os_str(),
                obj.as_os_str(),
            ],
        )?;
        slices.push(dylib);
    }
    let mut made = Vec::new();
    for (dir, binaries) in [("device", &slices[..1]), ("fat", &slices[..])] {
        let fw = fresh_dir(&work.join(dir).join(FRAMEWORK))?;
        if binaries.len() == 1 {
            fs::copy(&binaries[0], fw.join("AppsFlyerLib"))?;
        } else {
            run(Command::new(LIPO.bin)
                .arg("-create")
                .args(binaries)
                .arg("-output")
                .arg(fw.join("AppsFlyerLib")))?;
        }
        binary_plist(&sdk.join("Info.plist"), &fw.join("Info.plist"))?;
        fs::copy(
            sdk.join("PrivacyInfo.xcprivacy"),
            fw.join("PrivacyInfo.xcprivacy"),
        )?;
        made.push(fw);
    }
    let fat = made.pop().ok_or("no fat framework")?;
    let device = made.pop().ok_or("no device framework")?;
    Ok((device, fat))
}

pub(super) fn binary_plist(xml: &Path, out: &Path) -> Result<()> {
    run(Command::new(PLISTUTIL.bin)
        .arg("-i")
        .arg(xml)
        .arg("-o")
        .arg(out)
        .args(["-f", "bin"]))
}

fn build_app(ctx: &Ctx, paths: &Paths, app: &AppFixture, fat_fw: &Path) -> Result<()> {
    let work = fresh_dir(&ctx.build.join(app.name))?;
    let src = work.join("src");
    copy_tree(&ctx.src.join("shop"), &src)?;
    if let Some(overlay) = app.overlay {
        copy_tree(&ctx.src.join(overlay), &src)?;
    }
    let stage = work.join("stage");
    let app_dir = match app.form {
        Form::Ipa => stage.join("Payload/Shop.app"),
        Form::AppDir => stage.join("Shop.app"),
        Form::Xcarchive => stage.join("Shop.xcarchive/Products/Applications/Shop.app"),
    };
    fs::create_dir_all(app_dir.join("Frameworks"))?;
    copy_tree(fat_fw, &app_dir.join("Frameworks").join(FRAMEWORK))?;
    if !app.af_manifest {
        fs::remove_file(
            app_dir
                .join("Frameworks")
                .join(FRAMEWORK)
                .join("PrivacyInfo.xcprivacy"),
        )?;
    }

    // The executable, linked against the real AppsFlyerLib dylib (and FBSDKCoreKit, ATT).
    let obj = work.join("main.o");
    clang(&src.join("main.m"), "arm64-apple-ios14.0", &obj)?;
    let exe = app_dir.join("Shop");
    let fw_dir = fat_fw.parent().ok_or("framework without parent")?;
    let mut extra: Vec<std::ffi::OsString> = Vec::new();
    if let Some(fb) = app.facebook {
        let fb_dir = build_facebook(ctx, &work, fb)?;
        copy_tree(
            &fb_dir.join("FBSDKCoreKit.framework"),
            &app_dir.join("Frameworks/FBSDKCoreKit.framework"),
        )?;
        extra.extend([
            "-F".into(),
            fb_dir.into(),
            "-framework".into(),
            "FBSDKCoreKit".into(),
        ]);
    }
    for kit in app.vendors {
        build_vendor(ctx, &work, *kit, &app_dir.join("Frameworks"))?;
    }
    if app.att {
        let stubs = paths.src.join("ios/macho/stubs/Frameworks");
        extra.extend([
            "-F".into(),
            stubs.into(),
            "-framework".into(),
            "AppTrackingTransparency".into(),
        ]);
    }
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-o".as_ref(),
        exe.as_os_str(),
        obj.as_os_str(),
        "-F".as_ref(),
        fw_dir.as_os_str(),
        "-framework".as_ref(),
        "AppsFlyerLib".as_ref(),
    ];
    args.extend(extra.iter().map(|a| a.as_os_str()));
    args.extend::<[&std::ffi::OsStr; 4]>([
        "-rpath".as_ref(),
        "@executable_path/Frameworks".as_ref(),
        "-e".as_ref(),
        "_main".as_ref(),
    ]);
    link(ctx, "arm64", "ios", &args)?;

    // Metadata: binary Info.plist, privacy manifest(s), localized strings in three encodings.
    for entry in walk_files(&src)? {
        let rel = entry.strip_prefix(&src)?.to_string_lossy().into_owned();
        let (dest, how) = match rel.as_str() {
            "main.m" | "profile.plist" | "entitlements.plist" => continue,
            "Info.plist" => (app_dir.join("Info.plist"), "bin"),
            r if r.ends_with("InfoPlist.strings.utf8") => {
                (app_dir.join(r.trim_end_matches(".utf8")), "utf16")
            }
            r if r.ends_with("InfoPlist.strings.xml") => {
                (app_dir.join(r.trim_end_matches(".xml")), "bin")
            }
            r if r.ends_with("Info.plist") => (app_dir.join(r), "bin"),
            r => (app_dir.join(r), "copy"),
        };
        fs::create_dir_all(dest.parent().ok_or("no parent")?)?;
        match how {
            "bin" => binary_plist(&entry, &dest)?,
            "utf16" => {
                // glibc's iconv writes UTF-16 with a byte-order mark (FF FE), as Xcode used to.
                let out =
                    command_env(Command::new(ICONV.bin).args(["-f", "UTF-8", "-t", "UTF-16"]))
                        .arg(&entry)
                        .output()?;
                if !out.status.success() {
                    return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
                }
                fs::write(&dest, out.stdout)?;
            }
            _ => {
                fs::copy(&entry, &dest)?;
            }
        }
    }
    sign_profile(
        &paths.src.join("ios/keys"),
        &src.join("profile.plist"),
        &app_dir.join("embedded.mobileprovision"),
        app.ber_profile,
    )?;

    if app.widget {
        let widget = app_dir.join("PlugIns/Widget.appex");
        fs::create_dir_all(&widget)?;
        let wobj = work.join("widget.o");
        clang(&ctx.src.join("widget/main.m"), "arm64-apple-ios14.0", &wobj)?;
        let wexe = widget.join("Widget");
        link(
            ctx,
            "arm64",
            "ios",
            &[
                "-o".as_ref(),
                wexe.as_os_str(),
                wobj.as_os_str(),
                "-e".as_ref(),
                "_main".as_ref(),
            ],
        )?;
        binary_plist(
            &ctx.src.join("widget/Info.plist"),
            &widget.join("Info.plist"),
        )?;
    }

    normalize_tree(&stage)?;
    set_exec(&exe)?;
    if app.widget {
        set_exec(&app_dir.join("PlugIns/Widget.appex/Widget"))?;
    }
    match app.form {
        Form::Ipa => {
            let ipa = work.join(format!("{}.ipa", app.name));
            zip_sorted(&stage, "Payload", &ipa)?;
            write_if_changed(
                &ctx.fixtures.join(format!("{}.ipa", app.name)),
                &fs::read(&ipa)?,
            )
        }
        Form::AppDir => sync_tree(&stage.join("Shop.app"), &ctx.out.join("Shop.app")),
        Form::Xcarchive => {
            let archive = stage.join("Shop.xcarchive");
            // Xcode writes the archive's own Info.plist as XML.
            fs::write(archive.join("Info.plist"), archive_info_plist())?;
            normalize_tree(&archive)?;
            set_exec(&exe)?;
            set_exec(&app_dir.join("PlugIns/Widget.appex/Widget"))?;
            sync_tree(&archive, &ctx.out.join("Shop.xcarchive"))
        }
    }
}

/// `FBSDKCoreKit.framework` (arm64 dylib, binary Info.plist with `fb.version`, its privacy manifest
/// when `fb.manifest`) in a directory of its own, for `-F`. Returns that directory.
fn build_facebook(ctx: &Ctx, work: &Path, fb: FbKit) -> Result<PathBuf> {
    let sdk = ctx.src.join("sdks/FBSDKCoreKit");
    let dir = fresh_dir(&work.join("fb"))?;
    let fw = dir.join("FBSDKCoreKit.framework");
    fs::create_dir_all(&fw)?;
    let obj = work.join("FBSDKCoreKit.o");
    clang(&sdk.join("FBSDKCoreKit.m"), "arm64-apple-ios14.0", &obj)?;
    let dylib = fw.join("FBSDKCoreKit");
    link(
        ctx,
        "arm64",
        "ios",
        &[
            "-dylib".as_ref(),
            "-install_name".as_ref(),
            "@rpath/FBSDKCoreKit.framework/FBSDKCoreKit".as_ref(),
            "-current_version".as_ref(),
            fb.version.as_ref(),
            "-o".as_ref(),
            dylib.as_os_str(),
            obj.as_os_str(),
        ],
    )?;
    let info = fs::read_to_string(sdk.join("Info.plist"))?.replace("@VERSION@", fb.version);
    let info_xml = work.join("FBSDKCoreKit-Info.plist");
    fs::write(&info_xml, info)?;
    binary_plist(&info_xml, &fw.join("Info.plist"))?;
    if fb.manifest {
        fs::copy(
            sdk.join("PrivacyInfo.xcprivacy"),
            fw.join("PrivacyInfo.xcprivacy"),
        )?;
    }
    Ok(dir)
}

/// `<name>.framework` in `frameworks`: an arm64 dylib from `sdks/vendors/<name>.m` with its install
/// name and version, a binary Info.plist from `sdks/vendors/Info.plist` (`@NAME@`, `@BUNDLE_ID@`,
/// `@VERSION@`), and the stand-in privacy manifest when `kit.manifest`.
fn build_vendor(ctx: &Ctx, work: &Path, kit: VendorKit, frameworks: &Path) -> Result<()> {
    let src = ctx.src.join("sdks/vendors");
    let fw = frameworks.join(format!("{}.framework", kit.name));
    fs::create_dir_all(&fw)?;
    let obj = work.join(format!("{}.o", kit.name));
    clang(
        &src.join(format!("{}.m", kit.name)),
        "arm64-apple-ios14.0",
        &obj,
    )?;
    let install_name = format!("@rpath/{0}.framework/{0}", kit.name);
    let dylib = fw.join(kit.name);
    link(
        ctx,
        "arm64",
        "ios",
        &[
            "-dylib".as_ref(),
            "-install_name".as_ref(),
            install_name.as_ref(),
            "-current_version".as_ref(),
            kit.version.as_ref(),
            "-o".as_ref(),
            dylib.as_os_str(),
            obj.as_os_str(),
        ],
    )?;
    let info = fs::read_to_string(src.join("Info.plist"))?
        .replace("@NAME@", kit.name)
        .replace("@BUNDLE_ID@", kit.bundle_id)
        .replace("@VERSION@", kit.version);
    let info_xml = work.join(format!("{}-Info.plist", kit.name));
    fs::write(&info_xml, info)?;
    binary_plist(&info_xml, &fw.join("Info.plist"))?;
    if kit.manifest {
        fs::copy(
            src.join("PrivacyInfo.xcprivacy"),
            fw.join("PrivacyInfo.xcprivacy"),
        )?;
    }
    Ok(())
}

/// An `.xcarchive`'s Info.plist as Xcode writes it (XML).
fn archive_info_plist() -> String {
    r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>ApplicationProperties</key>
	<dict>
		<key>ApplicationPath</key>
		<string>Applications/Shop.app</string>
		<key>CFBundleIdentifier</key>
		<string>com.example.shop</string>
		<key>CFBundleShortVersionString</key>
		<string>2.3.0</string>
		<key>CFBundleVersion</key>
		<string>42</string>
		<key>Team</key>
		<string>ABCDE12345</string>
	</dict>
	<key>ArchiveVersion</key>
	<integer>2</integer>
	<key>CreationDate</key>
	<date>2020-01-01T00:00:00Z</date>
	<key>Name</key>
	<string>Shop</string>
	<key>SchemeName</key>
	<string>Shop</string>
</dict>
</plist>
"#
    .to_owned()
}

fn build_xcframework(ctx: &Ctx, device_fw: &Path) -> Result<()> {
    let work = fresh_dir(&ctx.build.join(XCFRAMEWORK))?;
    let xc = work.join(XCFRAMEWORK);
    // The simulator slice: the fat framework's x86_64 slice alone.
    let sim = xc.join("ios-x86_64-simulator").join(FRAMEWORK);
    copy_tree(device_fw, &xc.join("ios-arm64").join(FRAMEWORK))?;
    copy_tree(device_fw, &sim)?;
    run(Command::new(LIPO.bin)
        .arg(
            ctx.build
                .join("AppsFlyerLib/fat")
                .join(FRAMEWORK)
                .join("AppsFlyerLib"),
        )
        .args(["-thin", "x86_64", "-output"])
        .arg(sim.join("AppsFlyerLib")))?;
    fs::write(
        xc.join("Info.plist"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>AvailableLibraries</key>
	<array>
		<dict>
			<key>LibraryIdentifier</key>
			<string>ios-arm64</string>
			<key>LibraryPath</key>
			<string>AppsFlyerLib.framework</string>
			<key>SupportedArchitectures</key>
			<array>
				<string>arm64</string>
			</array>
			<key>SupportedPlatform</key>
			<string>ios</string>
		</dict>
		<dict>
			<key>LibraryIdentifier</key>
			<string>ios-x86_64-simulator</string>
			<key>LibraryPath</key>
			<string>AppsFlyerLib.framework</string>
			<key>SupportedArchitectures</key>
			<array>
				<string>x86_64</string>
			</array>
			<key>SupportedPlatform</key>
			<string>ios</string>
			<key>SupportedPlatformVariant</key>
			<string>simulator</string>
		</dict>
	</array>
	<key>CFBundlePackageType</key>
	<string>XFWK</string>
	<key>XCFrameworkFormatVersion</key>
	<string>1.0</string>
</dict>
</plist>
"#,
    )?;
    normalize_tree(&xc)?;
    sync_tree(&xc, &ctx.out.join(XCFRAMEWORK))
}

/// The throw-away signer of the provisioning profiles, generated once and committed.
fn ensure_signer(keys: &Path) -> Result<()> {
    if keys.join("signer.crt").is_file() && keys.join("signer.key").is_file() {
        return Ok(());
    }
    fs::create_dir_all(keys)?;
    run(Command::new(OPENSSL.bin)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "36500",
        ])
        .args(["-subj", "/CN=sdklint fixtures provisioning profile signer"])
        .arg("-keyout")
        .arg(keys.join("signer.key"))
        .arg("-out")
        .arg(keys.join("signer.crt")))
}

/// `embedded.mobileprovision`: the profile plist in a CMS SignedData, content attached, no
/// signed attributes (no signing time, so the bytes are reproducible). `ber` streams it with
/// indefinite lengths and a chunked OCTET STRING, as Apple's profiles are encoded.
fn sign_profile(keys: &Path, plist: &Path, out: &Path, ber: bool) -> Result<()> {
    let mut cmd = Command::new(OPENSSL.bin);
    cmd.args([
        "cms",
        "-sign",
        "-nodetach",
        "-binary",
        "-noattr",
        "-outform",
        "DER",
    ])
    .arg("-signer")
    .arg(keys.join("signer.crt"))
    .arg("-inkey")
    .arg(keys.join("signer.key"))
    .arg("-in")
    .arg(plist)
    .arg("-out")
    .arg(out);
    if ber {
        cmd.arg("-stream");
    }
    run(&mut cmd)
}

pub(super) fn set_exec(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o755))?;
    Ok(())
}

fn walk_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            out.extend(walk_files(&entry)?);
        } else {
            out.push(entry);
        }
    }
    Ok(out)
}

fn walk_all(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in sorted_entries(dir)? {
        out.push(entry.clone());
        if entry.is_dir() {
            walk_all(&entry, out)?;
        }
    }
    Ok(())
}

/// `zip -X` of `top` (relative to `base`) with every directory and file listed in sorted order.
pub(super) fn zip_sorted(base: &Path, top: &str, out: &Path) -> Result<()> {
    touch_dirs(&base.join(top))?;
    let mut all = vec![base.join(top)];
    walk_all(&base.join(top), &mut all)?;
    let mut list = String::new();
    for p in &all {
        let rel = p.strip_prefix(base)?.to_string_lossy().into_owned();
        list.push_str(&rel);
        if p.is_dir() {
            list.push('/');
        }
        list.push('\n');
    }
    let mut child = command_env(Command::new(ZIP.bin).args(["-X", "-q", "-9"]))
        .arg(out)
        .arg("-@")
        .current_dir(base)
        .stdin(Stdio::piped())
        .spawn()?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(list.as_bytes())?;
    let status = child.wait()?;
    if !status.success() {
        return Err(format!("zip failed ({status})").into());
    }
    Ok(())
}

/// Give every directory under (and including) `dir` the fixed timestamp: zip stores directory
/// entries with their mtime.
fn touch_dirs(dir: &Path) -> Result<()> {
    for entry in sorted_entries(dir)? {
        if entry.is_dir() {
            touch_dirs(&entry)?;
        }
    }
    let time =
        std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(SOURCE_DATE_EPOCH);
    fs::File::open(dir)?.set_modified(time)?;
    Ok(())
}

/// Make `dest` hold exactly the files of `built` (copying only changed ones, removing others).
fn sync_tree(built: &Path, dest: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let built_files = walk_files(built)?;
    let mut keep = std::collections::BTreeSet::new();
    for f in &built_files {
        let rel = f.strip_prefix(built)?;
        let target = dest.join(rel);
        write_if_changed(&target, &fs::read(f)?)?;
        let mode = fs::metadata(f)?.permissions().mode() & 0o777;
        fs::set_permissions(&target, fs::Permissions::from_mode(mode))?;
        keep.insert(target);
    }
    for f in walk_files(dest)? {
        if !keep.contains(&f) {
            fs::remove_file(&f)?;
        }
    }
    Ok(())
}
