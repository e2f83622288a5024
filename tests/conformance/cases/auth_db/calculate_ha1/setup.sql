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
-- Plain passwords only: the HA1 columns hold nothing usable. dave is in
-- another domain, unknown in realm 127.0.0.1 with use_domain.
INSERT INTO subscriber (username, domain, password, ha1, ha1b)
  VALUES ('alice', '127.0.0.1', 'secret', 'x', 'x');
INSERT INTO subscriber (username, domain, password, ha1, ha1b)
  VALUES ('dave', 'example.org', 'secret', 'x', 'x');
