-- Alerts to customers (issue #18): where each condition of each domain stands, and the alerts sent (newest 100 per domain).
CREATE TABLE alert_states (
    domain       text NOT NULL,
    kind         text NOT NULL,
    active       boolean NOT NULL,
    last_sent_at timestamptz,                       -- null only inside the transaction that first records it
    PRIMARY KEY (domain, kind)
);

CREATE TABLE alerts (
    id         text PRIMARY KEY,
    domain     text NOT NULL,
    kind       text NOT NULL,
    at         timestamptz NOT NULL,
    subject    text NOT NULL,
    body       text NOT NULL,
    emailed_to text,
    email_note text,
    webhook    text
);
CREATE INDEX alerts_newest ON alerts (domain, at DESC);
