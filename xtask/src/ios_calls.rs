//! `cargo xtask fixtures [ios-calls]`: the IPAs of the iOS call-site tests (`tests/ios_calls.rs`),
//! built from `fixtures/src/ios/calls/` with clang 14 (`-Os`, as release builds are), ld64.lld-14,
//! llvm-ar-14, llvm-lipo-14, llvm-strip-14, plistutil and zip:
//!
//! - vendor frameworks (`sdks/*.m`: the vendors' real class and selector names, empty bodies), each
//!   a fat dylib (arm64 + x86_64 simulator) `@rpath/X.framework/X` with a binary Info.plist;
//! - `calls-events.ipa`: sensitive and benign event names through AppsFlyer, Firebase, Adjust;
//! - `calls-benign-fat.ipa`: benign events, consent and an opt-out; a fat (arm64 + x86_64)
//!   executable, of which the device slice is read;
//! - `calls-kids.ipa` / `calls-kids-no.ipa`: `tagForChildDirectedTreatment = @YES` / `@NO` and
//!   Adjust's COPPA switch, from one source built with `-DCHILD_DIRECTED=YES` / `NO`;
//! - `calls-stubs.ipa`: Xcode 14+ selector stubs (`_objc_msgSend$sel`, hand-written assembly since
//!   clang 14 cannot emit them), stripped as App Store builds are;
//! - `calls-static.ipa`: AppsFlyer linked statically (`libAppsFlyerLib.a`): the SDK's own call
//!   sites are in the app's executable; `calls-static-stripped.ipa`: the same, stripped (the
//!   SDK's methods are then named only by its class's method list).
//!
//! The apps link against the stand-in frameworks they embed, and against the system `.tbd` stubs
//! of `fixtures/src/ios/macho/stubs`. Every tool writes the same
//! bytes for the same inputs, and the zips are written in a fixed order with fixed timestamps.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::ios_bundles::{binary_plist, set_exec, zip_sorted};
use super::{
    Paths, Result, Tool, ZIP, check_tools, fresh_dir, normalize_tree, run, write_if_changed,
};

/// The fixture name `cargo xtask fixtures ios-calls` builds alone.
pub const NAME: &str = "ios-calls";

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
const AR: Tool = Tool {
    bin: "llvm-ar-14",
    package: "llvm",
};
const STRIP: Tool = Tool {
    bin: "llvm-strip-14",
    package: "llvm",
};
const PLISTUTIL: Tool = Tool {
    bin: "plistutil",
    package: "libplist-utils",
};

/// `(clang target, ld64 -arch, ld64 platform)` of the device and simulator slices.
const SLICES: [(&str, &str, &str); 2] = [
    ("arm64-apple-ios14.0", "arm64", "ios"),
    ("x86_64-apple-ios14.0-simulator", "x86_64", "ios-simulator"),
];

/// Vendor frameworks: name, version, bundle id.
const FRAMEWORKS: [(&str, &str, &str); 4] = [
    ("AppsFlyerLib", "6.14.3", "com.appsflyer.AppsFlyerLib"),
    (
        "FirebaseAnalytics",
        "10.24.0",
        "org.cocoapods.FirebaseAnalytics",
    ),
    ("AdjustSdk", "4.38.0", "com.adjust.sdk"),
    ("GoogleMobileAds", "10.14.0", "com.google.GoogleMobileAds"),
];

struct App {
    name: &'static str,
    /// `apps/<source>` relative to the sources: `main.m` or `main.s`.
    source: &'static str,
    defines: &'static [&'static str],
    frameworks: &'static [&'static str],
    fat: bool,
    strip: bool,
    /// Link AppsFlyer statically instead of as a framework.
    static_appsflyer: bool,
}

const APPS: [App; 7] = [
    App {
        name: "calls-events",
        source: "events/main.m",
        defines: &[],
        frameworks: &["AppsFlyerLib", "FirebaseAnalytics", "AdjustSdk"],
        fat: false,
        strip: false,
        static_appsflyer: false,
    },
    App {
        name: "calls-benign-fat",
        source: "benign/main.m",
        defines: &[],
        frameworks: &["AppsFlyerLib", "FirebaseAnalytics"],
        fat: true,
        strip: false,
        static_appsflyer: false,
    },
    App {
        name: "calls-kids",
        source: "kids/main.m",
        defines: &["-DCHILD_DIRECTED=YES"],
        frameworks: &["GoogleMobileAds", "AdjustSdk"],
        fat: false,
        strip: false,
        static_appsflyer: false,
    },
    App {
        name: "calls-kids-no",
        source: "kids/main.m",
        defines: &["-DCHILD_DIRECTED=NO"],
        frameworks: &["GoogleMobileAds", "AdjustSdk"],
        fat: false,
        strip: false,
        static_appsflyer: false,
    },
    App {
        name: "calls-stubs",
        source: "stubs/main.s",
        defines: &[],
        frameworks: &["AppsFlyerLib", "FirebaseAnalytics"],
        fat: false,
        strip: true,
        static_appsflyer: false,
    },
    App {
        name: "calls-static",
        source: "static/main.m",
        defines: &[],
        frameworks: &[],
        fat: false,
        strip: false,
        static_appsflyer: true,
    },
    App {
        name: "calls-static-stripped",
        source: "static/main.m",
        defines: &[],
        frameworks: &[],
        fat: false,
        strip: true,
        static_appsflyer: true,
    },
];

/// Builds the call-site IPAs when no name is given or `ios-calls` is among `names`. Returns
/// whether `names` named nothing else.
pub fn fixtures(paths: &Paths, names: &[String]) -> Result<bool> {
    let wanted = names.is_empty() || names.iter().any(|n| n == NAME);
    if wanted {
        println!("==> ios {NAME}");
        build(paths).map_err(|e| format!("ios {NAME}: {e}"))?;
    }
    Ok(!names.is_empty() && names.iter().all(|n| n == NAME))
}

struct Ctx {
    src: PathBuf,
    /// System `.tbd` stubs: `libSystem.tbd`, `libobjc.tbd`, and `Frameworks/` (Foundation, CoreFoundation).
    libs: PathBuf,
    system_frameworks: PathBuf,
    work: PathBuf,
}

fn build(paths: &Paths) -> Result<()> {
    check_tools([CLANG, LD64, LIPO, AR, STRIP, PLISTUTIL, ZIP].into_iter())?;
    let ctx = Ctx {
        src: paths.src.join("ios/calls"),
        libs: paths.src.join("ios/macho/stubs/usr/lib"),
        system_frameworks: paths.src.join("ios/macho/stubs/Frameworks"),
        work: fresh_dir(&paths.build.join(NAME))?,
    };
    let frameworks = fresh_dir(&ctx.work.join("Frameworks"))?;
    for (name, version, id) in FRAMEWORKS {
        build_framework(&ctx, &frameworks, name, version, id)?;
    }
    for app in &APPS {
        println!("    {}", app.name);
        let ipa = build_app(&ctx, &frameworks, app).map_err(|e| format!("{}: {e}", app.name))?;
        write_if_changed(
            &paths.fixtures.join(format!("{}.ipa", app.name)),
            &fs::read(ipa)?,
        )?;
    }
    Ok(())
}

fn compile(ctx: &Ctx, source: &Path, target: &str, defines: &[&str], out: &Path) -> Result<()> {
    let mut cmd = Command::new(CLANG.bin);
    cmd.arg(format!("--target={target}"));
    if source.extension() == Some(OsStr::new("m")) {
        cmd.args(["-x", "objective-c", "-fobjc-runtime=ios-14.0", "-Os"]);
    }
    run(cmd
        .arg("-I")
        .arg(ctx.src.join("include"))
        .args(defines)
        .arg("-c")
        .arg(source)
        .arg("-o")
        .arg(out))
}

fn ld64(ctx: &Ctx, arch: &str, platform: &str) -> Command {
    let mut cmd = Command::new(LD64.bin);
    cmd.args(["-arch", arch, "-platform_version", platform, "14.0", "16.0"])
        .arg(ctx.libs.join("libSystem.tbd"))
        .arg(ctx.libs.join("libobjc.tbd"))
        .arg("-F")
        .arg(&ctx.system_frameworks)
        .args(["-framework", "Foundation", "-framework", "CoreFoundation"]);
    cmd
}

fn lipo(slices: &[PathBuf], out: &Path) -> Result<()> {
    run(Command::new(LIPO.bin)
        .arg("-create")
        .args(slices)
        .arg("-output")
        .arg(out))
}

fn framework_info_plist(name: &str, version: &str, id: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>{name}</string>
	<key>CFBundleIdentifier</key>
	<string>{id}</string>
	<key>CFBundleName</key>
	<string>{name}</string>
	<key>CFBundlePackageType</key>
	<string>FMWK</string>
	<key>CFBundleShortVersionString</key>
	<string>{version}</string>
	<key>CFBundleVersion</key>
	<string>1</string>
	<key>MinimumOSVersion</key>
	<string>12.0</string>
</dict>
</plist>
"#
    )
}

fn app_info_plist(name: &str) -> String {
    let id = name.replace('-', ".");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>CFBundleExecutable</key>
	<string>Calls</string>
	<key>CFBundleIdentifier</key>
	<string>com.example.{id}</string>
	<key>CFBundleName</key>
	<string>Calls</string>
	<key>CFBundlePackageType</key>
	<string>APPL</string>
	<key>CFBundleShortVersionString</key>
	<string>1.0</string>
	<key>CFBundleVersion</key>
	<string>1</string>
	<key>MinimumOSVersion</key>
	<string>14.0</string>
	<key>NSUserTrackingUsageDescription</key>
	<string>Your data will be used to measure our ads.</string>
</dict>
</plist>
"#
    )
}

/// `<dir>/<name>.framework/{<name>, Info.plist}`: a fat dylib of the stand-in source.
fn build_framework(ctx: &Ctx, dir: &Path, name: &str, version: &str, id: &str) -> Result<()> {
    let fw = dir.join(format!("{name}.framework"));
    fs::create_dir_all(&fw)?;
    let mut slices = Vec::new();
    for (target, arch, platform) in SLICES {
        let obj = ctx.work.join(format!("{name}-{arch}.o"));
        compile(
            ctx,
            &ctx.src.join(format!("sdks/{name}.m")),
            target,
            &[],
            &obj,
        )?;
        let dylib = ctx.work.join(format!("{name}-{arch}"));
        run(ld64(ctx, arch, platform)
            .arg("-dylib")
            .arg("-install_name")
            .arg(format!("@rpath/{name}.framework/{name}"))
            .args(["-current_version", version])
            .arg("-o")
            .arg(&dylib)
            .arg(&obj))?;
        slices.push(dylib);
    }
    lipo(&slices, &fw.join(name))?;
    let xml = ctx.work.join(format!("{name}.Info.plist"));
    fs::write(&xml, framework_info_plist(name, version, id))?;
    binary_plist(&xml, &fw.join("Info.plist"))
}

/// Builds `app` and returns the path of its IPA.
fn build_app(ctx: &Ctx, frameworks: &Path, app: &App) -> Result<PathBuf> {
    let work = fresh_dir(&ctx.work.join(app.name))?;
    let stage = work.join("stage");
    let app_dir = stage.join("Payload/Calls.app");
    fs::create_dir_all(&app_dir)?;
    let slices: &[(&str, &str, &str)] = if app.fat { &SLICES } else { &SLICES[..1] };
    let mut binaries = Vec::new();
    for &(target, arch, platform) in slices {
        let obj = work.join(format!("main-{arch}.o"));
        compile(
            ctx,
            &ctx.src.join("apps").join(app.source),
            target,
            app.defines,
            &obj,
        )?;
        let exe = work.join(format!("Calls-{arch}"));
        let mut args: Vec<OsString> = vec!["-o".into(), exe.clone().into(), obj.into()];
        if app.static_appsflyer {
            let member = work.join(format!("AppsFlyerLib-{arch}.o"));
            compile(
                ctx,
                &ctx.src.join("sdks/AppsFlyerLib.m"),
                target,
                &[],
                &member,
            )?;
            let archive = work.join(format!("libAppsFlyerLib-{arch}.a"));
            run(Command::new(AR.bin)
                .args(["rcs", "--format=darwin"])
                .arg(&archive)
                .arg(&member))?;
            args.push(archive.into());
        }
        if !app.frameworks.is_empty() {
            args.extend(["-F".into(), frameworks.into()]);
        }
        for fw in app.frameworks {
            args.extend(["-framework".into(), (*fw).into()]);
        }
        args.extend(
            ["-rpath", "@executable_path/Frameworks", "-e", "_main"]
                .iter()
                .map(OsString::from),
        );
        run(ld64(ctx, arch, platform).args(&args))?;
        binaries.push(exe);
    }
    let exe = app_dir.join("Calls");
    if app.fat {
        lipo(&binaries, &exe)?;
    } else if app.strip {
        run(Command::new(STRIP.bin)
            .arg("-o")
            .arg(&exe)
            .arg(&binaries[0]))?;
    } else {
        fs::copy(&binaries[0], &exe)?;
    }
    for fw in app.frameworks {
        let name = format!("{fw}.framework");
        let dest = app_dir.join("Frameworks").join(&name);
        fs::create_dir_all(&dest)?;
        for file in [fw.to_string(), "Info.plist".to_string()] {
            fs::copy(frameworks.join(&name).join(&file), dest.join(&file))?;
        }
    }
    let xml = work.join("Info.plist.xml");
    fs::write(&xml, app_info_plist(app.name))?;
    binary_plist(&xml, &app_dir.join("Info.plist"))?;
    normalize_tree(&stage)?;
    set_exec(&exe)?;
    for fw in app.frameworks {
        set_exec(&app_dir.join(format!("Frameworks/{fw}.framework/{fw}")))?;
    }
    let ipa = work.join(format!("{}.ipa", app.name));
    zip_sorted(&stage, "Payload", &ipa)?;
    Ok(ipa)
}
