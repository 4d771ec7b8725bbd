-- Issue #20: the newest SMTP transcripts of each domain's delivery attempts (holds and retention live in the domain's doc).
CREATE TABLE transcripts (
    id         text PRIMARY KEY,
    domain     text NOT NULL,
    message_id text,
    at         timestamptz NOT NULL,
    doc        jsonb NOT NULL
);
CREATE INDEX transcripts_domain_newest ON transcripts (domain, at DESC);
CREATE INDEX transcripts_message ON transcripts (message_id) WHERE message_id IS NOT NULL;
