-- Recipient lists (issue #18): one row per domain with a non-empty list, and the addresses its server refused as unknown.
CREATE TABLE recipient_lists (
    domain  text PRIMARY KEY,
    entries text[] NOT NULL
);

CREATE TABLE refused_recipients (
    domain  text NOT NULL,
    address text NOT NULL,
    reply   text NOT NULL,
    at      timestamptz NOT NULL,
    PRIMARY KEY (domain, address)
);
CREATE INDEX refused_recipients_newest ON refused_recipients (domain, at DESC);
