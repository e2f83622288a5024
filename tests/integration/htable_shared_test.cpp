// Two kemids share an htable (shared=1) through a private redis-server: a
// value set by RPC on one is seen by the script of the other, a value the
// script of one sets is seen by RPC on the other, and a kemid started again
// finds the table as the fleet left it. Skipped, saying why, without
// redis-server.

#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "support/http_client.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace kemid::test {
namespace {

using namespace std::chrono_literals;

// Ports of their own (see the other integration tests).
constexpr int kFirstSip = 5430;
constexpr int kSecondSip = 5432;
constexpr int kFirstHttp = 9071;
constexpr int kSecondHttp = 9072;
constexpr int kProbePort = 5434;

// Answers every request with the table's value in the reason phrase; a
// Request-URI user "set-X" first sets it to X.
constexpr std::string_view kScript = R"lua(
function ksr_request_route()
  local user = KSR.pv.get("$rU")
  if user ~= nil and string.sub(user, 1, 4) == "set-" then
    KSR.htable.sht_sets("flags", "mode", string.sub(user, 5))
  end
  KSR.sl.sl_send_reply(200, "mode " .. tostring(KSR.htable.sht_get("flags", "mode")))
end
)lua";

std::string config(int sipPort, int httpPort, const std::string& redisUrl) {
  return "#!KAMAILIO\n"
         "listen=udp:127.0.0.1:" +
         std::to_string(sipPort) +
         "\n"
         "children=2\n"
         "debug=2\n"
         "http_listen=\"127.0.0.1:" +
         std::to_string(httpPort) +
         "\"\n"
         "loadmodule \"sl.so\"\n"
         "loadmodule \"pv.so\"\n"
         "loadmodule \"db_redis.so\"\n"
         "loadmodule \"htable.so\"\n"
         "modparam(\"htable\", \"db_url\", \"" +
         redisUrl +
         "\")\n"
         "modparam(\"htable\", \"htable\", \"flags=>size=4;shared=1;\")\n"
         "loadmodule \"app_lua.so\"\n"
         "modparam(\"app_lua\", \"load\", \"route.lua\")\n"
         "cfgengine \"lua\"\n";
}

class HtableSharedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    redis_ = RedisServer::start(why);
    if (!redis_) GTEST_SKIP() << why;
    dir_.write("route.lua", std::string(kScript));
    first_ = start("first", kFirstSip, kFirstHttp);
    second_ = start("second", kSecondSip, kSecondHttp);
  }

  void TearDown() override {
    for (auto* proxy : {&first_, &second_}) {
      if (*proxy == nullptr) continue;
      EXPECT_TRUE((*proxy)->running()) << "kemid died:\n" << (*proxy)->stderrText();
      (*proxy)->signal(SIGTERM);
      EXPECT_EQ((*proxy)->waitExit(10s), 0) << (*proxy)->stderrText();
    }
  }

  std::unique_ptr<BackgroundProcess> start(const std::string& name, int sipPort, int httpPort) {
    auto cfg = dir_.write(name + ".cfg", config(sipPort, httpPort, redis_->url(1)));
    auto proxy = std::make_unique<BackgroundProcess>(
        KEMID_BINARY, std::vector<std::string>{"-DD", "-E", "-f", cfg.string()},
        dir_.path().string());
    EXPECT_TRUE(proxy->waitForStderr("started", 10s)) << proxy->stderrText();
    return proxy;
  }

  std::string rpc(int httpPort, const std::string& method, const std::string& params) {
    return httpRequest(httpPort, "POST", "/RPC",
                       R"({"jsonrpc":"2.0","method":")" + method + R"(","params":)" + params +
                           R"(,"id":1})")
        .body;
  }

  // The status line the proxy at `sipPort` answers an OPTIONS to `user` with.
  std::string probe(int sipPort, const std::string& user) {
    Poco::Net::DatagramSocket socket(Poco::Net::SocketAddress("127.0.0.1", kProbePort));
    socket.setReceiveTimeout(Poco::Timespan(2, 0));
    const std::string n = std::to_string(++probes_);
    const std::string request = "OPTIONS sip:" + user + "@127.0.0.1 SIP/2.0\r\n" +
                                "Via: SIP/2.0/UDP 127.0.0.1:" + std::to_string(kProbePort) +
                                ";branch=z9hG4bK-" + n +
                                "\r\n"
                                "From: <sip:probe@127.0.0.1>;tag=p\r\n"
                                "To: <sip:" +
                                user +
                                "@127.0.0.1>\r\n"
                                "Call-ID: probe-" +
                                n +
                                "\r\n"
                                "CSeq: 1 OPTIONS\r\n"
                                "Max-Forwards: 70\r\n"
                                "Content-Length: 0\r\n\r\n";
    socket.sendTo(request.data(), static_cast<int>(request.size()),
                  Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(sipPort)));
    char buffer[4096];
    Poco::Net::SocketAddress from;
    try {
      const int n = socket.receiveFrom(buffer, sizeof buffer, from);
      const std::string reply(buffer, static_cast<std::size_t>(n));
      return reply.substr(0, reply.find("\r\n"));
    } catch (const Poco::TimeoutException&) {
      return "";
    }
  }

  // Probes until the answer is `expected` (the change travels through
  // Redis), at most 3 s; the last answer.
  std::string probeUntil(int sipPort, const std::string& expected) {
    std::string seen;
    for (int i = 0; i < 60 && seen != expected; ++i) {
      if (i > 0) std::this_thread::sleep_for(50ms);
      seen = probe(sipPort, "check");
    }
    return seen;
  }

  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<BackgroundProcess> first_;
  std::unique_ptr<BackgroundProcess> second_;
  int probes_ = 0;
};

TEST_F(HtableSharedTest, AValueSetOnOneKemidIsSeenByTheOther) {
  EXPECT_EQ(probe(kSecondSip, "check"), "SIP/2.0 200 mode nil");

  // RPC on the first, script on the second.
  EXPECT_NE(rpc(kFirstHttp, "htable.sets", R"(["flags","mode","closed"])")
                .find("Ok. Key set to new value."),
            std::string::npos);
  EXPECT_EQ(probeUntil(kSecondSip, "SIP/2.0 200 mode closed"), "SIP/2.0 200 mode closed");

  // Script on the second, RPC on the first.
  EXPECT_EQ(probe(kSecondSip, "set-open"), "SIP/2.0 200 mode open");
  std::string got;
  for (int i = 0; i < 60 && got.find("\"open\"") == std::string::npos; ++i) {
    std::this_thread::sleep_for(50ms);
    got = rpc(kFirstHttp, "htable.get", R"(["flags","mode"])");
  }
  EXPECT_NE(got.find("\"value\":\t\"open\""), std::string::npos) << got;

  // A delete on one is a delete everywhere.
  EXPECT_NE(rpc(kFirstHttp, "htable.delete", R"(["flags","mode"])").find("Ok. Key deleted."),
            std::string::npos);
  EXPECT_EQ(probeUntil(kSecondSip, "SIP/2.0 200 mode nil"), "SIP/2.0 200 mode nil");
}

TEST_F(HtableSharedTest, AKemidStartedAgainFindsTheSharedValues) {
  EXPECT_EQ(probe(kSecondSip, "set-kept"), "SIP/2.0 200 mode kept");
  EXPECT_EQ(probeUntil(kFirstSip, "SIP/2.0 200 mode kept"), "SIP/2.0 200 mode kept");
  first_->signal(SIGTERM);
  ASSERT_EQ(first_->waitExit(10s), 0) << first_->stderrText();
  first_ = start("first", kFirstSip, kFirstHttp);
  EXPECT_EQ(probe(kFirstSip, "check"), "SIP/2.0 200 mode kept") << first_->stderrText();
}

}  // namespace
}  // namespace kemid::test
