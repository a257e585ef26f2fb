//! A synthetic, valid rule set of any size, for benchmarks (search, loader)
//! and tests. Compiled only with the `synth` feature, which the benches and
//! tests turn on; the binary never carries it.
//!
//! The shape follows the bundled rules: one start question, a tree of
//! questions (2–9 answers each) per category, diagnoses with 2–5 remedy
//! steps and an escalation of their category, bilingual texts built from a
//! varied vocabulary of shop-floor words, terminal messages, keywords, and
//! some response codes. Files hold at most 2000 nodes each. The same
//! `(nodes, seed)` always gives the same files.

use crate::rules::{Category, InputFile};
use std::fmt::Write as _;

/// Nodes per generated file, at most.
pub const NODES_PER_FILE: usize = 2000;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    fn chance(&mut self, pct: u64) -> bool {
        self.next() % 100 < pct
    }
}

type Pair = (&'static str, &'static str);

const THINGS: &[Pair] = &[
    ("打印机", "printer"),
    ("读卡器", "card reader"),
    ("密码键盘", "PIN pad"),
    ("屏幕", "screen"),
    ("电池", "battery"),
    ("充电器", "charger"),
    ("流量卡", "SIM card"),
    ("路由器", "router"),
    ("网线", "network cable"),
    ("签购单", "sales slip"),
    ("芯片", "chip"),
    ("磁条", "magnetic stripe"),
    ("银行卡", "bank card"),
    ("信用卡", "credit card"),
    ("商户账户", "merchant account"),
    ("结算账户", "settlement account"),
    ("终端程序", "terminal software"),
    ("主密钥", "master key"),
    ("服务费", "service fee"),
    ("交易记录", "transaction record"),
    ("电源适配器", "power adapter"),
    ("热敏纸", "thermal paper"),
    ("扫码枪", "barcode scanner"),
    ("无线网络", "wireless network"),
    ("参数文件", "parameter file"),
];

const FAULTS: &[Pair] = &[
    ("没有反应", "does not respond"),
    ("接触不良", "has a loose contact"),
    ("已过期", "has expired"),
    ("被锁定", "is locked"),
    ("信号太弱", "has too weak a signal"),
    ("显示乱码", "shows garbled text"),
    ("卡住了", "is stuck"),
    ("欠费停机", "is suspended for an unpaid bill"),
    ("没有登记", "is not registered"),
    ("校验失败", "fails its check"),
    ("连接超时", "times out"),
    ("被冻结", "is frozen"),
    ("额度不够", "is over its limit"),
    ("温度过高", "is overheating"),
    ("版本太旧", "is out of date"),
    ("无法识别", "cannot be recognised"),
    ("反复重启", "keeps restarting"),
    ("数据不一致", "has inconsistent data"),
    ("没有到账", "has not been credited"),
    ("被拒绝", "is refused"),
];

const ACTIONS: &[Pair] = &[
    ("重新插好", "Reseat"),
    ("擦干净", "Clean"),
    ("重启", "Restart"),
    ("检查", "Check"),
    ("更换", "Replace"),
    ("重新设置", "Reconfigure"),
    ("拍照保存", "Photograph and keep"),
    ("核对", "Verify"),
    ("重新签到后再试", "Sign in again and retry with"),
    ("联系服务商确认", "Ask the provider to confirm"),
];

const PLACES: &[Pair] = &[
    ("在收银台", "at the till"),
    ("在交易中途", "in the middle of a sale"),
    ("开机时", "at start-up"),
    ("结算时", "at settlement"),
    ("刷卡后", "after the card was swiped"),
    ("插卡后", "after the card was inserted"),
    ("挥卡时", "when the card was tapped"),
    ("输完密码后", "after the PIN was entered"),
    ("打印时", "while printing"),
    ("续费后", "after renewal"),
];

const MESSAGES: &[Pair] = &[
    ("请重新签到", "Please sign in again"),
    ("交易超时", "Transaction timed out"),
    ("无网络", "No network"),
    ("余额不足", "Insufficient funds"),
    ("密码错误", "Incorrect PIN"),
    ("过期卡", "Expired card"),
    ("打印机缺纸", "Printer out of paper"),
    ("读卡失败", "Card read failed"),
    ("系统维护中", "System under maintenance"),
    ("商户未登记", "Merchant not registered"),
    ("终端已停机", "Terminal suspended"),
    ("冲正失败", "Reversal failed"),
    ("校验错", "Check error"),
    ("通讯失败", "Communication failed"),
    ("请联系发卡行", "Please contact the card issuer"),
];

const CATS: [Category; 8] = Category::ALL;

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"?\"".into())
}

fn text(out: &mut String, indent: &str, key: &str, zh: &str, en: &str) {
    let _ = writeln!(out, "{indent}{key}: {{zh: {}, en: {}}}", q(zh), q(en));
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Question,
    Diagnosis,
    Escalation,
}

struct Plan {
    id: String,
    kind: Kind,
    cat: usize,
    /// Children (questions) or escalation target (diagnosis).
    links: Vec<usize>,
    thing: usize,
    fault: usize,
    place: usize,
}

/// A valid rule set of about `nodes` nodes (at least 18: a start question,
/// and per category an entry question, a diagnosis and an escalation), in
/// files of at most [`NODES_PER_FILE`] nodes.
pub fn generate(nodes: usize, seed: u64) -> Vec<InputFile> {
    let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let n = nodes.max(1 + 3 * CATS.len());
    // About one node in 40 is an escalation; the rest form the tree.
    let tree = (n - (n / 40).max(CATS.len())).max(1 + 2 * CATS.len());
    // The tree: node 0 is the start; questions come first in BFS order.
    // Each question has 2..=7 answers (the start one per category).
    let mut counts: Vec<usize> = vec![CATS.len()];
    let mut assigned = CATS.len();
    while assigned < tree - 1 {
        let left = tree - 1 - assigned;
        let c = (2 + rng.below(6)).min(left).max(1);
        counts.push(c);
        assigned += c;
    }
    let n_questions = counts.len();
    let mut plans: Vec<Plan> = Vec::with_capacity(n);
    for i in 0..tree {
        plans.push(Plan {
            id: String::new(),
            kind: if i < n_questions {
                Kind::Question
            } else {
                Kind::Diagnosis
            },
            cat: 0,
            links: Vec::new(),
            thing: rng.below(THINGS.len()),
            fault: rng.below(FAULTS.len()),
            place: rng.below(PLACES.len()),
        });
    }
    let mut next = 1;
    for (qi, &c) in counts.iter().enumerate() {
        for k in 0..c {
            let child = next;
            next += 1;
            plans[qi].links.push(child);
            plans[child].cat = if qi == 0 { k } else { plans[qi].cat };
        }
    }
    // Escalations per category: one per 32 of its diagnoses, at least one
    // (every category has a diagnosis: every subtree ends in leaves). The
    // k-th diagnosis of a category hands over to escalation k mod count,
    // so every escalation is reached.
    let mut diag_in_cat = vec![0usize; CATS.len()];
    for p in &plans[n_questions..] {
        diag_in_cat[p.cat] += 1;
    }
    let mut first_esc = vec![0usize; CATS.len()];
    let mut esc_count = vec![0usize; CATS.len()];
    for cat in 0..CATS.len() {
        first_esc[cat] = plans.len();
        esc_count[cat] = (diag_in_cat[cat] / 32).max(1);
        for _ in 0..esc_count[cat] {
            plans.push(Plan {
                id: String::new(),
                kind: Kind::Escalation,
                cat,
                links: Vec::new(),
                thing: rng.below(THINGS.len()),
                fault: 0,
                place: 0,
            });
        }
    }
    let mut turn = vec![0usize; CATS.len()];
    for p in &mut plans[n_questions..tree] {
        let k = turn[p.cat] % esc_count[p.cat];
        turn[p.cat] += 1;
        p.links.push(first_esc[p.cat] + k);
    }
    for (i, p) in plans.iter_mut().enumerate() {
        let cat = CATS[p.cat].key();
        p.id = if i == 0 {
            "start".to_string()
        } else {
            let kind = match p.kind {
                Kind::Question => "q",
                Kind::Diagnosis => "d",
                Kind::Escalation => "escalate",
            };
            format!("{cat}.{kind}_{i}")
        };
    }

    let mut files = Vec::new();
    let mut meta = String::new();
    meta.push_str("start: start\nsources:\n  s1:\n    file: articles/synthetic.txt\n");
    text(
        &mut meta,
        "    ",
        "title",
        "合成知识库",
        "Synthetic knowledge base",
    );
    meta.push_str("evidence:\n");
    text(&mut meta, "  ", "txn_time", "交易时间", "Transaction time");
    text(&mut meta, "  ", "terminal_id", "终端号", "Terminal ID");
    // Codes: up to 300 two-character codes, each on a diagnosis.
    let n_diag = tree - n_questions;
    if n_diag > 0 {
        meta.push_str("codes:\n");
        let alphabet: Vec<char> = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".chars().collect();
        let mut count = 0;
        'outer: for a in &alphabet {
            for b in alphabet.iter().take(10) {
                if count >= 300.min(n_diag) {
                    break 'outer;
                }
                let target = n_questions + rng.below(n_diag);
                let m = rng.pick(MESSAGES);
                let _ = writeln!(meta, "  - code: \"{a}{b}\"\n    node: {}", plans[target].id);
                let _ = writeln!(meta, "    class: {}", rng.pick(&["A", "B", "C", "D", "E"]));
                let zh = format!("{} / {}，请稍后再试", m.0, m.0);
                let en = format!("{} / {}, try again later", m.1, m.1);
                text(&mut meta, "    ", "terminal_text", &zh, &en);
                let p = &plans[target];
                let (thing, fault) = (THINGS[p.thing], FAULTS[p.fault]);
                text(
                    &mut meta,
                    "    ",
                    "meaning",
                    &format!("{}{}，交易没有完成。", thing.0, fault.0),
                    &format!(
                        "The {} {}; the payment did not go through.",
                        thing.1, fault.1
                    ),
                );
                text(
                    &mut meta,
                    "    ",
                    "who_acts",
                    "商户：按提示处理。",
                    "Merchant: follow the steps.",
                );
                count += 1;
            }
        }
    }
    files.push(InputFile {
        name: "synth/000_meta.yaml".into(),
        bytes: meta.into_bytes(),
    });

    for (chunk_no, chunk) in plans.chunks(NODES_PER_FILE).enumerate() {
        let mut y = String::with_capacity(chunk.len() * 1200);
        y.push_str("nodes:\n");
        for p in chunk {
            write_node(&mut y, p, &plans, &mut rng);
        }
        files.push(InputFile {
            name: format!("synth/{:03}_nodes.yaml", chunk_no + 1),
            bytes: y.into_bytes(),
        });
    }
    files
}

fn write_node(y: &mut String, p: &Plan, plans: &[Plan], rng: &mut Rng) {
    let cat = CATS[p.cat];
    let (thing, fault, place) = (THINGS[p.thing], FAULTS[p.fault], PLACES[p.place]);
    let _ = writeln!(y, "  - id: {}", p.id);
    let kind = match p.kind {
        Kind::Question => "question",
        Kind::Diagnosis => "diagnosis",
        Kind::Escalation => "escalation",
    };
    let _ = writeln!(y, "    kind: {kind}\n    category: {}", cat.key());
    let money = p.kind == Kind::Diagnosis && rng.chance(5);
    if money {
        y.push_str("    charge_outcome: unknown\n    warnings:\n      - kind: money_safety\n");
        text(
            y,
            "        ",
            "text",
            "先查交易记录，确认前不要再刷一次。",
            "Check the transaction record first; do not charge the card again until then.",
        );
    }
    if p.kind != Kind::Escalation && rng.chance(40) {
        let m = rng.pick(MESSAGES);
        y.push_str("    messages:\n");
        let _ = writeln!(y, "      - {{zh: {}, en: {}}}", q(m.0), q(m.1));
    }
    if p.kind != Kind::Escalation && rng.chance(50) {
        let _ = writeln!(
            y,
            "    keywords:\n      zh: [{}, {}]\n      en: [{}, {}]",
            q(thing.0),
            q(&format!("{}{}", thing.0, fault.0)),
            q(thing.1),
            q(&format!("{} {}", thing.1, fault.1))
        );
    }
    match p.kind {
        Kind::Question => {
            if p.id == "start" {
                text(y, "    ", "text", "发生了什么？", "What happened?");
            } else {
                text(
                    y,
                    "    ",
                    "text",
                    &format!("{}{}时，屏幕上显示什么？", thing.0, place.0),
                    &format!(
                        "What does the screen show when the {} is used {}?",
                        thing.1, place.1
                    ),
                );
            }
            text(
                y,
                "    ",
                "why",
                &format!("{}的问题有几种，处理方法不同。", thing.0),
                &format!(
                    "Problems with the {} come in several kinds, each handled differently.",
                    thing.1
                ),
            );
            y.push_str("    answers:\n");
            for &c in &p.links {
                let cp = &plans[c];
                let (ct, cf, cpl) = (THINGS[cp.thing], FAULTS[cp.fault], PLACES[cp.place]);
                let _ = writeln!(
                    y,
                    "      - text: {{zh: {}, en: {}}}\n        next: {}",
                    q(&format!("{}{}{}", cpl.0, ct.0, cf.0)),
                    q(&format!("The {} {} {}", ct.1, cf.1, cpl.1)),
                    cp.id
                );
            }
        }
        Kind::Diagnosis => {
            text(
                y,
                "    ",
                "title",
                &format!("{}{}", thing.0, fault.0),
                &format!("The {} {}", thing.1, fault.1),
            );
            text(
                y,
                "    ",
                "detail",
                &format!(
                    "{}{}{}，所以交易没有完成。先按下面的步骤处理，不行再联系服务商。",
                    place.0, thing.0, fault.0
                ),
                &format!(
                    "The {} {} {}, so the payment did not go through. Work through the steps below, then contact the provider.",
                    thing.1, fault.1, place.1
                ),
            );
            let likelihood = *rng.pick(&["high", "medium", "low"]);
            let _ = writeln!(
                y,
                "    likelihood: {likelihood}\n    sources: [s1]\n    steps:"
            );
            for _ in 0..2 + rng.below(4) {
                let a = rng.pick(ACTIONS);
                let st = rng.pick(THINGS);
                let _ = writeln!(
                    y,
                    "      - text: {{zh: {}, en: {}}}\n        who: {}\n        minutes: {}\n        kind: action\n        caller: {{zh: {}, en: {}}}",
                    q(&format!("{}{}，然后再试一次。", a.0, st.0)),
                    q(&format!("{} the {}, then try again.", a.1, st.1)),
                    rng.pick(&["staff", "cardholder", "acquirer", "issuer"]),
                    1 + rng.below(30),
                    q(&format!("请您{}{}，然后再试一次。", a.0, st.0)),
                    q(&format!("Please {} the {}, then try again.", a.1.to_lowercase(), st.1)),
                );
            }
            if rng.chance(50) {
                y.push_str("    prevention:\n");
                let _ = writeln!(
                    y,
                    "      - {{zh: {}, en: {}}}",
                    q(&format!("定期检查{}。", thing.0)),
                    q(&format!("Check the {} regularly.", thing.1))
                );
            }
            let _ = writeln!(y, "    escalation: {}", plans[p.links[0]].id);
        }
        Kind::Escalation => {
            let _ = writeln!(
                y,
                "    contact: {}",
                rng.pick(&["acquirer", "issuer", "after_sales", "carrier"])
            );
            // Some diagnosis that hands over here may have left the charge
            // outcome unknown, and `check` then wants the warning kept; no
            // random draw, so the rest of the set stays as it was.
            y.push_str("    warnings:\n      - kind: money_safety\n");
            text(
                y,
                "        ",
                "text",
                "如果交易中出了问题，确认交易记录前不要再刷一次。",
                "If a sale was interrupted, do not charge the card again until the record is checked.",
            );
            text(
                y,
                "    ",
                "text",
                &format!("联系服务商处理{}的问题。", thing.0),
                &format!("Contact the provider about the {}.", thing.1),
            );
            y.push_str("    have_ready: [txn_time, terminal_id]\n");
        }
    }
}
