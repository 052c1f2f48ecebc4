//! `report.html` as its readers meet it: rendered by a real browser (headless Chromium,
//! driven from the command line), with no console message at all (the page has no script,
//! so any message is a blocked fetch, a parse error or a policy violation), every key part
//! present, laid out and visible, the figures the page shows equal to `summary.json`'s, a
//! screenshot, and an A4 print.
//!
//! Chromium is the Debian package `chromium`, installed by `scripts/prerequisites.sh` (which
//! `make test` runs first); `TEPAI_CHROMIUM` names another binary. Without one the browser
//! test fails and says so. The screenshot of the Nanping 2024 report is written to
//! `target/report-test/report.png`; `TEPAI_BLESS=1` also writes it to `docs/report.png`,
//! the one the README shows.
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::{root, run, scenario};

/// Width of the browser window, CSS pixels.
const WINDOW_WIDTH: u32 = 1000;
/// Height of the screenshot: the overview, the targets and the map.
const SHOT_HEIGHT: u32 = 1750;

/// The Chromium binary: `TEPAI_CHROMIUM`, or the first of the usual names on `PATH`.
fn chromium() -> PathBuf {
    if let Some(p) = std::env::var_os("TEPAI_CHROMIUM") {
        return PathBuf::from(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return candidate;
            }
        }
    }
    for app in [
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ] {
        if Path::new(app).is_file() {
            return PathBuf::from(app);
        }
    }
    panic!(
        "the report test needs headless Chromium and found none on PATH (chromium, \
         chromium-browser, google-chrome): run scripts/prerequisites.sh (or `make test`, which \
         runs it), or set TEPAI_CHROMIUM to a Chromium binary"
    );
}

/// Runs headless Chromium with `args` and then `url`, with its own profile in `profile`;
/// gives up after two minutes.
fn browse(profile: &Path, args: &[String], url: &str) -> Output {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start Chromium ({e}): run scripts/prerequisites.sh or set TEPAI_CHROMIUM"
            )
        });
    let started = Instant::now();
    // Drain the pipes while waiting, so a chatty browser cannot block on a full pipe.
    let stdout = child.stdout.take().expect("stdout");
    let stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || std::io::read_to_string(stdout).unwrap_or_default());
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for Chromium") {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("Chromium did not finish within two minutes: {args:?} {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().expect("stdout reader").into_bytes(),
        stderr: err.join().expect("stderr reader").into_bytes(),
    }
}

fn file_url(path: &Path) -> String {
    format!(
        "file://{}",
        path.canonicalize().expect("absolute path").display()
    )
}

/// Every console message Chromium logged (`…:CONSOLE…] "message", source: url (line)`).
fn console_messages(stderr: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(ToOwned::to_owned)
        .collect()
}

/// The parts every report shows, and those of a scheduled plan.
const KEY_PARTS: &[&str] = &[
    "h1",
    "#overview .verdict",
    "#overview .quality",
    "#overview .cards",
    "#targets svg.targets",
    "#map svg.map",
    "#map svg.map .courts rect",
    "#map svg.map path.ent-on",
    "#map ul.legend",
    "#coverage svg.category",
    "#coverage svg.county",
    "#officers svg.load",
    "#courts table.courts",
];
const SCHEDULE_PARTS: &[&str] = &[
    "#officers svg.travel",
    "#calendar svg.heatmap",
    "#calendar table.periods",
];

/// A page that loads `report` in a frame as wide as the window and, once it has loaded,
/// writes into its own `<pre id="result">` what it finds there: per selector its box and
/// whether it is shown, the heat-map's days, the target figures and the title.
fn probe(report: &str, selectors: &[&str]) -> String {
    let selectors = serde_json::to_string(selectors).expect("json");
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">
<iframe id="report" src="{report}" style="width:{WINDOW_WIDTH}px;height:40000px;border:0"></iframe>
<pre id="result"></pre>
<script>
const frame = document.getElementById("report");
frame.addEventListener("load", () => {{
  const d = frame.contentDocument, w = frame.contentWindow;
  const out = {{ parts: {{}} }};
  for (const sel of {selectors}) {{
    const el = d.querySelector(sel);
    if (!el) {{ out.parts[sel] = "missing"; continue; }}
    const r = el.getBoundingClientRect(), cs = w.getComputedStyle(el);
    let shown = cs.display !== "none" && cs.visibility === "visible" && Number(cs.opacity) > 0;
    for (let p = el.parentElement; p; p = p.parentElement) {{
      const ps = w.getComputedStyle(p);
      if (ps.display === "none" || ps.visibility !== "visible" || Number(ps.opacity) === 0) shown = false;
    }}
    out.parts[sel] = {{ left: r.left, right: r.right, width: r.width, height: r.height, shown }};
  }}
  out.days = [...d.querySelectorAll("svg.heatmap rect[data-date]")]
    .filter(r => r.getBoundingClientRect().width > 0).length;
  out.trips = [...d.querySelectorAll("svg.heatmap rect[data-trips]")]
    .reduce((sum, r) => sum + Number(r.dataset.trips), 0);
  out.targets = [...d.querySelectorAll("svg.targets [data-target]")]
    .map(g => [g.dataset.target, Number(g.dataset.required), Number(g.dataset.achieved)]);
  out.title = d.querySelector("h1") ? d.querySelector("h1").textContent : "";
  out.width = d.documentElement.scrollWidth;
  document.getElementById("result").textContent = JSON.stringify(out);
}});
</script></body></html>"#
    )
}

/// Plans `rel` into `dir` with extra arguments, expecting success.
fn plan(rel: &str, dir: &Path, extra: &[&str]) {
    let sc = scenario(rel);
    let mut args = vec![
        "plan",
        sc.to_str().expect("utf-8"),
        "--out",
        dir.to_str().expect("utf-8"),
    ];
    args.extend_from_slice(extra);
    let (code, _, stderr) = run(&args, None);
    assert_eq!(code, 0, "tepai plan {rel}: {stderr}");
}

/// Loads the plan's report in Chromium through the probe, and checks what the module says.
fn check_in_browser(tmp: &Path, plan_dir: &str, scheduled: bool) -> serde_json::Value {
    let mut selectors = KEY_PARTS.to_vec();
    if scheduled {
        selectors.extend_from_slice(SCHEDULE_PARTS);
    }
    page_in_browser(
        tmp,
        &format!("{plan_dir}/report.html"),
        plan_dir,
        &selectors,
    )
}

/// Loads the page `page` (relative to `tmp`) in Chromium through the probe: no console
/// message, every part of `selectors` present, laid out, shown and within the window's width.
fn page_in_browser(tmp: &Path, page: &str, name: &str, selectors: &[&str]) -> serde_json::Value {
    let probe_path = tmp.join(format!("probe-{name}.html"));
    std::fs::write(&probe_path, probe(page, selectors)).expect("write the probe");
    let out = browse(
        &tmp.join(format!("profile-{name}")),
        &[
            "--allow-file-access-from-files".to_owned(),
            format!("--window-size={WINDOW_WIDTH},1000"),
            "--dump-dom".to_owned(),
        ],
        &file_url(&probe_path),
    );
    assert!(
        out.status.success(),
        "Chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let console = console_messages(&out.stderr);
    assert!(
        console.is_empty(),
        "console messages:\n{}",
        console.join("\n")
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let start = dom.find("<pre id=\"result\">").expect("the probe ran") + 17;
    let end = start + dom[start..].find("</pre>").expect("end of result");
    let text = dom[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    let result: serde_json::Value = serde_json::from_str(&text).expect("the probe's JSON");
    for sel in selectors {
        let part = &result["parts"][sel];
        assert!(part.is_object(), "{sel} is missing from the page: {part}");
        let (w, h) = (
            part["width"].as_f64().unwrap(),
            part["height"].as_f64().unwrap(),
        );
        assert!(w > 0.0 && h > 0.0, "{sel} has no size: {part}");
        assert_eq!(part["shown"], true, "{sel} is hidden: {part}");
        assert!(
            part["left"].as_f64().unwrap() >= 0.0
                && part["right"].as_f64().unwrap() <= f64::from(WINDOW_WIDTH) + 0.5,
            "{sel} does not fit the window's width: {part}"
        );
    }
    assert!(
        result["width"].as_f64().unwrap() <= f64::from(WINDOW_WIDTH),
        "the page scrolls sideways: {}",
        result["width"]
    );
    result
}

#[test]
fn the_nanping_report_renders_in_chromium_without_console_messages_and_prints_on_a4() {
    let tmp = tempfile::tempdir().expect("tempdir");
    plan("nanping-2024", &tmp.path().join("zh"), &[]);
    let result = check_in_browser(tmp.path(), "zh", true);

    // What the browser shows equals the plan's own figures.
    let summary: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("zh/summary.json")).expect("summary.json"),
    )
    .expect("json");
    let targets: Vec<serde_json::Value> = ["platforms", "chambers", "enterprises"]
        .iter()
        .map(|k| {
            serde_json::json!([
                k,
                summary["targets"][k]["required"],
                summary["targets"][k]["achieved"]
            ])
        })
        .collect();
    assert_eq!(result["targets"], serde_json::Value::Array(targets));
    assert_eq!(result["days"], 366, "a visible cell per day of 2024");
    assert_eq!(result["trips"], summary["schedule"]["trips"]);
    let title = result["title"].as_str().unwrap();
    assert_eq!(
        title, "Nanping 2024 年度法律特派员派驻方案",
        "the year once"
    );

    // A screenshot of the top of the page: the overview, the targets and the map.
    let shot = tmp.path().join("report.png");
    let out = browse(
        &tmp.path().join("profile-shot"),
        &[
            format!("--window-size={WINDOW_WIDTH},{SHOT_HEIGHT}"),
            format!("--screenshot={}", shot.display()),
        ],
        &file_url(&tmp.path().join("zh/report.html")),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let png = std::fs::read(&shot).expect("Chromium wrote the screenshot");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    let be = |at: usize| u32::from_be_bytes(png[at..at + 4].try_into().unwrap());
    assert_eq!((be(16), be(20)), (WINDOW_WIDTH, SHOT_HEIGHT), "its size");
    assert!(
        png.len() > 50_000,
        "a drawn page, not a blank one: {} bytes",
        png.len()
    );
    let kept = root().join("target/report-test");
    std::fs::create_dir_all(&kept).expect("target/report-test");
    std::fs::write(kept.join("report.png"), &png).expect("keep the screenshot");
    if std::env::var_os("TEPAI_BLESS").is_some() {
        std::fs::write(root().join("docs/report.png"), &png).expect("docs/report.png");
    }

    // Printed: A4 pages, the map and the other large parts each on its own page.
    let pdf_path = tmp.path().join("report.pdf");
    let out = browse(
        &tmp.path().join("profile-pdf"),
        &[
            "--no-pdf-header-footer".to_owned(),
            format!("--print-to-pdf={}", pdf_path.display()),
        ],
        &file_url(&tmp.path().join("zh/report.html")),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(&pdf_path).expect("Chromium wrote the PDF");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    let boxes: Vec<(f64, f64)> = text
        .match_indices("/MediaBox [")
        .map(|(i, m)| {
            let rest = &text[i + m.len()..];
            let nums: Vec<f64> = rest[..rest.find(']').unwrap()]
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect();
            (nums[2] - nums[0], nums[3] - nums[1])
        })
        .collect();
    assert!(
        boxes.len() >= 5,
        "the overview, the map, coverage, the calendar and the courts print on pages of their own: {} pages",
        boxes.len()
    );
    for (w, h) in &boxes {
        // A4 is 210 × 297 mm = 595.3 × 841.9 pt.
        assert!(
            (w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0,
            "not A4: {w} × {h} pt"
        );
    }
}

#[test]
fn the_english_report_and_a_report_without_schedule_render_cleanly() {
    let tmp = tempfile::tempdir().expect("tempdir");
    plan("nanping-2023", &tmp.path().join("en"), &["--lang", "en"]);
    let result = check_in_browser(tmp.path(), "en", true);
    let title = result["title"].as_str().unwrap();
    assert_eq!(
        title, "Nanping 2023 — legal envoy dispatch plan",
        "the year once"
    );

    // `tepai assign` writes a report without the calendar parts.
    let sc = scenario("nanping-2023");
    let out = tmp.path().join("assigned");
    let (code, _, stderr) = run(
        &[
            "assign",
            sc.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(code, 0, "{stderr}");
    let html = std::fs::read_to_string(out.join("report.html")).expect("report.html");
    assert!(!html.contains("id=\"calendar\"") && !html.contains("svg class=\"chart travel\""));
    let result = check_in_browser(tmp.path(), "assigned", false);
    assert_eq!(result["days"], 0);
}

#[test]
fn the_bench_page_renders_in_chromium_with_a_bar_per_case_in_each_chart() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let suite = tmp.path().join("suite.toml");
    std::fs::write(
        &suite,
        "name = \"page\"\nnode_limit = 200\n[[case]]\npreset = \"county\"\nseeds = [1, 2]\n",
    )
    .expect("suite");
    let first = tmp.path().join("first");
    let (code, _, err) = run(
        &[
            "bench",
            suite.to_str().unwrap(),
            "--out",
            first.to_str().unwrap(),
            "-q",
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    // A baseline that was far faster: the page names the regression.
    let mut base: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(first.join("bench.json")).unwrap()).unwrap();
    for case in base["cases"].as_array_mut().unwrap() {
        case["measured"]["seconds"]["total"] = 0.0001.into();
        case["objective"] = (case["objective"].as_f64().unwrap() - 1000.0).into();
    }
    let base_path = tmp.path().join("base.json");
    std::fs::write(&base_path, base.to_string()).unwrap();
    let (code, _, err) = run(
        &[
            "bench",
            suite.to_str().unwrap(),
            "--out",
            tmp.path().join("second").to_str().unwrap(),
            "--baseline",
            base_path.to_str().unwrap(),
            "-q",
        ],
        None,
    );
    assert_eq!(code, 4, "{err}");
    let html = std::fs::read_to_string(tmp.path().join("second/bench.html")).expect("bench.html");
    for chart in ["time", "memory", "gap"] {
        let rows = html
            .split(&format!("<svg class=\"chart {chart}\""))
            .nth(1)
            .and_then(|rest| rest.split("</svg>").next())
            .unwrap_or_else(|| panic!("no {chart} chart"))
            .matches("<g class=\"row\"")
            .count();
        assert_eq!(rows, 2, "{chart}");
    }
    assert!(
        html.contains("county/seed-1 目标值"),
        "the regression is named"
    );
    page_in_browser(
        tmp.path(),
        "second/bench.html",
        "bench",
        &[
            "h1",
            "#overview .verdict",
            "table.bench",
            "#time svg.time rect.stage",
            "#memory svg.memory rect.bar",
            "#gap svg.gap",
        ],
    );
}
