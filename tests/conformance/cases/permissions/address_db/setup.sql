-- Kamailio 5.6's version, address and trusted tables (its db_sqlite schema)
-- and the rows of the case.
CREATE TABLE version (
    id INTEGER PRIMARY KEY NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
);
INSERT INTO version (table_name, table_version) VALUES ('version', 1);
CREATE TABLE address (
    id INTEGER PRIMARY KEY NOT NULL,
    grp INTEGER DEFAULT 1 NOT NULL,
    ip_addr VARCHAR(50) NOT NULL,
    mask INTEGER DEFAULT 32 NOT NULL,
    port SMALLINT DEFAULT 0 NOT NULL,
    tag VARCHAR(64)
);
INSERT INTO version (table_name, table_version) VALUES ('address', 6);
INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (1, '127.0.0.1', 32, 0, 'lo-host');
INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (2, '10.0.0.0', 8, 0, NULL);
INSERT INTO address (grp, ip_addr, mask, port, tag) VALUES (3, '127.0.0.0', 8, 5070, 'lo-net');
CREATE TABLE trusted (
    id INTEGER PRIMARY KEY NOT NULL,
    src_ip VARCHAR(50) NOT NULL,
    proto VARCHAR(4) NOT NULL,
    from_pattern VARCHAR(64) DEFAULT NULL,
    ruri_pattern VARCHAR(64) DEFAULT NULL,
    tag VARCHAR(64),
    priority INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX trusted_peer_idx ON trusted (src_ip);
INSERT INTO version (table_name, table_version) VALUES ('trusted', 6);
INSERT INTO trusted (src_ip, proto, from_pattern, ruri_pattern, tag, priority)
    VALUES ('127.0.0.1', 'udp', '^sip:alice@', NULL, 'alice-peer', 5);
INSERT INTO trusted (src_ip, proto, from_pattern, ruri_pattern, tag, priority)
    VALUES ('127.0.0.1', 'any', NULL, '^sip:gw@', 'gw-peer', 1);
INSERT INTO trusted (src_ip, proto, from_pattern, ruri_pattern, tag, priority)
    VALUES ('10.0.0.1', 'tcp', NULL, NULL, 'tcp-peer', 0);
