// Kamailio's stock KEMI example (kamailio-basic-kemi.cfg and its Lua
// script, from Debian's kamailio package) on kemid with WITH_MYSQL,
// WITH_AUTH, WITH_USRLOCDB, WITH_IPAUTH and WITH_ANTIFLOOD, against a
// private MariaDB (tables by `kemictl db init`): bob's two phones
// register with digest authentication, alice's INVITE is challenged and
// then rings both phones at once, one answers, the BYE follows the
// Record-Route; the registrations outlive a restart of kemid (usrloc
// db_mode 2). The configuration is derived as the conformance case
// stock/kemi_example_sqlite derives it (its config.sh), whose SIPp
// scenarios this test plays too; that case runs the same flow on SQLite
// against Kamailio 5.6.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "support/mariadb_server.h"
#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

const fs::path kCase =
    fs::path(KEMID_SOURCE_DIR) / "tests/conformance/cases/stock/kemi_example_sqlite";
const fs::path kExamples = "/usr/share/doc/kamailio/examples/kemi";

class StockKemiExample : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    skipReason() = MariaDbServer::unavailableReason();
    if (skipReason().empty() && !fs::exists(kExamples / "kamailio-basic-kemi.cfg")) {
      skipReason() = "Kamailio's KEMI examples are not installed (apt-get install kamailio)";
    }
    if (!skipReason().empty()) return;
    std::string why;
    server() = MariaDbServer::start(why).release();
    if (server() == nullptr) skipReason() = why;
  }
  static void TearDownTestSuite() {
    delete server();
    server() = nullptr;
  }
  static MariaDbServer*& server() {
    static MariaDbServer* instance = nullptr;
    return instance;
  }
  static std::string& skipReason() {
    static std::string reason;
    return reason;
  }

  void SetUp() override {
    if (server() == nullptr) GTEST_SKIP() << skipReason();
    const std::string url = server()->url();
    for (std::vector<std::string> args : {std::vector<std::string>{"db", "init"},
                                          {"subscriber", "add", "alice@127.0.0.1", "alicepw"},
                                          {"subscriber", "add", "bob@127.0.0.1", "bobpw"}}) {
      args.insert(args.begin(), {"-d", url});
      ProcessResult done = runProcess(KEMICTL_BINARY, args);
      ASSERT_EQ(done.exitCode, 0) << done.err;
    }
    ProcessResult config =
        runProcess("bash", {(kCase / "config.sh").string(), dir_.path().string(), "unused", url});
    ASSERT_EQ(config.exitCode, 0) << config.err;
  }

  void TearDown() override {
    stopKemid();
    if (server() != nullptr) {
      server()->query(
          "DROP TABLE IF EXISTS version, location, location_attrs, subscriber, trusted, address, "
          "htable, dispatcher");
    }
  }

  void startKemid() {
    kemid_ = std::make_unique<BackgroundProcess>(
        KEMID_BINARY, std::vector<std::string>{"-DD", "-E", "-f", "proxy.cfg"},
        dir_.path().string());
    ASSERT_TRUE(kemid_->waitForStderr("started:", 20s)) << kemid_->stderrText();
  }

  void stopKemid() {
    if (!kemid_) return;
    kemid_->signal(SIGTERM);
    kemid_->waitExit(10s);
    kemid_.reset();
  }

  SippResult call(const std::string& exchange, std::string* calleeMessages = nullptr) {
    std::unique_ptr<BackgroundSipp> callee;
    const fs::path calleeFile = kCase / (exchange + ".callee.xml");
    if (fs::exists(calleeFile)) {
      callee = std::make_unique<BackgroundSipp>(calleeOptions(calleeFile.string(), 5080),
                                                dir_.path().string());
    }
    SippResult result = runSipp(
        callerOptions((kCase / (exchange + ".caller.xml")).string(), "127.0.0.1:5060", 5070, 1, 10),
        dir_.path().string(), 30s);
    if (callee) {
      std::this_thread::sleep_for(500ms);  // the callee's last 200 for the BYE
      if (calleeMessages != nullptr) *calleeMessages = callee->messages();
    }
    return result;
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(StockKemiExample, RegistersAuthenticatesAndForksACallOverMysql) {
  startKemid();
  SippResult registered = call("1_register");
  ASSERT_EQ(registered.successfulCalls, 1) << registered.output << kemid_->stderrText();
  EXPECT_THAT(registered.messages, HasSubstr("SIP/2.0 401 Unauthorized"));
  EXPECT_THAT(registered.messages, HasSubstr("Contact: <sip:bob@127.0.0.1:5080>;expires=600, "
                                             "<sip:bob-desk@127.0.0.1:5080>;expires=600"));

  std::string phones;
  SippResult called = call("2_call", &phones);
  ASSERT_EQ(called.successfulCalls, 1) << called.output << kemid_->stderrText();
  EXPECT_THAT(called.messages, HasSubstr("SIP/2.0 407 Proxy Authentication Required"));
  // Both phones rang; the one that did not answer was cancelled.
  EXPECT_THAT(phones, HasSubstr("INVITE sip:bob@127.0.0.1:5080 SIP/2.0"));
  EXPECT_THAT(phones, HasSubstr("INVITE sip:bob-desk@127.0.0.1:5080 SIP/2.0"));
  EXPECT_THAT(phones, HasSubstr("CANCEL sip:bob-desk@127.0.0.1:5080 SIP/2.0"));
  EXPECT_THAT(phones, HasSubstr("BYE sip:bob@127.0.0.1:5080 SIP/2.0"));
  // Both INVITEs were record-routed (the phones' 180s and 200 echo it).
  EXPECT_EQ(countOccurrences(phones, "Record-Route: <sip:127.0.0.1;lr=on>"), 5) << phones;
}

TEST_F(StockKemiExample, RegistrationsOutliveARestart) {
  startKemid();
  ASSERT_EQ(call("1_register").successfulCalls, 1) << kemid_->stderrText();
  // db_mode 2 (write-back) writes the bindings at the latest when stopping.
  stopKemid();
  ProcessResult rows = server()->query("SELECT username, contact FROM location ORDER BY contact");
  ASSERT_EQ(rows.exitCode, 0) << rows.err;
  EXPECT_EQ(rows.out, "bob\tsip:bob-desk@127.0.0.1:5080\nbob\tsip:bob@127.0.0.1:5080\n");

  startKemid();  // preloads the location table
  std::string phones;
  SippResult called = call("2_call", &phones);
  EXPECT_EQ(called.successfulCalls, 1) << called.output << kemid_->stderrText();
  EXPECT_THAT(phones, HasSubstr("INVITE sip:bob-desk@127.0.0.1:5080 SIP/2.0"));
}

}  // namespace
}  // namespace kemid::test
