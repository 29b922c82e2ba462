//! Where the binary's reports go: stdout, a file, or nowhere under `--quiet`, with one-line
//! errors and a closed pipe (`sdklint … | head`) taken quietly.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use sdklint::batch::EXIT_TROUBLE;

/// Run `write` on `file` or stdout, buffered (on nothing under `--quiet` without a file); a
/// closed pipe ends the output quietly, other write errors are one line and exit 2.
pub fn write_streamed(
    file: Option<&Path>,
    quiet: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> ExitCode {
    let result = match file {
        Some(file) => std::fs::File::create(file).and_then(|f| {
            let mut out = std::io::BufWriter::new(f);
            write(&mut out)?;
            out.flush()
        }),
        None if quiet => write(&mut std::io::sink()),
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            write(&mut out).and_then(|()| out.flush())
        }
    };
    match (result, file) {
        (Ok(()), _) => ExitCode::SUCCESS,
        (Err(err), None) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        (Err(err), None) => {
            eprintln!("error: cannot write the report: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
        (Err(err), Some(file)) => {
            eprintln!("error: cannot write {}: {err}", file.display());
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

pub fn write_file(file: &Path, text: &str) -> ExitCode {
    match std::fs::write(file, text) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write {}: {err}", file.display());
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

/// Write to stdout; a closed pipe (`sdklint … | head`) is not an error worth a message.
pub fn emit(text: &str) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: cannot write the report: {err}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
