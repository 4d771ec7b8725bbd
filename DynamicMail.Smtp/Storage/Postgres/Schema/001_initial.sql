-- DynamicMail schema, version 1. Documents (envelope, recipients, accounts) are jsonb mapped by the adapter;
-- the columns beside them are what queries select, order and lock by.
CREATE TABLE messages (
    id              text PRIMARY KEY,            -- queue id, time-ordered: ordering by id is ordering by arrival
    domain          text NOT NULL,
    arrived_at      timestamptz NOT NULL,
    size            bigint NOT NULL,
    next_attempt_at timestamptz,                 -- earliest retry or lease expiry; null: nothing to attempt
    next_deadline   timestamptz,                 -- earliest ageing deadline
    leased_by       text,                        -- node id of the last claim while a recipient is Delivering
    doc             jsonb NOT NULL,
    body            bytea NOT NULL
);
-- Bodies are stored out of line uncompressed (TOAST, no pglz pass on already-encoded mail): scans never read them.
ALTER TABLE messages ALTER COLUMN body SET STORAGE EXTERNAL;
CREATE INDEX messages_domain_id ON messages (domain, id);
CREATE INDEX messages_next_deadline ON messages (next_deadline) WHERE next_deadline IS NOT NULL;
CREATE INDEX messages_leased_by ON messages (leased_by) WHERE leased_by IS NOT NULL;

CREATE TABLE outbound (
    id              text PRIMARY KEY,
    next_attempt_at timestamptz NOT NULL,
    doc             jsonb NOT NULL,
    content         bytea NOT NULL
);
CREATE INDEX outbound_next_attempt_at ON outbound (next_attempt_at);

CREATE TABLE domains (
    name text PRIMARY KEY,
    slug text NOT NULL UNIQUE,
    doc  jsonb NOT NULL
);

CREATE TABLE operators (
    username text PRIMARY KEY,
    disabled boolean NOT NULL,
    doc      jsonb NOT NULL
);

CREATE TABLE api_keys (
    id         text PRIMARY KEY,
    created_at timestamptz NOT NULL,
    doc        jsonb NOT NULL
);

CREATE TABLE audit (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    operator text NOT NULL,
    action   text NOT NULL,
    target   text NOT NULL,
    detail   text
);

CREATE TABLE activity_domains (
    domain text PRIMARY KEY,
    at     timestamptz NOT NULL
);

CREATE TABLE activity_minutes (
    minute    bigint PRIMARY KEY,                -- minutes since 0001-01-01
    accepted  integer NOT NULL,
    delivered integer NOT NULL
);

-- Every running node and its heartbeat; a node whose heartbeat is older than 15 s is dead.
CREATE TABLE nodes (
    id         text PRIMARY KEY,
    address    text,
    started_at timestamptz NOT NULL,
    heartbeat  timestamptz NOT NULL
);

-- Where each present customer's browser is, and which node holds the circuit (it delivers for the domain).
CREATE TABLE presence (
    domain  text PRIMARY KEY,
    node    text NOT NULL REFERENCES nodes (id) ON DELETE CASCADE,
    address text NOT NULL,
    since   timestamptz NOT NULL
);
