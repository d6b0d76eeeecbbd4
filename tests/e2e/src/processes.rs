//! Every process a scenario needs, each on a free 127.0.0.1 port and stopped by PID when dropped: the
//! Atlas emulator, a static host, cors-anywhere, nginx (the shipped config or a test one) and `trunk serve`.
//!
//! Environment: KEYMINT_DIST (the release dist/), KEYMINT_EMULATOR (the emulator binary), KEYMINT_TOOLS
//! (tools/node_modules), TMPDIR (scratch; browser profiles and downloads go there).

pub use atlas_emulator_control::Emulator;
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn env_path(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join(default))
}

pub fn dist_dir() -> PathBuf {
    env_path("KEYMINT_DIST", "dist")
}

pub fn tools_dir() -> PathBuf {
    env_path("KEYMINT_TOOLS", "tools/node_modules")
}

/// A proxy configuration in tests/proxies/.
pub fn proxy_config(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../proxies")
        .join(name)
}

/// A fresh, empty scratch folder for this test run.
pub fn scratch(name: &str) -> PathBuf {
    let base = std::env::temp_dir()
        .join(format!("keymint-e2e-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&base);
    std::fs::create_dir_all(&base).expect("scratch dir");
    base
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Waits until something accepts connections on the port (bounded).
pub fn wait_for_port(port: u16, what: &str, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(300);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{what} exited before listening: {status}");
        }
        assert!(Instant::now() < deadline, "{what} did not listen on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A child process stopped by PID when dropped, together with what it started (it leads a process
/// group of its own, so a WebDriver server's browser stops with it even when a test fails before it
/// could end the session).
pub struct Proc {
    pub child: Child,
    name: String,
}

impl Proc {
    pub fn spawn(name: &str, cmd: &mut Command) -> Proc {
        use std::os::unix::process::CommandExt;
        let child = cmd
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {name}: {e}"));
        Proc {
            child,
            name: name.to_string(),
        }
    }

    /// Starts a server (its output discarded) and returns once it accepts connections on `port`.
    pub fn listening(name: &str, port: u16, cmd: &mut Command) -> Proc {
        let mut p = Proc::spawn(name, cmd.stdout(Stdio::null()).stderr(Stdio::null()));
        wait_for_port(port, name, &mut p.child);
        p
    }

    /// An X server of its own (Xvfb, on the first free display number) for a browser that needs a
    /// display; returns it and its display number.
    pub fn x_display(dir: &Path) -> (Proc, u32) {
        use std::io::BufRead;
        let mut p = Proc::spawn(
            "Xvfb",
            Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-nolisten",
                    "tcp",
                    "-screen",
                    "0",
                    "1280x2600x24",
                ])
                .current_dir(dir)
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        );
        let mut line = String::new();
        let stdout = p.child.stdout.take().expect("Xvfb's stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("Xvfb's display number");
        let number = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("Xvfb gave no display number: {line:?}"));
        (p, number)
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        // The whole group: the process and whatever it started (a browser, a helper).
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = &self.name;
    }
}

/// The Atlas emulator binary (KEYMINT_EMULATOR) on a free port, with extra `args` such as `--gov`.
pub fn emulator(args: &[&str]) -> Emulator {
    Emulator::start(
        &env_path("KEYMINT_EMULATOR", "target/debug/atlas-emulator"),
        args,
    )
}

/// A deployment's config.json for a custom (emulator) base URL with the Atlas API.
pub fn config(environment: &str, base_url: &str, proxy: &str) -> Value {
    json!({"environment": environment, "customBaseUrl": base_url, "customApi": "atlasV2", "proxy": proxy, "requestTimeoutSeconds": 20})
}

/// A copy of dist/ with a scenario's config.json.
pub fn dist_copy(name: &str, config: Value) -> PathBuf {
    let dir = scratch(name).join("site");
    std::fs::create_dir_all(&dir).expect("site dir");
    for entry in std::fs::read_dir(dist_dir()).expect("dist/ exists: run trunk build --release") {
        let entry = entry.expect("dist entry");
        if !entry.path().is_file() {
            continue;
        }
        std::fs::copy(entry.path(), dir.join(entry.file_name())).expect("copy dist file");
    }
    std::fs::write(dir.join("config.json"), config.to_string()).expect("config.json");
    dir
}

/// Python's http.server: a plain static host, as a CDN would be.
pub struct StaticServer {
    _proc: Proc,
    pub origin: String,
}

impl StaticServer {
    pub fn start(dir: &Path) -> StaticServer {
        Self::serve("static server", |port| {
            let mut cmd = Command::new("python3");
            cmd.args([
                "-m",
                "http.server",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--directory",
            ])
            .arg(dir);
            cmd
        })
    }

    /// Like [`StaticServer::start`], except that a request for `/{stalled}` is accepted and never
    /// answered: a static host or CDN that hangs on one file.
    pub fn start_stalling(dir: &Path, stalled: &str) -> StaticServer {
        Self::serve("stalling static server", |port| {
            let script = format!(
            "import functools, http.server, time\n\
             class H(http.server.SimpleHTTPRequestHandler):\n\
             \x20   def do_GET(self):\n\
             \x20       if self.path.split('?')[0] == '/{stalled}':\n\
             \x20           time.sleep(3600)\n\
             \x20       return super().do_GET()\n\
             s = http.server.ThreadingHTTPServer(('127.0.0.1', {port}), functools.partial(H, directory={dir:?}))\n\
             s.daemon_threads = True\n\
             s.serve_forever()\n",
            dir = dir.display().to_string(),
            );
            let mut cmd = Command::new("python3");
            cmd.args(["-c", &script]);
            cmd
        })
    }

    /// The server `command` starts on a free port, once it listens.
    fn serve(name: &str, command: impl FnOnce(u16) -> Command) -> StaticServer {
        let port = free_port();
        StaticServer {
            _proc: Proc::listening(name, port, &mut command(port)),
            origin: format!("http://127.0.0.1:{port}"),
        }
    }
}

/// cors-anywhere from npm, unmodified, on its own port, allowing only `origin`.
pub struct CorsAnywhere {
    _proc: Proc,
    pub url: String,
}

impl CorsAnywhere {
    pub fn start(origin: &str) -> CorsAnywhere {
        let port = free_port();
        let p = Proc::listening(
            "cors-anywhere",
            port,
            Command::new("node")
                .arg(proxy_config("cors-anywhere.js"))
                .args([&port.to_string(), origin])
                .env("KEYMINT_TOOLS", tools_dir()),
        );
        CorsAnywhere {
            _proc: p,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }
}

/// nginx from Debian as a child process, with a config rendered into a scratch folder.
pub struct Nginx {
    _proc: Proc,
    pub origin: String,
}

impl Nginx {
    /// `locations`: the text of a locations file, with placeholders already filled in.
    pub fn start(name: &str, locations: &str) -> Nginx {
        let tmp = scratch(name);
        let port = free_port();
        let template = std::fs::read_to_string(proxy_config("nginx-test.conf.template"))
            .expect("nginx template");
        let conf = template
            .replace("@TMP@", &tmp.display().to_string())
            .replace("@PORT@", &port.to_string())
            .replace("@LOCATIONS@", locations)
            .replace("@DEPLOY@", &deploy_nginx_dir().display().to_string());
        let file = tmp.join("nginx.conf");
        std::fs::write(&file, conf).expect("write nginx.conf");
        let p = Proc::listening(
            "nginx",
            port,
            Command::new("/usr/sbin/nginx")
                .arg("-p")
                .arg(&tmp)
                .arg("-e")
                .arg(tmp.join("error.log"))
                .arg("-c")
                .arg(&file)
                .args(["-g", "daemon off; master_process off;"]),
        );
        Nginx {
            _proc: p,
            origin: format!("http://127.0.0.1:{port}"),
        }
    }

    /// The release page deployed as docs/deployment.md says: a copy of dist/ under `/keymint/` whose
    /// config.json names `environment` and the proxy `/keymint/atlas{path}`, served by the shipped
    /// locations file, which reverse-proxies to the emulator at `upstream`.
    pub fn shipped(name: &str, environment: &str, upstream: &str) -> Nginx {
        Nginx::shipped_with(
            name,
            config(environment, "", "/keymint/atlas{path}"),
            upstream,
        )
    }

    /// As [`Nginx::shipped`], with the deployment's own config.json (`config`).
    pub fn shipped_with(name: &str, config: Value, upstream: &str) -> Nginx {
        let dist = dist_copy(&format!("{name}-dist"), config);
        Nginx::start(name, &shipped_nginx_locations(upstream, &dist))
    }

    /// A misconfigured cross-origin proxy bound to `upstream` that answers CORS but does not expose
    /// `WWW-Authenticate` (tests/proxies/nginx-hides-challenge.conf).
    pub fn hiding_the_challenge(name: &str, upstream: &str) -> Nginx {
        let template = std::fs::read_to_string(proxy_config("nginx-hides-challenge.conf"))
            .expect("nginx-hides-challenge.conf");
        Nginx::start(name, &template.replace("@UPSTREAM@", upstream))
    }

    /// The page's URL under the sub-path the shipped config serves.
    pub fn page(&self) -> String {
        format!("{}/keymint/", self.origin)
    }
}

/// The shipped nginx files: deploy/nginx/.
pub fn deploy_nginx_dir() -> PathBuf {
    repo().join("deploy/nginx")
}

/// The shipped deploy/nginx/keymint-locations.conf, pointed at the emulator and a dist copy, including
/// the shipped snippets from deploy/nginx/ instead of /etc/nginx/snippets/.
pub fn shipped_nginx_locations(upstream: &str, dist: &Path) -> String {
    let text = std::fs::read_to_string(deploy_nginx_dir().join("keymint-locations.conf"))
        .expect("deploy/nginx/keymint-locations.conf");
    assert!(
        text.contains("proxy_pass https://cloud.mongodb.com/;")
            && text.contains("alias /srv/keymint/dist/;")
            && text.contains("include /etc/nginx/snippets/")
    );
    text.replace(
        "include /etc/nginx/snippets/",
        &format!("include {}/", deploy_nginx_dir().display()),
    )
    .replace(
        "proxy_pass https://cloud.mongodb.com/;",
        &format!("proxy_pass {upstream}/;"),
    )
    .replace(
        "alias /srv/keymint/dist/;",
        &format!("alias {}/;", dist.display()),
    )
}

/// The README's demo: `trunk serve --release` with its same-origin proxy forwarding `/atlas/` to
/// `upstream`, building into a scratch dist.
pub struct TrunkServe {
    _proc: Proc,
    pub url: String,
}

impl TrunkServe {
    pub fn start(upstream: &str) -> TrunkServe {
        let port = free_port();
        let path = format!(
            "{}:{}",
            tools_dir().join(".bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let p = Proc::listening(
            "trunk serve",
            port,
            Command::new("trunk")
                .current_dir(repo())
                .env("PATH", path)
                .env("TRUNK_SKIP_VERSION_CHECK", "true")
                .args([
                    "serve",
                    "--release",
                    "--no-autoreload",
                    "--address",
                    "127.0.0.1",
                    "--port",
                    &port.to_string(),
                ])
                .arg(format!("--proxy-backend={upstream}/"))
                .arg("--proxy-rewrite=/atlas/")
                .arg("--dist")
                .arg(scratch("trunk-dist")),
        );
        TrunkServe {
            _proc: p,
            url: format!("http://127.0.0.1:{port}/"),
        }
    }
}

/// A TCP listener on a free 127.0.0.1 port that counts every connection made to it and closes it
/// unanswered: stands for "someone else's proxy" that must not be reached until the user agrees.
pub struct Tripwire {
    pub url: String,
    hits: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Tripwire {
    pub fn start() -> Tripwire {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a tripwire");
        let port = listener.local_addr().expect("tripwire address").port();
        let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = hits.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                drop(stream);
            }
        });
        Tripwire {
            url: format!("http://127.0.0.1:{port}/"),
            hits,
        }
    }

    /// How many connections reached it.
    pub fn hits(&self) -> usize {
        self.hits.load(std::sync::atomic::Ordering::SeqCst)
    }
}
