// Real SIP phones through kemid: two Debian baresip user agents, headless,
// against Kamailio's stock KEMI example (WITH_AUTH, WITH_USRLOCDB, WITH_IPAUTH,
// WITH_ANTIFLOOD on SQLite, derived as the conformance case stock/kemi_example_sqlite
// derives it). Each phone registers with digest authentication; alice
// calls bob, bob answers on his own, alice hangs up. Unlike SIPp, baresip
// builds its requests the way a deployed phone does (its own Contact
// user, Allow, Supported, an SDP offer, re-REGISTER timers), so this shows
// kemid serving an unscripted client.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "support/loopback_port.h"
#include "support/process.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

const fs::path kCase =
    fs::path(KEMID_SOURCE_DIR) / "tests/conformance/cases/stock/kemi_example_sqlite";
const fs::path kExamples = "/usr/share/doc/kamailio/examples/kemi";
const fs::path kBaresip = "/usr/bin/baresip";

// One baresip in its own configuration directory, listening for SIP on
// 127.0.0.1:sipPort and for commands on ctrl_tcp (netstring-framed JSON).
class Phone {
 public:
  Phone(const fs::path& home, const std::string& user, const std::string& password, int sipPort,
        int rtpPorts, bool autoAnswer)
      : ctrlPort_(freeLoopbackPort()) {
    fs::create_directories(home);
    writeFile(home / "config",
              "poll_method epoll\n"
              "sip_listen 127.0.0.1:" +
                  std::to_string(sipPort) +
                  "\n"
                  "net_interface 127.0.0.1\n"
                  "rtp_ports " +
                  std::to_string(rtpPorts) + "-" + std::to_string(rtpPorts + 9) +
                  "\n"
                  // Audio in and out through a bridge device of
                  // its own: no sound card, no media checks.
                  "audio_source aubridge," +
                  user +
                  "\n"
                  "audio_player aubridge," +
                  user +
                  "\n"
                  "audio_alert aubridge," +
                  user +
                  "\n"
                  "module_path /usr/lib/baresip/modules\n"
                  "module g711.so\n"
                  "module aubridge.so\n"
                  "module_app account.so\n"
                  "module_app menu.so\n"
                  "module_app ctrl_tcp.so\n"
                  "ctrl_tcp_listen 127.0.0.1:" +
                  std::to_string(ctrlPort_) + "\n");
    writeFile(home / "accounts", "<sip:" + user + "@127.0.0.1>;auth_pass=" + password +
                                     ";outbound=\"sip:127.0.0.1:5060\";regint=600" +
                                     (autoAnswer ? ";answermode=auto" : "") + "\n");
    process_ = std::make_unique<BackgroundProcess>(
        kBaresip.string(), std::vector<std::string>{"-f", home.string()}, home.string());
  }

  // Waits until baresip printed `text` (its console goes to stdout).
  bool waitFor(const std::string& text, std::chrono::milliseconds timeout = 10s) {
    return process_->waitForStdout(text, timeout);
  }
  std::string console() const { return process_->stdoutText(); }

  // Sends one ctrl_tcp command and returns baresip's response object.
  std::string command(const std::string& name, const std::string& params = "") {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", ctrlPort_), Poco::Timespan(2, 0));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    const std::string json =
        R"({"command":")" + name + R"(","params":")" + params + R"(","token":"test"})";
    const std::string framed = std::to_string(json.size()) + ":" + json + ",";
    socket.sendBytes(framed.data(), static_cast<int>(framed.size()));
    // Events may come first; the response carries "response":true.
    std::string received;
    char buffer[4096];
    while (received.find(R"("response":true)") == std::string::npos) {
      int n = socket.receiveBytes(buffer, sizeof buffer);
      if (n <= 0) break;
      received.append(buffer, static_cast<size_t>(n));
    }
    return received;
  }

 private:
  static void writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path) << text;
  }

  int ctrlPort_;
  std::unique_ptr<BackgroundProcess> process_;
};

class RealClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kBaresip)) GTEST_SKIP() << "baresip is not installed (scripts/setup.sh)";
    if (!fs::exists(kExamples / "kamailio-basic-kemi.cfg")) {
      GTEST_SKIP() << "Kamailio's KEMI examples are not installed (apt-get install kamailio)";
    }
    const std::string database = (dir_.path() / "kemid.sqlite").string();
    for (std::vector<std::string> args : {std::vector<std::string>{"db", "init"},
                                          {"subscriber", "add", "alice@127.0.0.1", "alicepw"},
                                          {"subscriber", "add", "bob@127.0.0.1", "bobpw"}}) {
      args.insert(args.begin(), {"-d", "sqlite://" + database});
      ProcessResult done = runProcess(KEMICTL_BINARY, args);
      ASSERT_EQ(done.exitCode, 0) << done.err;
    }
    ProcessResult config =
        runProcess("bash", {(kCase / "config.sh").string(), dir_.path().string(), database});
    ASSERT_EQ(config.exitCode, 0) << config.err;
    kemid_ = std::make_unique<BackgroundProcess>(
        KEMID_BINARY, std::vector<std::string>{"-DD", "-E", "-f", "proxy.cfg"},
        dir_.path().string());
    ASSERT_TRUE(kemid_->waitForStderr("started:", 20s)) << kemid_->stderrText();
  }

  void TearDown() override {
    if (!kemid_) return;
    kemid_->signal(SIGTERM);
    kemid_->waitExit(10s);
  }

  std::unique_ptr<Phone> phone(const std::string& user, const std::string& password, int sipPort,
                               int rtpPorts, bool autoAnswer = false) {
    return std::make_unique<Phone>(dir_.path() / user, user, password, sipPort, rtpPorts,
                                   autoAnswer);
  }

  // The bindings kemid holds, as `kemictl ul show --brief` prints them.
  std::string registeredBindings() {
    return runProcess(KEMICTL_BINARY, {"ul", "show", "--brief"}).out;
  }

  TempDir dir_;
  std::unique_ptr<BackgroundProcess> kemid_;
};

TEST_F(RealClientTest, PhonesRegisterWithDigestAuthenticationAndCallEachOther) {
  auto bob = phone("bob", "bobpw", 5080, 10100, /*autoAnswer=*/true);
  auto alice = phone("alice", "alicepw", 5070, 10200);
  // The stock script challenges each REGISTER (401); baresip answers the
  // challenge and kemid's 200 lists the one binding.
  ASSERT_TRUE(bob->waitFor("bob@127.0.0.1: {0/UDP/v4} 200 OK")) << bob->console();
  ASSERT_TRUE(alice->waitFor("alice@127.0.0.1: {0/UDP/v4} 200 OK")) << alice->console();
  const std::string bindings = registeredBindings();
  // The example keeps use_domain off: the AoR is the user part.
  EXPECT_THAT(bindings, HasSubstr(R"("AoR":"bob")")) << bindings;
  EXPECT_THAT(bindings, HasSubstr(R"("AoR":"alice")")) << bindings;

  // The INVITE is challenged (407), resent with credentials, and reaches
  // bob's registered contact; bob answers by himself.
  EXPECT_THAT(alice->command("dial", "sip:bob@127.0.0.1"), HasSubstr(R"("ok":true)"));
  ASSERT_TRUE(alice->waitFor("Call established: sip:bob@127.0.0.1"))
      << alice->console() << kemid_->stderrText();
  ASSERT_TRUE(bob->waitFor("Call established: sip:alice@127.0.0.1")) << bob->console();

  // alice hangs up: the BYE follows the Record-Route to bob.
  EXPECT_THAT(alice->command("hangup"), HasSubstr(R"("ok":true)"));
  ASSERT_TRUE(bob->waitFor("sip:alice@127.0.0.1: session closed")) << bob->console();
  // The stock script accounts both transactions (acc to the log).
  ASSERT_TRUE(kemid_->waitForStderr("method=BYE", 5s)) << kemid_->stderrText();
  const std::string log = kemid_->stderrText();
  EXPECT_THAT(log, ::testing::ContainsRegex("ACC: transaction answered: [^\n]*method=INVITE;[^\n]*"
                                            "code=200;[^\n]*src_user=alice;[^\n]*dst_ouser=bob"));
  EXPECT_THAT(log, ::testing::ContainsRegex("ACC: transaction answered: [^\n]*method=BYE;[^\n]*"
                                            "code=200;[^\n]*src_user=alice;[^\n]*dst_ouser=bob"));
}

TEST_F(RealClientTest, AWrongPasswordIsNotRegistered) {
  auto mallory = phone("alice", "not-alices-password", 5070, 10200);
  // Challenged again after its answer: baresip gives up with the 401.
  ASSERT_TRUE(mallory->waitFor("sip:alice@127.0.0.1: 401 Unauthorized"))
      << mallory->console() << kemid_->stderrText();
  EXPECT_THAT(mallory->console(), Not(HasSubstr("200 OK")));
  EXPECT_THAT(registeredBindings(), Not(HasSubstr(R"("AoR":"alice")")));
}

}  // namespace
}  // namespace kemid::test
