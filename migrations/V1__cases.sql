-- posdoc's case store, schema 1. The same file runs on SQLite and on
-- PostgreSQL (through refinery), so it keeps to the SQL both speak.
-- Events are the history; the columns of `cases` summarise them for lists
-- and are rewritten with every append, in the same transaction.

CREATE TABLE cases (
    code         TEXT PRIMARY KEY,
    started_at   BIGINT NOT NULL,          -- ms since 1970 UTC
    ended_at     BIGINT,
    operator     TEXT NOT NULL,
    holder       TEXT,
    role         TEXT NOT NULL,            -- counter | agent | training
    lang         TEXT NOT NULL,            -- zh | en | zh-Hant
    status       TEXT NOT NULL,            -- in_progress | resolved | escalated | abandoned
    status_json  TEXT NOT NULL,            -- CaseStatus as JSON
    caller_json  TEXT NOT NULL,            -- CallerDetails as JSON (already masked)
    search_text  TEXT NOT NULL DEFAULT '', -- lower-cased code, caller fields and notes, for --search
    last_node    TEXT,
    event_count  BIGINT NOT NULL DEFAULT 0,
    version      BIGINT NOT NULL           -- bumped by every write; checked by every write
);

CREATE INDEX cases_by_start ON cases (started_at);
CREATE INDEX cases_by_status ON cases (status, started_at);

CREATE TABLE case_events (
    code      TEXT NOT NULL REFERENCES cases (code),
    seq       BIGINT NOT NULL,             -- 0, 1, 2 ... within the case
    at        BIGINT NOT NULL,
    operator  TEXT NOT NULL,
    kind      TEXT NOT NULL,               -- the event's tag (started, moved, note, ...)
    body      TEXT NOT NULL,               -- the whole Event as JSON
    PRIMARY KEY (code, seq)
);
