-- The tables the example uses, in Kamailio's schema as 'kemictl db init'
-- creates them for SQLite, and two subscribers (passwords in clear:
-- the example sets auth_db's calculate_ha1).
CREATE TABLE `version` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `table_name` VARCHAR(32) NOT NULL,
    `table_version` INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (`table_name`)
);
INSERT INTO version VALUES(1,'version',1);
INSERT INTO version VALUES(2,'location',9);
INSERT INTO version VALUES(3,'location_attrs',1);
INSERT INTO version VALUES(4,'subscriber',7);
INSERT INTO version VALUES(5,'trusted',6);
INSERT INTO version VALUES(6,'address',6);
CREATE TABLE `location` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `ruid` VARCHAR(64) DEFAULT '' NOT NULL,
    `username` VARCHAR(64) DEFAULT '' NOT NULL,
    `domain` VARCHAR(64) DEFAULT NULL,
    `contact` VARCHAR(512) DEFAULT '' NOT NULL,
    `received` VARCHAR(128) DEFAULT NULL,
    `path` VARCHAR(512) DEFAULT NULL,
    `expires` TIMESTAMP WITHOUT TIME ZONE DEFAULT '2030-05-28 21:32:15' NOT NULL,
    `q` REAL DEFAULT 1.0 NOT NULL,
    `callid` VARCHAR(255) DEFAULT 'Default-Call-ID' NOT NULL,
    `cseq` INTEGER DEFAULT 1 NOT NULL,
    `last_modified` TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:01' NOT NULL,
    `flags` INTEGER DEFAULT 0 NOT NULL,
    `cflags` INTEGER DEFAULT 0 NOT NULL,
    `user_agent` VARCHAR(255) DEFAULT '' NOT NULL,
    `socket` VARCHAR(64) DEFAULT NULL,
    `methods` INTEGER DEFAULT NULL,
    `instance` VARCHAR(255) DEFAULT NULL,
    `reg_id` INTEGER DEFAULT 0 NOT NULL,
    `server_id` INTEGER DEFAULT 0 NOT NULL,
    `connection_id` INTEGER DEFAULT 0 NOT NULL,
    `keepalive` INTEGER DEFAULT 0 NOT NULL,
    `partition` INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT location_ruid_idx UNIQUE (`ruid`)
);
CREATE TABLE `location_attrs` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `ruid` VARCHAR(64) DEFAULT '' NOT NULL,
    `username` VARCHAR(64) DEFAULT '' NOT NULL,
    `domain` VARCHAR(64) DEFAULT NULL,
    `aname` VARCHAR(64) DEFAULT '' NOT NULL,
    `atype` INTEGER DEFAULT 0 NOT NULL,
    `avalue` VARCHAR(512) DEFAULT '' NOT NULL,
    `last_modified` TIMESTAMP WITHOUT TIME ZONE DEFAULT '2000-01-01 00:00:01' NOT NULL
);
CREATE TABLE `subscriber` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `username` VARCHAR(64) DEFAULT '' NOT NULL,
    `domain` VARCHAR(64) DEFAULT '' NOT NULL,
    `password` VARCHAR(64) DEFAULT '' NOT NULL,
    `ha1` VARCHAR(128) DEFAULT '' NOT NULL,
    `ha1b` VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT subscriber_account_idx UNIQUE (`username`, `domain`)
);
INSERT INTO subscriber VALUES(1,'alice','127.0.0.1','alicepw','2edb2c1af97b498960b7f50592ec157a','b3bf8116aa5c60687a409cedbe573808');
INSERT INTO subscriber VALUES(2,'bob','127.0.0.1','bobpw','229de414bb9576e58e059e37426cf68c','3bb92ae12a9f6a815517c62d9b52b4de');
CREATE INDEX location_account_contact_idx ON `location` (`username`, `domain`, `contact`);
CREATE INDEX location_expires_idx ON `location` (`expires`);
CREATE INDEX location_tcpcon_idx ON `location` (`connection_id`);
CREATE INDEX location_connection_idx ON `location` (`server_id`, `connection_id`);
CREATE INDEX location_attrs_account_record_idx ON `location_attrs` (`username`, `domain`, `ruid`);
CREATE INDEX location_attrs_last_modified_idx ON `location_attrs` (`last_modified`);
CREATE INDEX subscriber_username_idx ON `subscriber` (`username`);
CREATE TABLE `trusted` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `src_ip` VARCHAR(50) NOT NULL,
    `proto` VARCHAR(4) NOT NULL,
    `from_pattern` VARCHAR(64) DEFAULT NULL,
    `ruri_pattern` VARCHAR(64) DEFAULT NULL,
    `tag` VARCHAR(64),
    `priority` INTEGER DEFAULT 0 NOT NULL
);
CREATE INDEX trusted_peer_idx ON `trusted` (`src_ip`);
CREATE TABLE `address` (
    `id` INTEGER PRIMARY KEY NOT NULL,
    `grp` INTEGER DEFAULT 1 NOT NULL,
    `ip_addr` VARCHAR(50) NOT NULL,
    `mask` INTEGER DEFAULT 32 NOT NULL,
    `port` SMALLINT DEFAULT 0 NOT NULL,
    `tag` VARCHAR(64)
);
