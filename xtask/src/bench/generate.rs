//! The scale generator: builds cases with the domain's own `open`, `decide`
//! and `apply` (so every case folds cleanly), and loads them, with exactly
//! the keys the worker writes (`afterloop_domain::layout`), straight into the
//! local KV store `wrangler dev` persists on disk, while it is stopped.
//!
//! Writing 100,000 cases through the API or `wrangler kv bulk put` takes
//! hours on two cores (a few hundred KV puts a second); loading the store's
//! files directly takes a minute. Generated cases live only in KV (reads,
//! queues and reports); they have no case object, so writes in the bench go
//! to cases opened through the API.

use std::fs;
use std::path::{Path, PathBuf};

use afterloop_domain::access::{Actor, Role};
use afterloop_domain::case::{decide, open, Policy, Stamp};
use afterloop_domain::layout::{index, keys};
use afterloop_domain::wire::{CreateCaseRequest, CustomerInput, MoneyInput, ProductInput};
use afterloop_domain::{Case, CaseId, Command, Date, Event, EventId, NewCase, Timestamp, UserId};
use anyhow::{bail, Context, Result};
use rusqlite::{params, Connection};

/// Generated cases take sequence numbers from here up, far above what the
/// case counter hands out during a bench.
pub const FIRST_GENERATED: u32 = 1_000_000;

/// The local KV namespace's files inside a `--persist-to` state folder.
pub struct LocalKv {
    db: Connection,
    blobs: PathBuf,
    rng: u64,
    clock: u64,
}

impl LocalKv {
    /// Opens the namespace `namespace` (the `id` in wrangler.toml). The server
    /// must have written to it once (so its files exist) and must be stopped.
    pub fn open(state: &Path, namespace: &str) -> Result<LocalKv> {
        let dir = state.join("v3/kv/miniflare-KVNamespaceObject");
        let mut found = None;
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if !name.ends_with(".sqlite") || name == "metadata.sqlite" {
                continue;
            }
            let db = Connection::open(&path)?;
            let has_entries: bool = db.query_row(
                "SELECT count(*) > 0 FROM sqlite_master WHERE name = '_mf_entries'",
                [],
                |r| r.get(0),
            )?;
            if has_entries {
                if found.is_some() {
                    bail!("more than one KV namespace in {}", dir.display());
                }
                found = Some(db);
            }
        }
        let Some(db) = found else {
            bail!(
                "no KV namespace in {}: start the server and write once first",
                dir.display()
            );
        };
        db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;")?;
        let blobs = state.join("v3/kv").join(namespace).join("blobs");
        fs::create_dir_all(&blobs)?;
        Ok(LocalKv {
            db,
            blobs,
            rng: 0x9E37_79B9_7F4A_7C15,
            clock: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_millis() as u64,
        })
    }

    fn blob_id(&mut self) -> String {
        let mut id = String::with_capacity(80);
        for _ in 0..4 {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            id.push_str(&format!("{:016x}", self.rng));
        }
        self.clock += 1;
        id.push_str(&format!("{:016x}", self.clock));
        id
    }

    /// Writes many entries in one transaction: (key, value, metadata JSON).
    pub fn put_all(&mut self, entries: &[(String, String, Option<String>)]) -> Result<()> {
        let mut rows = Vec::with_capacity(entries.len());
        for (key, value, metadata) in entries {
            let blob = self.blob_id();
            fs::write(self.blobs.join(&blob), value)?;
            rows.push((key, blob, metadata));
        }
        let tx = self.db.transaction()?;
        {
            let mut stmt = tx.prepare(
                "INSERT OR REPLACE INTO _mf_entries (key, blob_id, expiration, metadata) VALUES (?1, ?2, NULL, ?3)",
            )?;
            for (key, blob, metadata) in rows {
                stmt.execute(params![key, blob, metadata])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const MODELS: &[&str] = &[
    "SUN-5K-G",
    "SUN-10K-G",
    "SUN-20K-T",
    "PV-450M",
    "BAT-10",
    "MET-1P",
];
const BATCHES: &[&str] = &["2401A", "2405A", "2409B", "2411C", "2502A"];

/// A plausible intake request for case number `n`.
pub fn request_for(n: u32) -> CreateCaseRequest {
    request(&mut Rng(u64::from(n) | 1), n)
}

fn request(rng: &mut Rng, n: u32) -> CreateCaseRequest {
    let kind = *rng.pick(&["repair", "repair", "repair", "return", "refund"]);
    let model = *rng.pick(MODELS);
    let batch = *rng.pick(BATCHES);
    CreateCaseRequest {
        kind: kind.into(),
        title: format!("Generated {kind} {n}"),
        channel: (*rng.pick(&["sales_rep", "hotline", "email", "web_form", "technician"])).into(),
        description: format!("Model {model}, batch {batch}: generated for the scale bench."),
        priority: (*rng.pick(&["low", "normal", "high", "urgent"])).into(),
        region: (*rng.pick(&["provincial_capital", "other"])).into(),
        customer: CustomerInput {
            name: format!("Customer {n}"),
            phone: format!("+86 139 {:04} {:04}", n / 10_000 % 10_000, n % 10_000),
            language: "zh-CN".into(),
            ..Default::default()
        },
        product: ProductInput {
            model: model.into(),
            serial: format!("SN{batch}{n:07}"),
            batch: batch.into(),
            purchase_date: format!("{}-{:02}-15", 2022 + rng.below(4), 1 + rng.below(12)),
            price_paid: Some(MoneyInput {
                minor: 1_000_000 + rng.below(5_000_000) as i64,
                currency: "CNY".into(),
            }),
            warranty_months: Some(60),
            ..Default::default()
        },
    }
}

/// Builds generated case number `n` (its events, then its state), opened at
/// `at` and walked a random number of stages through its lifecycle.
pub fn case(n: u32, at: Timestamp, policy: &Policy) -> Result<(Case, Vec<Event>)> {
    let mut rng = Rng(u64::from(n).wrapping_mul(0x2545_F491_4F6C_DD1D) | 1);
    let manager = Actor {
        user: UserId::parse("chen.jie").expect("constant"),
        role: Role::Manager,
    };
    let id = CaseId::from_sequence(n).context("case number out of range")?;
    // Intake judges purchase dates by its day: one after every generated
    // purchase (2022–2025), whenever the case is said to open.
    let intake_day = Date::from_ymd(2026, 1, 1).context("constant date")?;
    let new_case =
        NewCase::parse(&request(&mut rng, n), intake_day).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    // Real tokens are 64 random hex digits; these are unique per case.
    let token = format!(
        "{:016x}{:016x}{:032x}",
        u64::from(n),
        rng.0,
        u128::from(n) * 0x9E37_79B9
    );
    let id_of = |name: String| EventId::parse(&name).map_err(anyhow::Error::msg);
    let first = Stamp::write(id_of(format!("gen-{n}-0"))?, &manager, at).opening(open(
        id,
        new_case,
        manager.user.clone(),
        at,
        token,
    ));
    let mut case = Case::from_opened(&first).context("opened event did not open")?;
    let mut events = vec![first];
    let steps = rng.below(7);
    let mut now = at;
    for step in 1..=steps {
        let next = case.status.next();
        let forward: Vec<_> = next.into_iter().filter(|s| !s.is_cancelled()).collect();
        let Some(to) = forward.first().copied() else {
            break;
        };
        now = now.plus_millis(3_600_000 * (1 + rng.below(48) as i64));
        let command = Command::Move { to, note: None };
        let Ok(changes) = decide(&case, &manager, &command, now, policy) else {
            break;
        };
        let stamp = Stamp::write(id_of(format!("gen-{n}-{step}"))?, &manager, now);
        events.extend(case.record(&stamp, changes));
    }
    Ok((case, events))
}

/// Every KV entry the worker would have written for this case.
pub fn entries(
    case: &Case,
    events: &[Event],
    policy: &Policy,
) -> Result<Vec<(String, String, Option<String>)>> {
    let mut out = Vec::with_capacity(events.len() + 8);
    for e in events {
        out.push((keys::event(case.id, e.seq), serde_json::to_string(e)?, None));
    }
    out.push((keys::case(case.id), serde_json::to_string(case)?, None));
    out.push((keys::token(&case.public_token), case.id.to_string(), None));
    for (key, row) in index::entries(case, &policy.sla) {
        out.push((key, String::new(), Some(serde_json::to_string(&row)?)));
    }
    Ok(out)
}

/// Generates cases `from..to` (numbers above [`FIRST_GENERATED`]) into the
/// stopped server's state: cases opened one every few minutes, ending now.
pub fn load(state: &Path, namespace: &str, from: u32, to: u32) -> Result<()> {
    let policy = Policy::default();
    let mut kv = LocalKv::open(state, namespace)?;
    let now = Timestamp::from_millis(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis() as i64,
    );
    let mut batch = Vec::new();
    for i in from..to {
        // 100,000 cases over about two years: one every ~10 minutes.
        let at = now.plus_millis(-600_000 * i64::from(to - i) - 86_400_000);
        let (case, events) = case(FIRST_GENERATED + i, at, &policy)?;
        batch.extend(entries(&case, &events, &policy)?);
        if batch.len() >= 20_000 {
            kv.put_all(&batch)?;
            batch.clear();
        }
    }
    kv.put_all(&batch)?;
    Ok(())
}
