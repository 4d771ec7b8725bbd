-- ASP.NET Data Protection key ring shared by every node (issue #19), so a cookie or an ODMR secret protected by one
-- node is read by the others. One row per key-ring element; rows are only ever added.
CREATE TABLE data_protection_keys (
    name  text PRIMARY KEY,
    xml   text NOT NULL,
    added timestamptz NOT NULL DEFAULT now()
);
