// usrloc's database modes end to end: kemid with registrar and usrloc on an
// SQLite file (made by kemictl db init), SIPp REGISTERs, kemid restarted,
// and what ul.lookup / ul.dump and the location table show afterwards.

#include <Poco/Net/HTTPRequest.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "db/db_url.h"
#include "db/sqlite_driver.h"
#include "support/http_client.h"
#include "support/kemid_process.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

// Ports of their own (other integration tests use 5160-5180, 5260-5280,
// 9061, 9062).
const std::string kProxy = "127.0.0.1:5285";
constexpr int kCallerPort = 5286;
constexpr int kHttpPort = 9063;

const std::string kRoute = R"(function ksr_request_route()
  if KSR.is_method("REGISTER") then
    KSR.registrar.save("location", 0)
    return
  end
  KSR.sl.sl_send_reply(404, "Not here")
end
)";

std::string registerScenario(int expires, int answer) {
  return R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register">
  <send retrans="500"><![CDATA[
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@example.com>;tag=[call_number]
To: <sip:alice@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:alice@[local_ip]:[local_port]>
Expires: )" +
         std::to_string(expires) +
         R"(
User-Agent: sipp-usrloc-db
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response=")" +
         std::to_string(answer) + R"("/>
</scenario>
)";
}

class UsrlocDatabaseModes : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = "sqlite://" + (dir_.path() / "kemid.sqlite").string();
    ProcessResult init = runProcess(KEMICTL_BINARY, {"-d", url_, "db", "init"});
    ASSERT_EQ(init.exitCode, 0) << init.err;
    dir_.write("route.lua", kRoute);
  }

  void TearDown() override {
    if (kemid_ && kemid_->running()) {
      kemid_->signal(SIGTERM);
      kemid_->waitExit(10s);
    }
  }

  // `extra`: more modparam lines.
  void start(int dbMode, int timerInterval = 60, const std::string& extra = "") {
    auto cfg = dir_.write("kemid.cfg",
                          "#!KAMAILIO\n"
                          "listen=udp:" +
                              kProxy +
                              "\n"
                              "children=1\n"
                              "debug=2\n"
                              "http_listen=\"127.0.0.1:" +
                              std::to_string(kHttpPort) +
                              "\"\n"
                              "loadmodule \"tm.so\"\n"
                              "loadmodule \"sl.so\"\n"
                              "loadmodule \"pv.so\"\n"
                              "loadmodule \"db_sqlite.so\"\n"
                              "loadmodule \"usrloc.so\"\n"
                              "loadmodule \"registrar.so\"\n"
                              "loadmodule \"app_lua.so\"\n"
                              "modparam(\"usrloc\", \"db_url\", \"" +
                              url_ +
                              "\")\n"
                              "modparam(\"usrloc\", \"db_mode\", " +
                              std::to_string(dbMode) +
                              ")\n"
                              "modparam(\"usrloc\", \"preload\", \"location\")\n"
                              "modparam(\"usrloc\", \"timer_interval\", " +
                              std::to_string(timerInterval) + ")\n" + extra +
                              "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
                              "cfgengine \"lua\"\n");
    kemid_ = test::startKemid(KEMID_BINARY, cfg, dir_.path());
    ASSERT_TRUE(kemid_);
  }

  void stop(int sig) {
    kemid_->signal(sig);
    auto code = kemid_->waitExit(10s);
    ASSERT_TRUE(code.has_value()) << kemid_->stderrText();
    if (sig == SIGTERM) {
      EXPECT_EQ(*code, 0) << kemid_->stderrText();
    }
    kemid_.reset();
  }

  // The messages on the wire.
  std::string registerAlice(int expires, int answer = 200) {
    auto scenario = dir_.write("register.xml", registerScenario(expires, answer));
    SippResult sipp = runSipp(callerOptions(scenario.string(), kProxy, kCallerPort, 1, 1),
                              dir_.path().string(), 20s);
    EXPECT_EQ(sipp.successfulCalls, 1) << sipp.output << sipp.messages;
    return sipp.messages;
  }

  std::string rpc(const std::string& method, const std::string& params) {
    HttpResult result = httpRequest(
        kHttpPort, Poco::Net::HTTPRequest::HTTP_POST, "/RPC",
        R"({"jsonrpc":"2.0","method":")" + method + R"(","params":)" + params + R"(,"id":1})");
    EXPECT_EQ(result.status, 200) << result.body;
    return result.body;
  }

  // A connection of the test's own to the database file.
  std::unique_ptr<db::DbConnection> connection() {
    auto url = db::DbUrl::parse(url_);
    EXPECT_TRUE(url.ok());
    auto conn = driver_.connect(url.value());
    EXPECT_TRUE(conn.ok()) << conn.error();
    return conn ? std::move(conn.value()) : nullptr;
  }

  // The location table's rows (contact per row), read with kemid's driver.
  std::vector<std::string> storedContacts() {
    std::vector<std::string> contacts;
    auto conn = connection();
    if (!conn) return contacts;
    auto rows = conn->query({.table = "location", .columns = {"contact"}});
    EXPECT_TRUE(rows.ok()) << rows.error();
    if (!rows) return contacts;
    for (const auto& row : rows->rows) contacts.push_back(db::asString(row[0]).value_or(""));
    return contacts;
  }

  TempDir dir_;
  std::string url_;
  db_sqlite::SqliteDriver driver_{{}};
  std::unique_ptr<BackgroundProcess> kemid_;
};

const std::string kAliceContact = "sip:alice@127.0.0.1:5286";

TEST_F(UsrlocDatabaseModes, WriteThroughRegistrationSurvivesAKill) {
  start(1);
  registerAlice(3600);
  EXPECT_EQ(storedContacts(), std::vector<std::string>{kAliceContact});
  // No shutdown flush: the row was written when the REGISTER was saved.
  stop(SIGKILL);
  start(1);
  const std::string found = rpc("ul.lookup", R"(["location", "alice"])");
  EXPECT_THAT(found, HasSubstr(kAliceContact));
  EXPECT_THAT(found, HasSubstr("sipp-usrloc-db"));
  EXPECT_THAT(rpc("ul.dump", "[]"), HasSubstr(kAliceContact));
}

TEST_F(UsrlocDatabaseModes, WriteBackRegistrationIsFlushedAtShutdown) {
  start(2);
  registerAlice(3600);
  EXPECT_TRUE(storedContacts().empty());  // the timer (60 s) has not run
  stop(SIGTERM);
  EXPECT_EQ(storedContacts(), std::vector<std::string>{kAliceContact});
  start(2);
  EXPECT_THAT(rpc("ul.lookup", R"(["location", "alice"])"), HasSubstr(kAliceContact));
}

TEST_F(UsrlocDatabaseModes, AnExpiredRegistrationLeavesMemoryAndTable) {
  // registrar's min_expires (60) would stretch expires=2.
  start(1, 1, "modparam(\"registrar\", \"min_expires\", 1)\n");
  registerAlice(2);
  EXPECT_EQ(storedContacts(), std::vector<std::string>{kAliceContact});
  EXPECT_THAT(rpc("ul.dump", "[]"), HasSubstr(kAliceContact));
  // Expired after 2 s, removed by the next 1 s timer run: from memory first,
  // then from the table. Polled, so that a slow machine (the sanitizers)
  // only takes longer.
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (std::chrono::steady_clock::now() < deadline &&
         (rpc("ul.dump", "[]").find(kAliceContact) != std::string::npos ||
          !storedContacts().empty())) {
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_THAT(rpc("ul.dump", "[]"), Not(HasSubstr(kAliceContact)));
  EXPECT_TRUE(storedContacts().empty());
}

TEST_F(UsrlocDatabaseModes, ASaveTheDatabaseRefusesIsAnswered500AndLookupsStillAnswer) {
  start(1);
  registerAlice(3600);
  auto conn = connection();
  ASSERT_NE(conn, nullptr);
  ASSERT_TRUE(conn->raw("ALTER TABLE location RENAME TO location_away").ok());
  // A refresh, answered as Kamailio 5.6 answers it (measured on db_sqlite).
  EXPECT_THAT(registerAlice(3600, 500),
              HasSubstr("P-Registrar-Error: usrloc_contact_update failed"));
  EXPECT_THAT(registerAlice(0, 500), HasSubstr("P-Registrar-Error: usrloc_contact_delete failed"));
  EXPECT_THAT(rpc("ul.lookup", R"(["location", "alice"])"), HasSubstr(kAliceContact));
  EXPECT_THAT(kemid_->stderrText(), HasSubstr("cannot write contact of alice"));
}

TEST_F(UsrlocDatabaseModes, DatabaseOnlyLookupsReadTheTable) {
  start(3);
  registerAlice(3600);
  EXPECT_EQ(storedContacts(), std::vector<std::string>{kAliceContact});
  stop(SIGKILL);
  start(3);
  EXPECT_THAT(rpc("ul.lookup", R"(["location", "alice"])"), HasSubstr(kAliceContact));
}

}  // namespace
}  // namespace kemid::test
