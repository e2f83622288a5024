#include "db/db_url.h"

#include <gtest/gtest.h>

namespace kemid::db {
namespace {

TEST(DbUrl, MysqlWithEverything) {
  DbResult<DbUrl> url = DbUrl::parse("mysql://kamailio:kamailiorw@db.example.com:3307/kamailio");
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(url->scheme, "mysql");
  EXPECT_EQ(url->user, "kamailio");
  EXPECT_EQ(url->password, "kamailiorw");
  EXPECT_EQ(url->host, "db.example.com");
  EXPECT_EQ(url->port, 3307);
  EXPECT_EQ(url->database, "kamailio");
  EXPECT_EQ(url->redacted(), "mysql://kamailio:***@db.example.com:3307/kamailio");
}

TEST(DbUrl, PasswordWithAtSignAndNoPort) {
  DbResult<DbUrl> url = DbUrl::parse("mysql://u:p@ss@localhost/kemid");
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(url->user, "u");
  EXPECT_EQ(url->password, "p@ss");
  EXPECT_EQ(url->host, "localhost");
  EXPECT_FALSE(url->port.has_value());
}

TEST(DbUrl, Ipv6HostWithPort) {
  DbResult<DbUrl> url = DbUrl::parse("mysql://u@[::1]:3306/db");
  ASSERT_TRUE(url.ok()) << url.error();
  EXPECT_EQ(url->host, "::1");
  EXPECT_EQ(url->port, 3306);
  EXPECT_EQ(url->password, "");
  EXPECT_EQ(url->redacted(), "mysql://u@[::1]:3306/db");
}

TEST(DbUrl, SqliteAbsoluteAndRelativePaths) {
  DbResult<DbUrl> absolute = DbUrl::parse("sqlite:///var/lib/kemid/kemid.sqlite");
  ASSERT_TRUE(absolute.ok()) << absolute.error();
  EXPECT_EQ(absolute->host, "");
  EXPECT_EQ(absolute->database, "var/lib/kemid/kemid.sqlite");
  EXPECT_EQ(absolute->filePath(), "/var/lib/kemid/kemid.sqlite");
  // Kamailio ignores the host of a sqlite URL: the rest is relative to the
  // working directory.
  DbResult<DbUrl> relative = DbUrl::parse("sqlite://localhost/data/kemid.sqlite");
  ASSERT_TRUE(relative.ok()) << relative.error();
  EXPECT_EQ(relative->filePath(), "data/kemid.sqlite");
}

TEST(DbUrl, MalformedUrlsSayWhatIsWrong) {
  struct Case {
    const char* url;
    const char* why;
  };
  for (const Case& c : {Case{"mysql:/x", "no scheme://"}, Case{"://h/db", "no scheme://"},
                        Case{"sqlite://rel.sqlite", "no /database after the host"},
                        Case{"mysql://h/", "the database name is empty"},
                        Case{"mysql://h:99999/db", "port '99999' is not a number in 1-65535"},
                        Case{"mysql://h:x/db", "port 'x' is not a number"},
                        Case{"mysql://:pw@h/db", "empty user name"},
                        Case{"my sql://h/db", "bad character in the scheme"}}) {
    DbResult<DbUrl> url = DbUrl::parse(c.url);
    ASSERT_FALSE(url.ok()) << c.url;
    EXPECT_NE(url.error().find(std::string("db_url '") + c.url + "'"), std::string::npos)
        << url.error();
    EXPECT_NE(url.error().find(c.why), std::string::npos) << url.error();
  }
}

}  // namespace
}  // namespace kemid::db
