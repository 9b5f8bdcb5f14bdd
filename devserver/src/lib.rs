//! Starts and stops `wrangler dev`: the real workerd with its local KV and
//! Durable Objects persisted on disk. Shared by `xtask` (serving, testing)
//! and the tests that must crash and restart a server themselves. Each server runs in its own process
//! group, so stopping it (on drop, on Ctrl-C, on a failed test) stops
//! wrangler and every workerd it started.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use std::os::unix::process::CommandExt;

/// How long a start may take before it counts as failed.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// Where a server's output goes.
pub enum Output {
    /// To this terminal.
    Inherit,
    /// To a log file.
    File(PathBuf),
}

/// A running `wrangler dev`; stopped when dropped.
pub struct Wrangler {
    child: Child,
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
}

/// Process groups to stop if xtask itself is interrupted (up to 4 at once).
static GROUPS: [AtomicI32; 4] = [const { AtomicI32::new(0) }; 4];

extern "C" fn on_signal(signal: libc::c_int) {
    for slot in &GROUPS {
        let pgid = slot.load(Ordering::SeqCst);
        if pgid > 0 {
            // SAFETY: kill is async-signal-safe.
            unsafe { libc::kill(-pgid, libc::SIGINT) };
        }
    }
    // SAFETY: _exit is async-signal-safe.
    unsafe { libc::_exit(128 + signal) };
}

fn register(pgid: i32) {
    // SAFETY: installs a handler that only calls async-signal-safe functions.
    let handler = on_signal as extern "C" fn(libc::c_int) as *const () as libc::sighandler_t;
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
        libc::signal(libc::SIGHUP, handler);
    }
    if let Some(slot) = GROUPS.iter().find(|s| s.load(Ordering::SeqCst) == 0) {
        slot.store(pgid, Ordering::SeqCst);
    }
}

fn unregister(pgid: i32) {
    if let Some(slot) = GROUPS.iter().find(|s| s.load(Ordering::SeqCst) == pgid) {
        slot.store(0, Ordering::SeqCst);
    }
}

impl Wrangler {
    /// Starts `wrangler dev` from the workspace at `root` on
    /// 127.0.0.1:`port` with state in `state`, and waits until the API answers.
    pub fn start(root: &Path, port: u16, state: &Path, output: Output) -> Result<Wrangler> {
        Wrangler::start_config(
            root,
            &root.join("worker"),
            port,
            state,
            output,
            is_afterloop,
        )
    }

    /// As [`Wrangler::start`], with worker vars set on the command line
    /// (`--var NAME:VALUE`, over `[vars]` in `wrangler.toml`), e.g.
    /// `("SESSION_TTL_SECONDS", "2")`.
    pub fn start_with_vars(
        root: &Path,
        port: u16,
        state: &Path,
        output: Output,
        vars: &[(&str, &str)],
    ) -> Result<Wrangler> {
        let dir = root.join("worker");
        Wrangler::launch(root, &dir, port, state, output, is_afterloop, vars)
    }

    /// Starts `wrangler dev` with the `wrangler.toml` in `dir` (the bench's
    /// floor worker, say), waiting until `ready(url)` holds.
    pub fn start_config(
        root: &Path,
        dir: &Path,
        port: u16,
        state: &Path,
        output: Output,
        ready: fn(&str) -> bool,
    ) -> Result<Wrangler> {
        Wrangler::launch(root, dir, port, state, output, ready, &[])
    }

    fn launch(
        root: &Path,
        dir: &Path,
        port: u16,
        state: &Path,
        output: Output,
        ready: fn(&str) -> bool,
        vars: &[(&str, &str)],
    ) -> Result<Wrangler> {
        std::fs::create_dir_all(state)?;
        let node_bin = root.join("node_modules").join(".bin");
        let mut path = vec![node_bin.clone()];
        if let Some(p) = std::env::var_os("PATH") {
            path.extend(std::env::split_paths(&p));
        }
        let mut cmd = Command::new(node_bin.join("wrangler"));
        cmd.current_dir(dir)
            .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
            .arg("--persist-to")
            .arg(state)
            .args(["--inspector-port", &free_port()?.to_string()])
            .args([
                "--show-interactive-dev-session=false",
                "--log-level",
                "warn",
            ])
            .args(
                vars.iter()
                    .flat_map(|(name, value)| ["--var".to_owned(), format!("{name}:{value}")]),
            )
            .env("PATH", std::env::join_paths(path)?)
            .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
            .env("WRANGLER_SEND_METRICS", "false")
            .env("CI", "true")
            .stdin(Stdio::null())
            .process_group(0);
        match output {
            Output::Inherit => {}
            Output::File(path) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                let log =
                    File::create(&path).with_context(|| format!("creating {}", path.display()))?;
                cmd.stdout(log.try_clone()?).stderr(log);
            }
        }
        let child = cmd
            .spawn()
            .context("could not start wrangler (run `npm ci`?)")?;
        register(child.id() as i32);
        let mut server = Wrangler {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        server.wait_ready(ready)?;
        Ok(server)
    }

    fn wait_ready(&mut self, ready: fn(&str) -> bool) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < START_TIMEOUT {
            if let Some(status) = self.child.try_wait()? {
                bail!("wrangler dev exited with {status} before it served");
            }
            if ready(&self.url) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(250));
        }
        bail!(
            "wrangler dev did not answer at {} within {START_TIMEOUT:?}",
            self.url
        )
    }

    /// Serves until the server exits (Ctrl-C stops it).
    pub fn wait(mut self) -> Result<()> {
        let status = self.child.wait()?;
        if !status.success() && status.code() != Some(130) {
            bail!("wrangler dev exited with {status}");
        }
        Ok(())
    }

    /// Kills the server and everything it started at once (SIGKILL to its
    /// process group), as a crash or a power cut would.
    pub fn kill_hard(&mut self) {
        let pgid = self.child.id() as i32;
        // SAFETY: signals our own child's process group.
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
        let _ = self.child.wait();
        unregister(pgid);
    }

    /// Stops the server and everything it started: SIGINT to its process
    /// group, then SIGKILL after a grace period.
    pub fn stop(&mut self) {
        let pgid = self.child.id() as i32;
        if self.child.try_wait().ok().flatten().is_none() {
            // SAFETY: signals our own child's process group.
            unsafe { libc::kill(-pgid, libc::SIGINT) };
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if self.child.try_wait().ok().flatten().is_some() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }
        // Whatever is left of the group (workerd children) goes too.
        // SAFETY: as above.
        unsafe { libc::kill(-pgid, libc::SIGKILL) };
        let _ = self.child.wait();
        unregister(pgid);
    }
}

impl Drop for Wrangler {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether an Afterloop worker answers its health check at `url`.
pub fn is_afterloop(url: &str) -> bool {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .build()
        .into();
    agent
        .get(&format!("{url}/api/v1/health"))
        .call()
        .ok()
        .and_then(|mut r| r.body_mut().read_to_string().ok())
        .is_some_and(|body| body.contains("\"status\":\"ok\""))
}

/// A port nothing listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
    Ok(listener.local_addr()?.port())
}
