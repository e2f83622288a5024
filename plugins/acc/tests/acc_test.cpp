// acc through its descriptor: the lines it logs when tm reports a final
// reply, and KSR.acc.*, with tm and pv stood in for by fakes of their APIs.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"
#include "tm/tm_api.h"

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor();

namespace kemid::acc {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class FakeTm final : public tm::TmApi {
 public:
  bool hasTransaction(const MessageContext&) const override { return false; }
  std::optional<int> replyIfTransaction(MessageContext&, int, std::string_view) override {
    return std::nullopt;
  }
  void requestDone(MessageContext&) override {}
  const tm::TmStats& stats() const override { return stats_; }
  void onReplyOut(tm::ReplyOutCallback callback, tm::ReplyOutFilter filter) override {
    callbacks.push_back(std::move(callback));
    this->filter = filter;
  }

  void finalReply(MessageContext& request, int code, std::string_view reason,
                  const SipMessage* reply) {
    for (auto& callback : callbacks) callback({request, code, reason, reply});
  }

  std::vector<tm::ReplyOutCallback> callbacks;
  tm::ReplyOutFilter filter;

 private:
  tm::TmStats stats_;
};

// Pseudo-variables by name: two strings, an integer ($sp), the rest null.
class FakePv final : public pv::PvApi {
 public:
  std::optional<pv::PvValue> get(std::string_view name, MessageContext&) override {
    if (name == "$sp") return pv::PvValue::integer(5070);
    auto it = values.find(std::string(name));
    if (it == values.end()) return pv::PvValue();  // null
    return pv::PvValue::string(it->second);
  }
  std::optional<std::string> format(std::string_view, MessageContext&) override {
    return std::nullopt;
  }
  std::map<std::string, std::string> values{{"$fU", "alice"}, {"$si", "127.0.0.1"}};
};

std::unique_ptr<SipMessage> parse(const std::string& text) {
  std::string error;
  auto message = SipMessage::parse(text, error);
  EXPECT_TRUE(message) << error;
  return message;
}

std::unique_ptr<SipMessage> request(std::string_view method) {
  return parse(std::string(method) +
               " sip:bob@example.net SIP/2.0\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
               "From: <sip:alice@example.com>;tag=from-1\r\n"
               "To: <sip:bob@example.net>\r\n"
               "Call-ID: call-1@example.com\r\n"
               "CSeq: 1 " +
               std::string(method) +
               "\r\n"
               "Content-Length: 0\r\n\r\n");
}

std::unique_ptr<SipMessage> reply(int code, std::string_view reason, std::string_view method) {
  return parse("SIP/2.0 " + std::to_string(code) + " " + std::string(reason) +
               "\r\n"
               "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1\r\n"
               "From: <sip:alice@example.com>;tag=from-1\r\n"
               "To: <sip:bob@example.net>;tag=to-1\r\n"
               "Call-ID: call-1@example.com\r\n"
               "CSeq: 1 " +
               std::string(method) +
               "\r\n"
               "Content-Length: 0\r\n\r\n");
}

constexpr int kLogFlag = 1;
constexpr int kMissedFlag = 2;
constexpr int kFailedFlag = 3;

// The stock config's acc settings (log_extra shortened to two entries).
class Acc : public ::testing::Test {
 protected:
  void SetUp() override {
    logging::setLevel(static_cast<int>(LogLevel::Info));
    plugin_.setParam("log_flag", std::int64_t{kLogFlag});
    plugin_.setParam("log_missed_flag", std::int64_t{kMissedFlag});
    plugin_.setParam("failed_transaction_flag", std::int64_t{kFailedFlag});
    plugin_.setParam("log_extra", std::string("src_user=$fU;src_ip=$si;none=$avp(x)"));
  }

  HookResult init() {
    EXPECT_TRUE(plugin_.host().publishApi<tm::TmApi>(tm_));
    EXPECT_TRUE(plugin_.host().publishApi<pv::PvApi>(pv_));
    return plugin_.init();
  }

  // The ACC lines logged while `action` runs, from "ACC: " on, with the
  // timestamp as "T"; the level name is kept in front.
  template <class Action>
  std::vector<std::string> accLines(Action action) {
    ::testing::internal::CaptureStderr();
    action();
    std::string out = ::testing::internal::GetCapturedStderr();
    std::vector<std::string> lines;
    std::regex accLine(R"((\w+): <acc> (ACC: .*timestamp=)\d+(.*))");
    std::smatch match;
    std::size_t start = 0;
    while (start < out.size()) {
      std::size_t end = out.find('\n', start);
      std::string line = out.substr(start, end - start);
      if (std::regex_search(line, match, accLine)) {
        lines.push_back(match[1].str() + " " + match[2].str() + "T" + match[3].str());
      }
      start = end == std::string::npos ? out.size() : end + 1;
    }
    return lines;
  }

  std::vector<std::string> finalReply(std::string_view method, std::uint32_t flags, int code,
                                      std::string_view reason, bool relayed = true) {
    auto req = request(method);
    auto rpl = reply(code, reason, method);
    MessageContext ctx;
    ctx.message = req.get();
    ctx.flags = flags;
    return accLines([&] { tm_.finalReply(ctx, code, reason, relayed ? rpl.get() : nullptr); });
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  FakeTm tm_;
  FakePv pv_;
};

constexpr std::uint32_t flag(int n) {
  return 1u << n;
}

TEST_F(Acc, AnsweredTransactionIsLoggedWithTheRepliesToTagAndReason) {
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("INVITE", flag(kLogFlag), 200, "Fine"),
              ElementsAre("NOTICE ACC: transaction answered: timestamp=T;method=INVITE;"
                          "from_tag=from-1;to_tag=to-1;call_id=call-1@example.com;code=200;"
                          "reason=Fine;src_user=alice;src_ip=127.0.0.1;none="));
}

TEST_F(Acc, MissedCallThenFailedTransaction) {
  ASSERT_TRUE(init().ok());
  const std::string values =
      "timestamp=T;method=INVITE;from_tag=from-1;to_tag=to-1;call_id=call-1@example.com;"
      "code=486;reason=Busy Right Now;src_user=alice;src_ip=127.0.0.1;none=";
  EXPECT_THAT(finalReply("INVITE", flag(kLogFlag) | flag(kMissedFlag) | flag(kFailedFlag), 486,
                         "Busy Right Now"),
              ElementsAre("NOTICE ACC: call missed: " + values,
                          "NOTICE ACC: transaction answered: " + values));
}

TEST_F(Acc, NegativeFinalNeedsTheFailedFlag) {
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("MESSAGE", flag(kLogFlag), 404, "Not Here"), IsEmpty());
  EXPECT_THAT(finalReply("MESSAGE", flag(kLogFlag) | flag(kFailedFlag), 404, "Not Here"),
              ElementsAre("NOTICE ACC: transaction answered: timestamp=T;method=MESSAGE;"
                          "from_tag=from-1;to_tag=to-1;call_id=call-1@example.com;code=404;"
                          "reason=Not Here;src_user=alice;src_ip=127.0.0.1;none="));
  // The missed flag alone is for INVITEs only; the failed flag alone logs nothing.
  EXPECT_THAT(finalReply("MESSAGE", flag(kMissedFlag) | flag(kFailedFlag), 404, "Not Here"),
              IsEmpty());
}

TEST_F(Acc, NoFlagsNoLines) {
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("INVITE", 0, 200, "OK"), IsEmpty());
  EXPECT_THAT(finalReply("INVITE", 0, 486, "Busy Here"), IsEmpty());
  EXPECT_THAT(finalReply("INVITE", flag(7), 200, "OK"), IsEmpty());
}

TEST_F(Acc, LocalReplyHasTheRequestsToTagAndTheStandardReason) {
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("MESSAGE", flag(kLogFlag) | flag(kFailedFlag), 404, "Nobody Home",
                         /*relayed=*/false),
              ElementsAre("NOTICE ACC: transaction answered: timestamp=T;method=MESSAGE;"
                          "from_tag=from-1;to_tag=;call_id=call-1@example.com;code=404;"
                          "reason=Not Found;src_user=alice;src_ip=127.0.0.1;none="));
  // Codes without a phrase of their own get their class's (Kamailio's names).
  EXPECT_THAT(finalReply("MESSAGE", flag(kLogFlag) | flag(kFailedFlag), 499, "Odd", false),
              ElementsAre(::testing::HasSubstr(";code=499;reason=Request Failure;")));
  EXPECT_THAT(finalReply("MESSAGE", flag(kLogFlag), 202, "Fine", false),
              ElementsAre(::testing::HasSubstr(";code=202;reason=Successful;")));
}

TEST_F(Acc, FailedFilterAndReportCancels) {
  plugin_.setParam("failed_filter", std::string("404, 486"));
  ASSERT_TRUE(init().ok());
  const std::uint32_t all = flag(kLogFlag) | flag(kMissedFlag) | flag(kFailedFlag);
  EXPECT_THAT(finalReply("MESSAGE", all, 404, "Not Found"), IsEmpty());
  EXPECT_EQ(finalReply("MESSAGE", all, 403, "Forbidden").size(), 1u);
  // The filter is for failed transactions; the call is still missed.
  EXPECT_THAT(finalReply("INVITE", all, 486, "Busy Here"),
              ElementsAre(::testing::StartsWith("NOTICE ACC: call missed:")));
  EXPECT_THAT(finalReply("CANCEL", all, 200, "OK"), IsEmpty());  // report_cancels 0
}

TEST_F(Acc, ReportCancels) {
  plugin_.setParam("report_cancels", std::int64_t{1});
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("CANCEL", flag(kLogFlag), 200, "canceling"),
              ElementsAre(::testing::HasSubstr("method=CANCEL;")));
}

TEST_F(Acc, EarlyMedia) {
  ASSERT_TRUE(init().ok());
  EXPECT_FALSE(tm_.filter.provisional);
  EXPECT_EQ(tm_.filter.anyOfFlags, flag(kLogFlag) | flag(kMissedFlag));
  test::PluginHarness early{*kemid_module_descriptor()};
  FakeTm tm;
  ASSERT_TRUE(early.host().publishApi<tm::TmApi>(tm));
  early.setParam("log_flag", std::int64_t{kLogFlag});
  early.setParam("early_media", std::int64_t{1});
  ASSERT_TRUE(early.init().ok());
  EXPECT_TRUE(tm.filter.provisional);

  auto req = request("INVITE");
  MessageContext ctx;
  ctx.message = req.get();
  ctx.flags = flag(kLogFlag);
  auto ringing = reply(180, "Ringing", "INVITE");
  std::string progressText = reply(183, "Session Progress", "INVITE")->wireText();
  progressText.replace(progressText.find("Content-Length: 0"), 17,
                       "Content-Type: application/sdp\r\nContent-Length: 4");
  auto progress = parse(progressText + "v=0\n");
  EXPECT_THAT(accLines([&] {
                tm.finalReply(ctx, 180, "Ringing", ringing.get());  // no body: not answered
                tm.finalReply(ctx, 183, "Session Progress", progress.get());
              }),
              ElementsAre("NOTICE ACC: transaction answered: timestamp=T;method=INVITE;"
                          "from_tag=from-1;to_tag=to-1;call_id=call-1@example.com;code=183;"
                          "reason=Session Progress"));
}

TEST_F(Acc, LogLevel) {
  plugin_.setParam("log_level", std::int64_t{-1});
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("INVITE", flag(kLogFlag), 200, "OK"),
              ElementsAre(::testing::StartsWith("ERROR ACC: transaction answered:")));
}

TEST_F(Acc, AccLogRequest) {
  ASSERT_TRUE(init().ok());
  auto req = request("MESSAGE");
  MessageContext ctx;
  ctx.message = req.get();
  const std::string values = "from_tag=from-1;to_tag=;call_id=call-1@example.com;";
  KemiValue result;
  EXPECT_THAT(
      accLines([&] { result = plugin_.callKemi("acc_log_request", &ctx, {"403 Not here"}); }),
      ElementsAre("NOTICE ACC: request accounted: timestamp=T;method=MESSAGE;" + values +
                  "code=403;reason=Not here;src_user=alice;src_ip=127.0.0.1;none="));
  EXPECT_EQ(result, KemiValue{std::int64_t{1}});
  EXPECT_THAT(
      accLines([&] { result = plugin_.callKemi("acc_log_request", &ctx, {"just a note"}); }),
      ElementsAre(::testing::HasSubstr(";code=;reason=just a note;")));
  EXPECT_THAT(accLines([&] { result = plugin_.callKemi("acc_log_request", &ctx, {"404"}); }),
              ElementsAre(::testing::HasSubstr(";code=404;reason=;")));
  EXPECT_THAT(accLines([&] { result = plugin_.callKemi("acc_log_request", &ctx, {""}); }),
              IsEmpty());
  EXPECT_EQ(result, KemiValue{std::int64_t{-1}});
}

TEST_F(Acc, AccRequestLogsAsAccLogRequest) {
  ASSERT_TRUE(init().ok());
  auto req = request("MESSAGE");
  MessageContext ctx;
  ctx.message = req.get();
  KemiValue result;
  EXPECT_THAT(accLines([&] {
                result = plugin_.callKemi("acc_request", &ctx, {"200 Okay", "acc"});
              }),
              ElementsAre(::testing::HasSubstr("request accounted: timestamp=T;method=MESSAGE;")));
  EXPECT_EQ(result, KemiValue{std::int64_t{1}});
  EXPECT_EQ(plugin_.callKemi("acc_request", &ctx, {"", "acc"}), KemiValue{std::int64_t{-1}});
  EXPECT_EQ(plugin_.callKemi("acc_db_request", &ctx, {"200 Okay", "acc"}),
            KemiValue{std::int64_t{-1}});
}

TEST_F(Acc, NeedsTm) {
  test::PluginHarness withoutTm{*kemid_module_descriptor()};
  EXPECT_FALSE(withoutTm.init().ok());
}

TEST_F(Acc, IntegerValuesAsText) {
  plugin_.setParam("log_extra", std::string("src_port=$sp"));
  ASSERT_TRUE(init().ok());
  EXPECT_THAT(finalReply("INVITE", flag(kLogFlag), 200, "OK"),
              ElementsAre(::testing::EndsWith(";reason=OK;src_port=5070")));
}

TEST_F(Acc, BadModparams) {
  test::PluginHarness acc{*kemid_module_descriptor()};
  FakeTm tm;
  ASSERT_TRUE(acc.host().publishApi<tm::TmApi>(tm));
  acc.setParam("log_extra", std::string("src_user"));
  EXPECT_FALSE(acc.init().ok());
  acc.setParam("log_extra", std::string(""));
  acc.setParam("failed_filter", std::string("40x"));
  EXPECT_FALSE(acc.init().ok());
  acc.setParam("failed_filter", std::string(""));
  acc.setParam("log_facility", std::string("LOG_NOWHERE"));
  EXPECT_FALSE(acc.init().ok());
  acc.setParam("log_facility", std::string("LOG_LOCAL0"));
  acc.setParam("db_url", std::string("mysql://x"));  // accepted, with a warning
  EXPECT_TRUE(acc.init().ok());
}

}  // namespace
}  // namespace kemid::acc
