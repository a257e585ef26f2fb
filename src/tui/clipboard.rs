//! The clipboard through the terminal: OSC 52 ("set the selection to this
//! base64 text"), which works over SSH because the terminal on the
//! operator's desk does it. Inside tmux the sequence is sent twice: plain,
//! which tmux forwards when its `set-clipboard` option is `on`, and wrapped
//! in tmux's DCS passthrough, which reaches the outer terminal when
//! `allow-passthrough` is on. The Linux console and dumb terminals know no
//! OSC 52; then only the file is written. Pure: the event loop writes.

use super::case_state::ClipboardWay;

/// Whether and how OSC 52 can be tried, from `TERM`, whether `TMUX` is set
/// and whether the output is a terminal.
pub fn way(term: Option<&str>, in_tmux: bool, tty: bool) -> ClipboardWay {
    let term = term.unwrap_or_default();
    if !tty || term.is_empty() || term == "dumb" || term == "linux" || term.starts_with("vt") {
        ClipboardWay::Unavailable
    } else if in_tmux || term.starts_with("tmux") {
        ClipboardWay::Osc52Tmux
    } else {
        ClipboardWay::Osc52
    }
}

/// The bytes to write for `text` (nothing when OSC 52 is unavailable).
pub fn sequence(text: &str, way: ClipboardWay) -> String {
    let osc = format!("\x1b]52;c;{}\x07", base64(text.as_bytes()));
    match way {
        ClipboardWay::Unavailable => String::new(),
        ClipboardWay::Osc52 => osc,
        // Passthrough doubles every ESC inside the DCS string.
        ClipboardWay::Osc52Tmux => {
            format!("{osc}\x1bPtmux;{}\x1b\\", osc.replace('\x1b', "\x1b\x1b"))
        }
    }
}

/// Standard base64 with padding (RFC 4648), the alphabet OSC 52 expects.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> shift) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain}");
        }
        assert_eq!(base64("案例".as_bytes()), "5qGI5L6L");
    }

    #[test]
    fn where_osc_52_can_work() {
        assert_eq!(
            way(Some("xterm-256color"), false, true),
            ClipboardWay::Osc52
        );
        assert_eq!(
            way(Some("screen-256color"), true, true),
            ClipboardWay::Osc52Tmux
        );
        assert_eq!(
            way(Some("tmux-256color"), false, true),
            ClipboardWay::Osc52Tmux
        );
        for term in [Some("linux"), Some("dumb"), None, Some("vt100")] {
            assert_eq!(
                way(term, false, true),
                ClipboardWay::Unavailable,
                "{term:?}"
            );
        }
        assert_eq!(way(Some("xterm"), false, false), ClipboardWay::Unavailable);
    }

    #[test]
    fn tmux_gets_the_plain_and_the_wrapped_sequence() {
        let plain = sequence("hi", ClipboardWay::Osc52);
        assert_eq!(plain, "\x1b]52;c;aGk=\x07");
        let tmux = sequence("hi", ClipboardWay::Osc52Tmux);
        assert_eq!(
            tmux,
            "\x1b]52;c;aGk=\x07\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
        assert_eq!(sequence("hi", ClipboardWay::Unavailable), "");
    }
}
