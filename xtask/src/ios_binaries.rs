//! `cargo xtask fixtures [ios-binaries]`: the iOS Mach-O fixtures under `fixtures/ios/bin/`, built
//! from the Objective-C sources and `.tbd` stubs under `fixtures/src/ios/macho/` with clang, ld64.lld,
//! llvm-ar and llvm-lipo (LLVM 14; there is no Apple SDK on Linux, see fixtures/README.md):
//!
//! - `AppsFlyerLib.framework/AppsFlyerLib`: a fat dynamic library (arm64 iOS + x86_64 simulator)
//!   with install name `@rpath/AppsFlyerLib.framework/AppsFlyerLib`, version 6.9.0, weakly linking
//!   AdSupport;
//! - `libAdjustSdk.a`: a fat static library (arm64 + x86_64 simulator slices, each a BSD `ar`
//!   archive of `Adjust.o`, `ADJConfig.o`, `ADJEvent.o`, as `llvm-ar --format=darwin` writes it);
//! - `App`: a thin arm64 iOS executable that links the framework, force-loads the archive, links
//!   AppTrackingTransparency and calls `requestTrackingAuthorizationWithCompletionHandler:`;
//! - `App-stripped`: `App` after `llvm-strip` (no local or exported symbols left);
//! - `GoogleMobileAds.framework/GoogleMobileAds`: a fat *static* framework binary (an `ar` archive
//!   per slice of `GADMobileAds.o`, `GADRequest.o`), as Google shipped 7.x, with no Info.plist;
//! - `libGoogleAnalyticsServices.a`: a fat static library of `GAICompressionUtil.o`, `GAI.o`;
//! - `AdsApp`: a thin arm64 executable that force-loads both (the SDKs statically linked);
//! - `GAI-arm64.o`: the arm64 `GAI.o` alone, a relocatable object whose CFString points at its
//!   characters only through a relocation (clang's `ARM64_RELOC_UNSIGNED` to a local symbol).
//!
//! The last three carry their SDK's version only as a string in one object file (`[ios]
//! version_strings`, `src/inventory/ios_version.rs`).
//!
//! Every tool here writes the same bytes for the same inputs (clang without debug info, lld's
//! content-hash UUID, llvm-ar's deterministic mode), so rebuilding changes nothing.

use std::fs;
use std::path::Path;
use std::process::Command;

use super::{Paths, Result, Tool, check_tools, fresh_dir, run, write_if_changed};

/// The fixture name `cargo xtask fixtures ios-binaries` builds alone.
pub const NAME: &str = "ios-binaries";

const CLANG: Tool = Tool {
    bin: "clang",
    package: "clang",
};
const LD64: Tool = Tool {
    bin: "ld64.lld-14",
    package: "lld-14",
};
const LIPO: Tool = Tool {
    bin: "llvm-lipo-14",
    package: "llvm-14",
};
const AR: Tool = Tool {
    bin: "llvm-ar-14",
    package: "llvm-14",
};
const STRIP: Tool = Tool {
    bin: "llvm-strip-14",
    package: "llvm-14",
};

/// One slice: the clang target and the ld64 `-arch` / `-platform_version` platform.
struct Slice {
    arch: &'static str,
    target: &'static str,
    platform: &'static str,
}

const SLICES: [Slice; 2] = [
    Slice {
        arch: "arm64",
        target: "arm64-apple-ios14.0",
        platform: "ios",
    },
    Slice {
        arch: "x86_64",
        target: "x86_64-apple-ios14.0-simulator",
        platform: "ios-simulator",
    },
];

const ADJUST_OBJECTS: [&str; 3] = ["Adjust", "ADJConfig", "ADJEvent"];

/// Static libraries whose members are compiled from `<dir>/<member>.m`: (output under
/// `ios/bin/`, source directory, members in archive order).
const STATIC_LIBRARIES: [(&str, &str, &[&str]); 2] = [
    (
        "GoogleMobileAds.framework/GoogleMobileAds",
        "GoogleMobileAds",
        &["GADMobileAds", "GADRequest"],
    ),
    (
        "libGoogleAnalyticsServices.a",
        "GoogleAnalytics",
        &["GAICompressionUtil", "GAI"],
    ),
];

/// Builds the iOS binaries when no name is given or `ios-binaries` is among `names`. Returns
/// whether `names` named nothing else, so the caller has nothing left to build.
pub fn fixtures(paths: &Paths, names: &[String]) -> Result<bool> {
    let wanted = names.is_empty() || names.iter().any(|n| n == NAME);
    if wanted {
        println!("==> ios {NAME}");
        build(paths).map_err(|e| format!("ios {NAME}: {e}"))?;
    }
    Ok(!names.is_empty() && names.iter().all(|n| n == NAME))
}

fn build(paths: &Paths) -> Result<()> {
    check_tools([CLANG, LD64, LIPO, AR, STRIP].into_iter())?;
    let src = paths.src.join("ios/macho");
    let stubs = src.join("stubs");
    let work = fresh_dir(&paths.build.join("ios-binaries"))?;
    let out = paths.fixtures.join("ios/bin");

    let mut framework_slices = Vec::new();
    let mut archive_slices = Vec::new();
    let mut library_slices: Vec<Vec<std::path::PathBuf>> = vec![Vec::new(); STATIC_LIBRARIES.len()];
    for slice in &SLICES {
        let dir = fresh_dir(&work.join(slice.arch))?;
        for name in ["AppsFlyerLib/AppsFlyerLib", "App/main"].into_iter().chain(
            ADJUST_OBJECTS
                .map(|o| ["AdjustSdk/", o].concat())
                .iter()
                .map(|s| &**s),
        ) {
            let object = dir.join(format!("{}.o", name.rsplit('/').next().unwrap_or(name)));
            compile(&src, slice, &src.join(format!("{name}.m")), &object)?;
        }

        // AppsFlyerLib.framework/AppsFlyerLib: a dynamic framework, as the vendor ships it.
        let fw_dir = dir.join("Frameworks/AppsFlyerLib.framework");
        fs::create_dir_all(&fw_dir)?;
        let dylib = fw_dir.join("AppsFlyerLib");
        run(ld64(slice, &stubs)
            .args([
                "-dylib",
                "-install_name",
                "@rpath/AppsFlyerLib.framework/AppsFlyerLib",
            ])
            .args([
                "-current_version",
                "6.9.0",
                "-compatibility_version",
                "1.0.0",
            ])
            .arg("-o")
            .arg(&dylib)
            .arg(dir.join("AppsFlyerLib.o"))
            .args(["-framework", "Foundation", "-framework", "CoreFoundation"])
            .args(["-weak_framework", "AdSupport"]))?;
        framework_slices.push(dylib);

        // libAdjustSdk.a: a BSD archive, as Xcode's libtool writes for a static library target.
        let archive = dir.join("libAdjustSdk.a");
        run(Command::new(AR.bin)
            .current_dir(&dir)
            .args(["rcs", "--format=darwin"])
            .arg(&archive)
            .args(ADJUST_OBJECTS.map(|o| format!("{o}.o"))))?;
        archive_slices.push(archive);

        for ((output, source, members), slices) in STATIC_LIBRARIES.iter().zip(&mut library_slices)
        {
            let lib_dir = fresh_dir(&dir.join(source))?;
            for member in *members {
                let input = src.join(format!("{source}/{member}.m"));
                compile(&src, slice, &input, &lib_dir.join(format!("{member}.o")))?;
            }
            let name = output.rsplit('/').next().unwrap_or(output);
            let archive = lib_dir.join(name);
            run(Command::new(AR.bin)
                .current_dir(&lib_dir)
                .args(["rcs", "--format=darwin"])
                .arg(&archive)
                .args(members.iter().map(|m| format!("{m}.o"))))?;
            slices.push(archive);
        }
    }

    let fat_framework = work.join("AppsFlyerLib");
    lipo(&framework_slices, &fat_framework)?;
    let fat_archive = work.join("libAdjustSdk.a");
    lipo(&archive_slices, &fat_archive)?;

    // App: arm64 only, as App Store executables are; the fat archive is force-loaded whole.
    let arm64 = &SLICES[0];
    let app = work.join("App");
    run(ld64(arm64, &stubs)
        .arg("-o")
        .arg(&app)
        .arg(work.join("arm64/main.o"))
        .arg("-force_load")
        .arg(&fat_archive)
        .arg("-F")
        .arg(work.join("arm64/Frameworks"))
        .args(["-framework", "AppsFlyerLib", "-framework", "Foundation"])
        .args([
            "-framework",
            "CoreFoundation",
            "-framework",
            "AppTrackingTransparency",
        ])
        .args(["-rpath", "@executable_path/Frameworks", "-e", "_main"]))?;

    // App-stripped: the same executable with its symbol table stripped down to what dyld needs,
    // as an App Store build ships it: classes are then found only through `__objc_classlist`.
    let stripped = work.join("App-stripped");
    run(Command::new(STRIP.bin).arg("-o").arg(&stripped).arg(&app))?;

    install(
        &fat_framework,
        &out.join("AppsFlyerLib.framework/AppsFlyerLib"),
    )?;
    install(&fat_archive, &out.join("libAdjustSdk.a"))?;
    install(&app, &out.join("App"))?;
    install(&stripped, &out.join("App-stripped"))?;
    // AdsApp: the static libraries force-loaded into an arm64 executable.
    let ads_main = work.join("arm64/AdsApp.o");
    compile(&src, arm64, &src.join("AdsApp/main.m"), &ads_main)?;
    let mut ads = ld64(arm64, &stubs);
    ads.arg("-o").arg(work.join("AdsApp")).arg(&ads_main);
    for ((output, source, _), slices) in STATIC_LIBRARIES.iter().zip(&library_slices) {
        let fat = work.join(format!("{source}.fat"));
        lipo(slices, &fat)?;
        install(&fat, &out.join(output))?;
        ads.arg("-force_load").arg(&fat);
    }
    run(ads
        .args(["-framework", "Foundation", "-framework", "CoreFoundation"])
        .args(["-e", "_main"]))?;
    install(&work.join("AdsApp"), &out.join("AdsApp"))?;
    install(
        &work.join("arm64/GoogleAnalytics/GAI.o"),
        &out.join("GAI-arm64.o"),
    )
}

fn compile(src: &Path, slice: &Slice, input: &Path, object: &Path) -> Result<()> {
    run(Command::new(CLANG.bin)
        .arg(format!("--target={}", slice.target))
        .args(["-x", "objective-c", "-fobjc-runtime=ios-14.0", "-Os"])
        .arg("-I")
        .arg(src.join("include"))
        .arg("-I")
        .arg(src.join("AppsFlyerLib"))
        .arg("-I")
        .arg(src.join("AdjustSdk"))
        .arg("-I")
        .arg(src.join("GoogleMobileAds"))
        .arg("-I")
        .arg(src.join("GoogleAnalytics"))
        .arg("-c")
        .arg(input)
        .arg("-o")
        .arg(object))
}

/// `ld64.lld-14` for `slice`, with libSystem, libobjc and the stub frameworks on its search path.
fn ld64(slice: &Slice, stubs: &Path) -> Command {
    let mut cmd = Command::new(LD64.bin);
    cmd.args([
        "-arch",
        slice.arch,
        "-platform_version",
        slice.platform,
        "14.0",
        "16.0",
    ])
    .arg(stubs.join("usr/lib/libSystem.tbd"))
    .arg(stubs.join("usr/lib/libobjc.tbd"))
    .arg("-F")
    .arg(stubs.join("Frameworks"));
    cmd
}

fn lipo(slices: &[impl AsRef<Path>], out: &Path) -> Result<()> {
    let mut cmd = Command::new(LIPO.bin);
    cmd.arg("-create");
    for slice in slices {
        cmd.arg(slice.as_ref());
    }
    run(cmd.arg("-output").arg(out))
}

fn install(built: &Path, dest: &Path) -> Result<()> {
    write_if_changed(dest, &fs::read(built)?)
}
