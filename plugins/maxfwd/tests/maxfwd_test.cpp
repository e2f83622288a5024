// maxfwd through its KEMI table, on parsed requests.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/message_context.h"
#include "core/module_abi.h"
#include "core/module_params.h"
#include "max_forwards.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

namespace kemid::maxfwd {
namespace {

std::string invite(std::string_view maxForwardsLine) {
  std::string text =
      "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n";
  text += maxForwardsLine;
  text +=
      "To: Bob <sip:bob@biloxi.example.com>\r\n"
      "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
      "Content-Length: 0\r\n\r\n";
  return text;
}

// The module as the loader sees it: its descriptor, initialised with the
// given modparams, and its KEMI functions called by name.
class Maxfwd : public ::testing::Test {
 protected:
  void init(std::vector<ModuleParam> modparams = {}) {
    for (const auto& p : modparams) plugin_.setParam(p.name, p.value);
    ASSERT_TRUE(plugin_.init().ok());
  }

  void load(std::string_view maxForwardsLine) {
    std::string error;
    message_ = SipMessage::parse(invite(maxForwardsLine), error);
    ASSERT_NE(message_, nullptr) << error;
    context_.message = message_.get();
  }

  std::int64_t call(std::string_view name, std::int64_t limit) {
    return std::get<std::int64_t>(plugin_.callKemi(name, &context_, {limit}));
  }

  std::string wireValue() {
    std::string text = message_->wireText();
    auto at = text.find("Max-Forwards: ");
    if (at == std::string::npos) return "(absent)";
    at += 14;
    return text.substr(at, text.find("\r\n", at) - at);
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  const ModuleDescriptor* descriptor_ = &plugin_.descriptor();
  std::unique_ptr<SipMessage> message_;
  MessageContext context_;
};

TEST_F(Maxfwd, ExportsKamailioNames) {
  init();
  ASSERT_EQ(descriptor_->kemi.size(), 2u);
  EXPECT_EQ(descriptor_->kemi[0].name, "process_maxfwd");
  EXPECT_EQ(descriptor_->kemi[1].name, "is_maxfwd_lt");
  for (const auto& def : descriptor_->kemi) {
    EXPECT_EQ(def.returns, KemiType::Int);
    EXPECT_EQ(def.paramCount(), 1u);
  }
}

// Kamailio 5.6 edits the value in place, right-aligned in the sender's
// digits: "10" becomes " 9" on the wire, and reads see it at once.
TEST_F(Maxfwd, DecrementsAValueInRange) {
  init();
  load("Max-Forwards: 10\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), " 9");
  EXPECT_EQ(message_->header("Max-Forwards"), " 9");
  EXPECT_EQ(message_->maxForwards(), 9);
}

TEST_F(Maxfwd, OneBecomesZeroAndIsStillForwarded) {
  init();
  load("Max-Forwards: 1\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), "0");
}

TEST_F(Maxfwd, ZeroIsExhausted) {
  init();
  load("Max-Forwards: 0\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), -1);
  EXPECT_EQ(wireValue(), "0");
}

TEST_F(Maxfwd, AbsentHeaderIsAddedWithTheLimit) {
  init();
  load("");
  EXPECT_EQ(call("process_maxfwd", 10), 2);
  EXPECT_EQ(wireValue(), "10");
}

TEST_F(Maxfwd, LimitZeroIsAccepted) {
  init();
  load("");
  EXPECT_EQ(call("process_maxfwd", 0), 2);
  EXPECT_EQ(wireValue(), "0");
}

TEST_F(Maxfwd, ValueAboveMaxLimitIsCappedNotDecremented) {
  init();
  load("Max-Forwards: 100\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), " 70");
}

TEST_F(Maxfwd, ValueAtMaxLimitIsDecremented) {
  init();
  load("Max-Forwards: 70\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), "69");
}

TEST_F(Maxfwd, MaxLimitModparam) {
  init({ModuleParam{"max_limit", std::int64_t{16}, {}}});
  load("Max-Forwards: 70\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), "16");
}

TEST_F(Maxfwd, MaxLimitModparamRange) {
  ModuleParams params(descriptor_->name, descriptor_->params);
  EXPECT_ANY_THROW(params.set(ModuleParam{"max_limit", std::int64_t{256}, {}}));
  EXPECT_ANY_THROW(params.set(ModuleParam{"max_limit", std::int64_t{-1}, {}}));
  EXPECT_ANY_THROW(params.set(ModuleParam{"max_limit", std::string("7"), {}}));
}

TEST_F(Maxfwd, InvalidLimit) {
  init();
  load("Max-Forwards: 10\r\n");
  EXPECT_EQ(call("process_maxfwd", -1), -1);
  EXPECT_EQ(call("process_maxfwd", 256), -1);
  EXPECT_EQ(wireValue(), "10");
  EXPECT_EQ(call("is_maxfwd_lt", -1), -1);
  EXPECT_EQ(call("is_maxfwd_lt", 256), -1);
}

// A Max-Forwards the script adds is a pending change: maxfwd reads the
// request as received and finds none (as Kamailio).
TEST_F(Maxfwd, HeaderAddedByTheScriptIsNotSeen) {
  init();
  load("");
  ASSERT_TRUE(message_->appendHeader("Max-Forwards", "5"));
  EXPECT_EQ(call("process_maxfwd", 10), 2);
  EXPECT_TRUE(message_->wireText().find("\r\nMax-Forwards: 10\r\n") != std::string::npos);
}

TEST_F(Maxfwd, IsLessThan) {
  init();
  load("Max-Forwards: 5\r\n");
  EXPECT_EQ(call("is_maxfwd_lt", 5), -1);
  EXPECT_EQ(call("is_maxfwd_lt", 6), 1);
  EXPECT_EQ(call("is_maxfwd_lt", 0), -1);
  // After process_maxfwd the new value counts (Kamailio edits in place).
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(call("is_maxfwd_lt", 5), 1);
}

TEST_F(Maxfwd, IsLessThanWithoutHeader) {
  init();
  load("");
  EXPECT_EQ(call("is_maxfwd_lt", 10), -2);
}

TEST_F(Maxfwd, TwoCallsDecrementTwice) {
  init();
  load("Max-Forwards: 10\r\n");
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(call("process_maxfwd", 10), 1);
  EXPECT_EQ(wireValue(), " 8");
}

TEST_F(Maxfwd, NoMessageIsAnError) {
  init();
  EXPECT_EQ(call("process_maxfwd", 10), -1);
  EXPECT_EQ(call("is_maxfwd_lt", 10), -1);
}

TEST(MaxForwardsOutcomes, KamailioIntegers) {
  EXPECT_EQ(toKemi(ProcessOutcome::Decremented), 1);
  EXPECT_EQ(toKemi(ProcessOutcome::Added), 2);
  EXPECT_EQ(toKemi(ProcessOutcome::Exhausted), -1);
  EXPECT_EQ(toKemi(ProcessOutcome::Malformed), -2);
  EXPECT_EQ(toKemi(ProcessOutcome::InvalidLimit), -1);
  EXPECT_EQ(toKemi(CompareOutcome::Less), 1);
  EXPECT_EQ(toKemi(CompareOutcome::NotLess), -1);
  EXPECT_EQ(toKemi(CompareOutcome::Absent), -2);
  EXPECT_EQ(toKemi(CompareOutcome::Malformed), -3);
}

}  // namespace
}  // namespace kemid::maxfwd
