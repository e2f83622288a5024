// kemictl db init and subscriber add/list/rm on a temporary SQLite file,
// through the built binary; the table is then read back as auth_db reads it.

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "db/kamailio_schema.h"
#include "db/sqlite_driver.h"
#include "support/process.h"

namespace kemid::test {
namespace {

class KemictlDbTest : public ::testing::Test {
 protected:
  ProcessResult kemictl(std::vector<std::string> args) { return runProcess(KEMICTL_BINARY, args); }
  std::vector<std::string> withDb(std::vector<std::string> args) {
    args.insert(args.begin(), {"-d", url});
    return args;
  }
  std::unique_ptr<db::DbConnection> open() {
    auto conn = driver.connect(db::DbUrl::parse(url).value());
    EXPECT_TRUE(conn.ok()) << conn.error();
    return conn.ok() ? std::move(conn.value()) : nullptr;
  }

  TempDir dir;
  // A directory kemictl has to create, as /var/lib/kemid on a new machine.
  std::string url = "sqlite://" + (dir.path() / "lib" / "kemid.sqlite").string();
  db_sqlite::SqliteDriver driver{{}};
};

TEST_F(KemictlDbTest, InitCreatesKamailiosTablesOnceAndSaysSo) {
  ProcessResult first = kemictl({"db", "init", url});
  ASSERT_EQ(first.exitCode, 0) << first.err;
  EXPECT_EQ(first.out,
            "created table version (version 1)\n"
            "created table location (version 9)\n"
            "created table location_attrs (version 1)\n"
            "created table subscriber (version 7)\n"
            "created table trusted (version 6)\n"
            "created table address (version 6)\n"
            "created table htable (version 2)\n"
            "created table dispatcher (version 4)\n");
  ProcessResult second = kemictl(withDb({"db", "init"}));
  ASSERT_EQ(second.exitCode, 0) << second.err;
  EXPECT_NE(second.out.find("table subscriber exists (version 7), left as it is\n"),
            std::string::npos)
      << second.out;
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  EXPECT_EQ(db::tableVersion(*conn, "location").value(), 9);
}

// `sudo kemictl db init` on a packaged machine: /var/lib/kemid belongs to
// the service's user, which must be able to write the new file.
TEST_F(KemictlDbTest, RootGivesTheNewFileToTheOwnerOfItsDirectory) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root";
  const std::filesystem::path lib = dir.path() / "lib";
  std::filesystem::create_directories(lib);
  constexpr uid_t kNobody = 65534;
  ASSERT_EQ(::chown(lib.c_str(), kNobody, kNobody), 0);
  ProcessResult init = kemictl({"db", "init", url});
  ASSERT_EQ(init.exitCode, 0) << init.err;
  struct stat file {};
  ASSERT_EQ(::stat((lib / "kemid.sqlite").c_str(), &file), 0);
  EXPECT_EQ(file.st_uid, kNobody);
  EXPECT_EQ(file.st_gid, kNobody);
}

TEST_F(KemictlDbTest, SubscriberAddListRmRoundTrip) {
  ASSERT_EQ(kemictl({"db", "init", url}).exitCode, 0);
  ProcessResult added = kemictl(withDb({"subscriber", "add", "alice@example.com", "secret"}));
  ASSERT_EQ(added.exitCode, 0) << added.err;
  EXPECT_EQ(added.out, "subscriber alice@example.com added\n");
  ASSERT_EQ(kemictl(withDb({"subscriber", "add", "bob@example.org", "pw"})).exitCode, 0);

  ProcessResult again = kemictl(withDb({"subscriber", "add", "alice@example.com", "other"}));
  EXPECT_EQ(again.exitCode, 1);
  EXPECT_EQ(again.err, "error: subscriber alice@example.com already exists\n");

  ProcessResult listed = kemictl(withDb({"subscriber", "list"}));
  ASSERT_EQ(listed.exitCode, 0) << listed.err;
  EXPECT_EQ(listed.out, "alice@example.com\nbob@example.org\n");

  // What auth_db reads: ha1 = MD5(user:realm:password) and
  // ha1b = MD5(user@domain:realm:password), realm = domain.
  auto conn = open();
  ASSERT_NE(conn, nullptr);
  auto rows = conn->query({.table = "subscriber",
                           .keys = {{"username", std::string("alice")}},
                           .columns = {"domain", "password", "ha1", "ha1b"}});
  ASSERT_TRUE(rows.ok()) << rows.error();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (db::DbRow{std::string("example.com"), std::string("secret"),
                                      std::string("b1726872c344b6dc8365b774f8fd6412"),
                                      std::string("c79656e4f06dbae9fdf6727654273c65")}));

  ProcessResult removed = kemictl(withDb({"subscriber", "rm", "alice@example.com"}));
  ASSERT_EQ(removed.exitCode, 0) << removed.err;
  EXPECT_EQ(removed.out, "subscriber alice@example.com removed\n");
  ProcessResult missing = kemictl(withDb({"subscriber", "rm", "alice@example.com"}));
  EXPECT_EQ(missing.exitCode, 1);
  EXPECT_EQ(missing.err, "error: no subscriber alice@example.com\n");
  EXPECT_EQ(kemictl(withDb({"subscriber", "list"})).out, "bob@example.org\n");
}

TEST_F(KemictlDbTest, DbUrlComesFromTheConfigsAuthDbModule) {
  const auto cfg = dir.write("kemid.cfg",
                             "#!KAMAILIO\n"
                             "#!define DBURL \"" +
                                 url +
                                 "\"\n"
                                 "loadmodule \"auth_db.so\"\n"
                                 "modparam(\"auth_db\", \"db_url\", DBURL)\n");
  ProcessResult init = kemictl({"-f", cfg.string(), "db", "init"});
  ASSERT_EQ(init.exitCode, 0) << init.err;
  ProcessResult added = kemictl({"-f", cfg.string(), "subscriber", "add", "carol@x.test", "pw"});
  ASSERT_EQ(added.exitCode, 0) << added.err;
  EXPECT_EQ(kemictl(withDb({"subscriber", "list"})).out, "carol@x.test\n");
}

TEST_F(KemictlDbTest, ErrorsNameTheProblem) {
  ProcessResult usage = kemictl(withDb({"subscriber", "add", "alice@example.com"}));
  EXPECT_EQ(usage.exitCode, 64);
  EXPECT_NE(usage.err.find("usage: kemictl subscriber add"), std::string::npos);

  ProcessResult account = kemictl(withDb({"subscriber", "rm", "alice"}));
  EXPECT_EQ(account.exitCode, 64);
  EXPECT_EQ(account.err, "error: 'alice' is not USER@DOMAIN\n");

  const std::string empty = "sqlite://" + (dir.path() / "empty.sqlite").string();
  ProcessResult noTable = kemictl({"-d", empty, "subscriber", "list"});
  EXPECT_EQ(noTable.exitCode, 1);
  // Said once, as kemictl's error (not also as a log line).
  EXPECT_EQ(noTable.err.rfind("error: db_url '" + empty + "': query of subscriber: ", 0), 0u)
      << noTable.err;
  EXPECT_NE(noTable.err.find("no such table: subscriber"), std::string::npos) << noTable.err;
  EXPECT_EQ(noTable.err.find("ERROR"), std::string::npos) << noTable.err;

  ProcessResult scheme = kemictl({"db", "init", "postgres://u@h/kemid"});
  EXPECT_EQ(scheme.exitCode, 64);
  EXPECT_EQ(scheme.err,
            "error: db_url 'postgres://u@h/kemid': kemictl knows sqlite:// and mysql:// "
            "databases\n");
}

}  // namespace
}  // namespace kemid::test
