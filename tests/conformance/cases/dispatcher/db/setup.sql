-- Kamailio 5.6's version and dispatcher tables (its db_sqlite schema) and
-- the destinations of the case.
CREATE TABLE version (
    id INTEGER PRIMARY KEY NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    table_version INTEGER DEFAULT 0 NOT NULL,
    CONSTRAINT version_table_name_idx UNIQUE (table_name)
);
INSERT INTO version (table_name, table_version) VALUES ('version', 1);
CREATE TABLE dispatcher (
    id INTEGER PRIMARY KEY NOT NULL,
    setid INTEGER DEFAULT 0 NOT NULL,
    destination VARCHAR(192) DEFAULT '' NOT NULL,
    flags INTEGER DEFAULT 0 NOT NULL,
    priority INTEGER DEFAULT 0 NOT NULL,
    attrs VARCHAR(128) DEFAULT '' NOT NULL,
    description VARCHAR(64) DEFAULT '' NOT NULL
);
INSERT INTO version (table_name, table_version) VALUES ('dispatcher', 4);
INSERT INTO dispatcher (setid, destination, flags, priority, attrs)
  VALUES (1, 'sip:127.0.0.1:5081', 0, 0, '');
INSERT INTO dispatcher (setid, destination, flags, priority, attrs)
  VALUES (1, 'sip:127.0.0.1:5082', 0, 5, 'duid=two');
INSERT INTO dispatcher (setid, destination, flags, priority, attrs)
  VALUES (1, 'sip:127.0.0.1:5083', 1, 9, '');
INSERT INTO dispatcher (setid, destination, flags, priority, attrs)
  VALUES (7, 'sip:127.0.0.1:5070', 0, 0, 'duid=caller');
