-- Kamailio 5.6's version and subscriber tables (its db_sqlite schema) and
-- the subscribers of the case.
CREATE TABLE version (
    id INTEGER PRIMARY KEY NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
);
INSERT INTO version (table_name, table_version) VALUES ('version', 1);
CREATE TABLE subscriber (
    id INTEGER PRIMARY KEY NOT NULL,
    username VARCHAR(64) DEFAULT '' NOT NULL,
    domain VARCHAR(64) DEFAULT '' NOT NULL,
    password VARCHAR(64) DEFAULT '' NOT NULL,
    ha1 VARCHAR(128) DEFAULT '' NOT NULL,
    ha1b VARCHAR(128) DEFAULT '' NOT NULL,
    CONSTRAINT subscriber_account_idx UNIQUE (username, domain)
);
CREATE INDEX subscriber_username_idx ON subscriber (username);
INSERT INTO version (table_name, table_version) VALUES ('subscriber', 7);
-- alice's HA1s are for realm 127.0.0.1 and password "secret"; carol's HA1
-- is for another realm, so her right password does not match.
INSERT INTO subscriber (username, domain, password, ha1, ha1b)
  VALUES ('alice', '127.0.0.1', 'secret', '18af59e93bb3331aac9fe77419a6ec78', '2c5918d7c8fc570b4a35f4eec37ecf8e');
INSERT INTO subscriber (username, domain, password, ha1, ha1b)
  VALUES ('carol', '127.0.0.1', 'secret', '3fe1033c8c651fa5074d822013184e97', '3fe1033c8c651fa5074d822013184e97');
