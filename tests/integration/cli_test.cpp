// The kemid command line, run as a user runs it.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/process.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kKemid = KEMID_BINARY;
const std::string kSourceDir = KEMID_SOURCE_DIR;

// A config with every seed module, on ports nothing else uses.
const std::string kGoodConfig = R"(#!KAMAILIO
listen=udp:127.0.0.1:5071
children=2
debug=2
loadmodule "tm.so"
loadmodule "sl.so"
loadmodule "maxfwd.so"
loadmodule "pv.so"
loadmodule "app_lua.so"
modparam("tm", "fr_timer", 2000)
modparam("app_lua", "load", "route.lua")
cfgengine "lua"
)";

ProcessResult kemid(const std::vector<std::string>& args, const std::string& cwd = kSourceDir) {
  return runProcess(kKemid, args, cwd);
}

TEST(KemidCheck, SeedConfigIsOkAndReportsSocketsAndModules) {
  auto r = kemid({"-c", "-f", "etc/kemid.cfg"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Listening on \n             udp: 127.0.0.1:5060\n"));
  for (const char* module : {"tm", "sl", "maxfwd", "pv", "app_lua"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string(module) + " (")) << module;
  }
  EXPECT_THAT(r.err, HasSubstr("config file ok, exiting..."));
}

// Kamailio 5.6's stock KEMI config (misc/examples/kemi) without its
// database, authentication, NAT and anti-flood defines: the same modules,
// in its order, with its parameters, load.
TEST(KemidCheck, TheStockConfigsModulesLoadWithItsParameters) {
  TempDir dir;
  dir.write("route.lua", "function ksr_request_route() end\n");
  auto cfg = dir.write("kamailio.cfg", R"(#!KAMAILIO
listen=udp:127.0.0.1:5071
loadmodule "jsonrpcs.so"
loadmodule "kex.so"
loadmodule "corex.so"
loadmodule "tm.so"
loadmodule "tmx.so"
loadmodule "sl.so"
loadmodule "rr.so"
loadmodule "pv.so"
loadmodule "maxfwd.so"
loadmodule "textops.so"
loadmodule "siputils.so"
loadmodule "xlog.so"
loadmodule "sanity.so"
loadmodule "ctl.so"
loadmodule "cfg_rpc.so"
loadmodule "acc.so"
loadmodule "kemix.so"
loadmodule "app_lua.so"
modparam("jsonrpcs", "pretty_format", 1)
modparam("tm", "failure_reply_mode", 3)
modparam("tm", "fr_timer", 30000)
modparam("tm", "fr_inv_timer", 120000)
modparam("rr", "enable_full_lr", 0)
modparam("rr", "append_fromtag", 0)
modparam("acc", "early_media", 0)
modparam("acc", "report_ack", 0)
modparam("acc", "report_cancels", 0)
modparam("acc", "detect_direction", 0)
modparam("acc", "log_flag", 1)
modparam("acc", "log_missed_flag", 2)
modparam("acc", "log_extra",
	"src_user=$fU;src_domain=$fd;src_ip=$si;"
	"dst_ouser=$tU;dst_user=$rU;dst_domain=$rd")
modparam("acc", "failed_transaction_flag", 3)
modparam("app_lua", "load", "route.lua")
cfgengine "lua"
)");
  auto r = kemid({"-c", "-f", cfg.string()}, dir.path().string());
  EXPECT_EQ(r.exitCode, 0) << r.err;
  for (const char* module : {"jsonrpcs", "kex", "corex", "tmx", "rr", "textops", "siputils", "xlog",
                             "sanity", "ctl", "cfg_rpc", "acc", "kemix"}) {
    EXPECT_THAT(r.out, HasSubstr(std::string(module) + " (")) << module;
  }
}

TEST(KemidCheck, WithoutFileUsesTheBuildTreesExampleConfig) {
  auto r = kemid({"-c"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("udp: 127.0.0.1:5060"));
}

// Kamailio 5.6 lists the UDP sockets, then the TCP ones; a listen without
// a transport is both.
TEST(KemidCheck, ListensOnUdpAndTcpForAListenWithoutTransport) {
  TempDir dir;
  auto cfg = dir.write("k.cfg",
                       "listen=127.0.0.1:5099\nlisten=udp:127.0.0.1:5098\n"
                       "listen=tcp:127.0.0.1:5097\nloadmodule \"sl\"\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Listening on \n"
                               "             udp: 127.0.0.1:5099\n"
                               "             udp: 127.0.0.1:5098\n"
                               "             tcp: 127.0.0.1:5099\n"
                               "             tcp: 127.0.0.1:5097\n"
                               "Aliases:"))
      << r.out;
  auto udpOnly = dir.write("u.cfg", "listen=127.0.0.1:5099\ndisable_tcp=yes\nloadmodule \"sl\"\n");
  r = kemid({"-c", "-f", udpOnly.string()});
  EXPECT_THAT(r.out, HasSubstr("udp: 127.0.0.1:5099\nAliases:")) << r.out;
}

// With enable_tls, as Kamailio 5.6 lists them (measured): a listen without
// a transport is TLS on its port + 1, one without a port is on tls_port_no.
TEST(KemidCheck, ListensOnTlsWhenEnabled) {
  TempDir dir;
  auto cfg = dir.write("k.cfg",
                       "enable_tls=yes\nlisten=127.0.0.1:5070\nlisten=tls:127.0.0.2\n"
                       "listen=tls:127.0.0.3:5090\nloadmodule \"sl\"\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Listening on \n"
                               "             udp: 127.0.0.1:5070\n"
                               "             tcp: 127.0.0.1:5070\n"
                               "             tls: 127.0.0.1:5071\n"
                               "             tls: 127.0.0.2:5061\n"
                               "             tls: 127.0.0.3:5090\n"
                               "Aliases:"))
      << r.out;
  // Without enable_tls (Kamailio's default) there is no TLS socket.
  auto off = dir.write("off.cfg", "listen=127.0.0.1:5070\nloadmodule \"sl\"\n");
  r = kemid({"-c", "-f", off.string()});
  EXPECT_THAT(r.out, HasSubstr("tcp: 127.0.0.1:5070\nAliases:")) << r.out;
}

TEST(KemidCheck, CommandLineDefineAndListenApply) {
  TempDir dir;
  auto cfg = dir.write("k.cfg",
                       "#!ifdef WITH_ALT\nlisten=udp:127.0.0.1:5099\n#!endif\n"
                       "loadmodule \"sl\"\n");
  auto plain = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(plain.exitCode, 0) << plain.err;
  EXPECT_THAT(plain.out, Not(HasSubstr("5099")));

  auto defined = kemid({"-c", "-f", cfg.string(), "-A", "WITH_ALT", "-l", "udp:127.0.0.1:5098"});
  EXPECT_EQ(defined.exitCode, 0) << defined.err;
  EXPECT_THAT(defined.out, HasSubstr("udp: 127.0.0.1:5099\n"));
  EXPECT_THAT(defined.out, HasSubstr("udp: 127.0.0.1:5098\n"));
}

// Without any listen, Kamailio serves every local IPv4 address on `port`.
TEST(KemidCheck, WithoutListenEveryLocalIpv4AddressIsUsed) {
  TempDir dir;
  auto cfg = dir.write("k.cfg", "port=5072\nloadmodule \"sl\"\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Listening on \n             udp: 127.0.0.1:5072\n")) << r.out;
  EXPECT_THAT(r.out, HasSubstr("             tcp: 127.0.0.1:5072\n")) << r.out;
  EXPECT_THAT(r.out, Not(HasSubstr("::1"))) << r.out;
  // --dump-config shows the config as written, without the addresses.
  auto dumped = kemid({"--dump-config=cfg", "-f", cfg.string()});
  EXPECT_THAT(dumped.out, Not(HasSubstr("listen=")));
}

TEST(KemidCheck, ParseErrorNamesFileAndLineAndExitsOne) {
  TempDir dir;
  auto cfg = dir.write("bad.cfg", "debug=2\nchildren=\"4\"\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, HasSubstr("ERROR: " + cfg.string() + ":2:"));
  EXPECT_THAT(r.err, Not(HasSubstr("config file ok")));
}

TEST(KemidCheck, ModparamOfTheWrongTypeNamesItsLine) {
  TempDir dir;
  auto cfg =
      dir.write("bad.cfg", "loadmodule \"tm\"\n\nmodparam(\"tm\", \"fr_timer\", \"30000\")\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, HasSubstr(cfg.string() + ":3:"));
  EXPECT_THAT(r.err, HasSubstr("fr_timer"));
  EXPECT_THAT(r.err, HasSubstr("expects an integer"));
}

TEST(KemidCheck, MissingModuleIsRefused) {
  TempDir dir;
  auto cfg = dir.write("bad.cfg", "loadmodule \"nosuchmod.so\"\n");
  auto r = kemid({"-c", "-f", cfg.string()});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, HasSubstr(cfg.string() + ":1:"));
  EXPECT_THAT(r.err, HasSubstr("nosuchmod"));
}

TEST(KemidCheck, MissingConfigFileIsAClearError) {
  auto r = kemid({"-c", "-f", "/nonexistent/kemid.cfg"});
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/kemid.cfg"));
}

TEST(KemidCheck, SeedYamlConfigIsOk) {
  auto r = kemid({"-c", "-f", "etc/kemid.yaml"});
  EXPECT_EQ(r.exitCode, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Listening on \n             udp: 127.0.0.1:5060\n"));
}

// --dump-config prints the effective config; each output reads back (the
// round-trip unit tests compare the Config itself).
TEST(KemidDumpConfig, SeedAsYamlThenAsCfg) {
  TempDir dir;
  auto yaml = kemid({"--dump-config", "-f", "etc/kemid.cfg", "-n", "3"});
  EXPECT_EQ(yaml.exitCode, 0) << yaml.err;
  EXPECT_THAT(yaml.out, HasSubstr("  children: 3\n"));
  EXPECT_THAT(yaml.out, HasSubstr("  - tm: {fr_timer: 30000, fr_inv_timer: 120000}\n"));
  auto cfg = kemid({"--dump-config=cfg", "-f", dir.write("dumped.yaml", yaml.out).string()});
  EXPECT_EQ(cfg.exitCode, 0) << cfg.err;
  EXPECT_THAT(cfg.out, HasSubstr("modparam(\"tm\", \"fr_timer\", 30000)\n"));
  auto check = kemid({"-c", "-f", dir.write("dumped.cfg", cfg.out).string()});
  EXPECT_EQ(check.exitCode, 0) << check.err;
}

TEST(KemidDumpConfig, BadConfigOrFormat) {
  TempDir dir;
  auto bad =
      kemid({"--dump-config", "-f", dir.write("bad.yaml", "core: {children: x}\n").string()});
  EXPECT_EQ(bad.exitCode, 1);
  EXPECT_THAT(bad.err, HasSubstr("bad.yaml:1:18: core.children: expected an integer"));
  auto format = kemid({"--dump-config=xml", "-f", "etc/kemid.cfg"});
  EXPECT_NE(format.exitCode, 0);
  EXPECT_THAT(format.err, HasSubstr("--dump-config takes yaml or cfg"));
}

TEST(KemidCommandLine, VersionAndHelp) {
  auto version = kemid({"-V"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_THAT(version.out, HasSubstr("version: kemid "));
  auto help = kemid({"-h"});
  EXPECT_EQ(help.exitCode, 0);
  for (const char* option : {"-f", "-c", "-D", "-E", "-l", "-n", "-P", "-A", "-V"}) {
    EXPECT_THAT(help.out, HasSubstr(option)) << option;
  }
}

TEST(KemidCommandLine, UnknownOptionFails) {
  auto r = kemid({"-Z"});
  EXPECT_NE(r.exitCode, 0);
  EXPECT_THAT(r.err + r.out, HasSubstr("Z"));
}

TEST(KemidRun, ForegroundWritesPidFileAndStopsCleanlyOnSigterm) {
  TempDir dir;
  auto cfg = dir.write("k.cfg", kGoodConfig);
  dir.write("route.lua", "function ksr_request_route() end\n");
  auto pidFile = dir.path() / "kemid.pid";
  BackgroundProcess kemid(kKemid, {"-DD", "-E", "-f", cfg.string(), "-P", pidFile.string()},
                          dir.path().string());
  ASSERT_TRUE(kemid.waitForStderr("started", 10s)) << kemid.stderrText();
  EXPECT_EQ(readFile(pidFile), std::to_string(kemid.pid()) + "\n");

  // SIGHUP is reserved for reload: it must not stop kemid.
  kemid.signal(SIGHUP);
  ASSERT_TRUE(kemid.waitForStderr("SIGHUP", 5s));
  EXPECT_TRUE(kemid.running());

  // A second kemid with the same pid file is refused while the first runs.
  auto second = runProcess(kKemid, {"-DD", "-E", "-f", cfg.string(), "-P", pidFile.string()},
                           dir.path().string());
  EXPECT_NE(second.exitCode, 0);
  EXPECT_THAT(second.err, HasSubstr("running process found in the pid file"));

  kemid.signal(SIGTERM);
  EXPECT_EQ(kemid.waitExit(10s), 0);
  EXPECT_THAT(kemid.stderrText(), HasSubstr("shutting down"));
  EXPECT_FALSE(std::filesystem::exists(pidFile));
}

TEST(KemidRun, WithoutDashDItDaemonizes) {
  TempDir dir;
  auto cfg = dir.write("k.cfg", kGoodConfig);
  dir.write("route.lua", "function ksr_request_route() end\n");
  auto pidFile = dir.path() / "kemid.pid";
  auto r =
      runProcess(kKemid, {"-E", "-f", cfg.string(), "-P", pidFile.string()}, dir.path().string());
  EXPECT_EQ(r.exitCode, 0) << r.err;

  // The daemon writes its own pid once it has started.
  pid_t daemonPid = 0;
  for (int i = 0; i < 500 && daemonPid == 0; ++i) {
    auto text = readFile(pidFile);
    if (!text.empty()) daemonPid = std::stoi(text);
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_GT(daemonPid, 0);
  EXPECT_EQ(::kill(daemonPid, 0), 0) << "daemon is not running";
  ::kill(daemonPid, SIGTERM);
  for (int i = 0; i < 500 && std::filesystem::exists(pidFile); ++i) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_FALSE(std::filesystem::exists(pidFile)) << "daemon did not remove its pid file";
}

// SIGUSR1 and SIGUSR2 log a status line, SIGALRM is ignored: none of them
// ends kemid (their default action would).
TEST(KemidRun, UserSignalsAndAlarmDoNotEndIt) {
  TempDir dir;
  auto cfg = dir.write("k.cfg", kGoodConfig);
  dir.write("route.lua", "function ksr_request_route() end\n");
  BackgroundProcess kemid(kKemid, {"-DD", "-E", "-f", cfg.string()}, dir.path().string());
  ASSERT_TRUE(kemid.waitForStderr("started", 10s)) << kemid.stderrText();
  kemid.signal(SIGUSR1);
  EXPECT_TRUE(kemid.waitForStderr("signal 10 received: kemid", 5s)) << kemid.stderrText();
  kemid.signal(SIGUSR2);
  EXPECT_TRUE(kemid.waitForStderr("signal 12 received: kemid", 5s)) << kemid.stderrText();
  kemid.signal(SIGALRM);
  EXPECT_TRUE(kemid.waitForStderr("(SIGALRM) received and ignored", 5s)) << kemid.stderrText();
  EXPECT_THAT(kemid.stderrText(), HasSubstr("resident memory"));
  EXPECT_TRUE(kemid.running());
  kemid.signal(SIGTERM);
  EXPECT_EQ(kemid.waitExit(10s), 0);
}

// A script whose top level fails does not start: the error names script and
// line, nothing says "started", and the exit status is not 0 (so systemd
// sees the failure).
TEST(KemidRun, AScriptThatFailsAtLoadStopsTheStart) {
  TempDir dir;
  auto cfg = dir.write("k.cfg", kGoodConfig);
  dir.write("route.lua", "function ksr_request_route() end\nlocal t = nil\nt.x = 1\n");
  ProcessResult r = runProcess(kKemid, {"-DD", "-E", "-f", cfg.string()}, dir.path().string());
  EXPECT_NE(r.exitCode, 0);
  EXPECT_THAT(r.err, HasSubstr("route.lua:3:"));
  EXPECT_THAT(r.err, Not(HasSubstr("started")));
}

}  // namespace
}  // namespace kemid::test
