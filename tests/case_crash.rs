//! What a case survives: `kill -9` of `posdoc walk` in the middle of a case
//! loses no answer already given, and a card number typed into a case
//! never reaches the database file in full.

mod common;

use common::{fresh_data_dir, posdoc, rules};
use posdoc::case::{
    intake, CallerField, CaseJournal, CaseStore, JumpCause, NewCase, Role, Timestamp,
};
use posdoc::casestore::SqliteStore;
use posdoc::engine::Session;
use posdoc::rules::Lang;
use std::io::{Read, Write};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Waits until `posdoc walk`'s output (gathered from `rx` into `seen`)
/// holds `n` prompts: then every answer before the last prompt has been
/// written (a move is stored before the next point is shown).
fn wait_for_prompts(rx: &mpsc::Receiver<Vec<u8>>, seen: &mut Vec<u8>, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while String::from_utf8_lossy(seen)
        .matches("(b = back, q = quit)")
        .count()
        < n
    {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(chunk) => seen.extend(chunk),
            Err(e) => panic!(
                "no prompt {n} within 30 s ({e}); output so far:\n{}",
                String::from_utf8_lossy(seen)
            ),
        }
    }
}

#[test]
fn kill_9_in_the_middle_of_a_case_loses_no_answer() {
    let data = fresh_data_dir();
    let mut child = posdoc()
        .env("POSDOC_DATA_DIR", &data)
        .args(["--lang", "en", "--operator", "ana", "walk"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let mut stdin = child.stdin.take().unwrap();
    let mut seen = Vec::new();
    wait_for_prompts(&rx, &mut seen, 1);
    // No network -> the screen says no network -> Wi-Fi -> a check step.
    let answers = ["1", "1", "1"];
    for (i, answer) in answers.iter().enumerate() {
        writeln!(stdin, "{answer}").unwrap();
        stdin.flush().unwrap();
        wait_for_prompts(&rx, &mut seen, i + 2);
    }
    // SIGKILL: no destructor, no flush, no goodbye.
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success());
    drop(stdin);
    reader.join().unwrap();

    let printed = String::from_utf8_lossy(&seen);
    let code = printed
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("Case "))
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("no case line in {printed}"))
        .to_string();

    let out = posdoc()
        .env("POSDOC_DATA_DIR", &data)
        .args(["--lang", "en", "cases", "show", &code])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("Status: in progress"), "{shown}");
    assert!(
        shown.contains("Held now by ana"),
        "a killed walk still holds its case: {shown}"
    );
    for answer in [
        "What happened? -> The terminal shows \"no network\"",
        "What does the terminal screen show? -> \"No network\"",
        "-> Wi-Fi, and the Wi-Fi icon is missing or crossed out",
    ] {
        assert!(shown.contains(answer), "{answer:?} missing from\n{shown}");
    }

    // The store agrees: the start and three answers, nothing more.
    let mut store = SqliteStore::open(&data.join("cases.db")).unwrap();
    let case = store
        .get(&posdoc::case::CaseCode::parse(&code).unwrap())
        .unwrap()
        .unwrap();
    assert_eq!(case.trail().len(), answers.len() + 1);
}

/// Everything in a file and its write-ahead log, as bytes.
fn bytes_of(path: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap_or_default();
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    all.extend(std::fs::read(wal).unwrap_or_default());
    all
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_typed_card_number_never_reaches_the_database_file() {
    let rules = rules();
    let data = fresh_data_dir();
    let path = data.join("cases.db");
    let mut store = SqliteStore::open(&path).unwrap();
    let case = store
        .create(&NewCase {
            started_at: Timestamp(1),
            operator: "ana".into(),
            role: Role::Agent,
            lang: Lang::En,
        })
        .unwrap();
    let code = case.code.clone();
    let mut journal = CaseJournal::new(Box::new(store), case, None, "ana", true);
    let mut session = Session::new(&rules);
    journal.record(&session, None, Timestamp(2)).unwrap();

    // Typed three ways: in a note, a caller field and a search that jumped.
    let spaced = "4111 1111 1111 1111";
    let dashed = "5500-0000-0000-0004";
    let plain = "4012888888881881";
    journal
        .note(&format!("customer read out {spaced} twice"), Timestamp(3))
        .unwrap()
        .unwrap();
    journal
        .set_caller(CallerField::TerminalId, dashed, Timestamp(4))
        .unwrap()
        .unwrap();
    let target = rules.find("network.entry").unwrap();
    session.jump(target);
    let query = intake::clean(&format!("declined {plain}"));
    journal
        .record(&session, Some(JumpCause::Search { query }), Timestamp(5))
        .unwrap();

    // While the database is open (the events are in the WAL) and after it
    // is closed (checkpointed into the file).
    for stage in ["open", "closed"] {
        let bytes = bytes_of(&path);
        assert!(!bytes.is_empty());
        for typed in [
            spaced,
            dashed,
            plain,
            "4111111111111111",
            "5500000000000004",
        ] {
            assert!(
                !contains(&bytes, typed),
                "{typed} in the database ({stage})"
            );
        }
        // The masked forms are there: the test looked at real case data.
        for masked in [
            "4111 11** **** 1111",
            "5500-00**-****-0004",
            "401288******1881",
        ] {
            assert!(
                contains(&bytes, masked),
                "{masked} not in the database ({stage})"
            );
        }
        if stage == "open" {
            let got = journal.store().get(&code).unwrap().unwrap();
            assert!(got.caller.terminal_id.contains('*'));
            drop(std::mem::replace(
                &mut journal,
                CaseJournal::new(
                    Box::new(posdoc::case::MemoryStore::new()),
                    got,
                    None,
                    "ana",
                    false,
                ),
            ));
        }
    }
}
