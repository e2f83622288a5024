// A database `kemictl db init` and `kemictl subscriber add` made is one
// Kamailio 5.6 uses as its own: its auth_db accepts the subscriber table's
// version and authenticates a REGISTER (SIPp, digest) with the ha1 kemictl
// stored. Skipped when Kamailio, its SQLite module or SIPp is missing.

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <thread>

#include "support/process.h"
#include "support/sipp.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

const std::string kKamailio = "/usr/sbin/kamailio";
const std::string kModules = "/usr/lib/x86_64-linux-gnu/kamailio/modules/";

const std::string kRoute = R"(function ksr_request_route()
  local rc = KSR.auth_db.auth_check(KSR.pv.get("$fd"), "subscriber", 1)
  KSR.info("conf: auth_check=" .. tostring(rc) .. "\n")
  if rc < 0 then
    KSR.auth.auth_challenge(KSR.pv.get("$fd"), 0)
    return
  end
  KSR.sl.sl_send_reply(200, "OK")
end
)";

// REGISTER, 401 with a challenge, REGISTER with credentials (-au/-ap), 200.
const std::string kRegister = R"(<?xml version="1.0" encoding="ISO-8859-1" ?>
<scenario name="register with digest">
  <send retrans="500"><![CDATA[
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@example.com>;tag=[call_number]
To: <sip:alice@example.com>
Call-ID: [call_id]
CSeq: 1 REGISTER
Contact: <sip:alice@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="401" auth="true"/>
  <send retrans="500"><![CDATA[
REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
From: <sip:alice@example.com>;tag=[call_number]
To: <sip:alice@example.com>
Call-ID: [call_id]
CSeq: 2 REGISTER
Contact: <sip:alice@[local_ip]:[local_port]>
[authentication]
Max-Forwards: 70
Content-Length: 0

]]></send>
  <recv response="200"/>
</scenario>
)";

TEST(KamailioReadsKemictlsDatabase, AuthDbAuthenticatesASubscriberKemictlAdded) {
  if (!fs::exists(kKamailio) || !fs::exists(kModules + "db_sqlite.so") ||
      !fs::exists(kModules + "auth_db.so")) {
    GTEST_SKIP() << "Kamailio with its SQLite and auth_db modules is not installed "
                    "(kamailio, kamailio-sqlite-modules)";
  }
  TempDir dir;
  const std::string url = "sqlite://" + (dir.path() / "kemid.sqlite").string();
  ProcessResult init = runProcess(KEMICTL_BINARY, {"-d", url, "db", "init"});
  ASSERT_EQ(init.exitCode, 0) << init.err;
  ProcessResult added =
      runProcess(KEMICTL_BINARY, {"-d", url, "subscriber", "add", "alice@example.com", "secret"});
  ASSERT_EQ(added.exitCode, 0) << added.err;

  const auto route = dir.write("route.lua", kRoute);
  const auto scenario = dir.write("register.xml", kRegister);
  const auto cfg = dir.write("kamailio.cfg",
                             "#!KAMAILIO\n"
                             "listen=udp:127.0.0.1:5075\n"
                             "children=1\n"
                             "debug=2\n"
                             "log_stderror=yes\n"
                             "mpath=\"" +
                                 kModules +
                                 "\"\n"
                                 "loadmodule \"tm.so\"\n"
                                 "loadmodule \"sl.so\"\n"
                                 "loadmodule \"pv.so\"\n"
                                 "loadmodule \"db_sqlite.so\"\n"
                                 "loadmodule \"auth.so\"\n"
                                 "loadmodule \"auth_db.so\"\n"
                                 "loadmodule \"app_lua.so\"\n"
                                 "modparam(\"auth_db\", \"db_url\", \"" +
                                 url +
                                 "\")\n"
                                 "modparam(\"app_lua\", \"load\", \"" +
                                 route.string() +
                                 "\")\n"
                                 "cfgengine \"lua\"\n");
  BackgroundProcess kamailio(kKamailio,
                             {"-DD", "-E", "-f", cfg.string(), "-Y", dir.path().string()},
                             dir.path().string(), BackgroundProcess::ProcessGroup::Own);
  // Logged once the UDP socket is open (auth_db checked the table version
  // before: a mismatch ends Kamailio); the worker starts right after.
  ASSERT_TRUE(kamailio.waitForStderr("SO_RCVBUF is finally", 10s)) << kamailio.stderrText();
  std::this_thread::sleep_for(300ms);

  SippOptions good = callerOptions(scenario.string(), "127.0.0.1:5075", 5076, 1, 1);
  good.extra = {"-au", "alice", "-ap", "secret"};
  SippResult accepted = runSipp(good, dir.path().string(), 20s);
  EXPECT_EQ(accepted.successfulCalls, 1) << accepted.output << accepted.messages;

  SippOptions bad = good;
  bad.extra = {"-au", "alice", "-ap", "wrong"};
  SippResult refused = runSipp(bad, dir.path().string(), 20s);
  EXPECT_EQ(refused.successfulCalls, 0) << refused.output;

  kamailio.signalGroup(SIGTERM);
  kamailio.waitExit(10s);
  const std::string log = kamailio.stderrText();
  EXPECT_NE(log.find("conf: auth_check=1"), std::string::npos) << log;
  // -2: the password (ha1) did not match.
  EXPECT_NE(log.find("conf: auth_check=-2"), std::string::npos) << log;
}

}  // namespace
}  // namespace kemid::test
