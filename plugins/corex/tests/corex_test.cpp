// corex through its KEMI table.

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "core/message_context.h"
#include "sip/sip_message.h"
#include "support/plugin_harness.h"

extern "C" const kemid::ModuleDescriptor* kemid_module_descriptor();

namespace kemid::corex {
namespace {

std::string request(std::string_view requestUri, std::string_view extraHeader = "") {
  return "OPTIONS " + std::string(requestUri) +
         " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
         "To: <sip:bob@biloxi.example.com>\r\n"
         "From: <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710\r\n"
         "CSeq: 1 OPTIONS\r\n" +
         std::string(extraHeader) + "Content-Length: 0\r\n\r\n";
}

class Corex : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(plugin_.init().ok()); }

  void receive(std::string_view requestUri, std::string_view extraHeader = "") {
    std::string error;
    message_ = SipMessage::parse(request(requestUri, extraHeader), error);
    ASSERT_NE(message_, nullptr) << error;
    ctx_ = MessageContext{};
    ctx_.message = message_.get();
  }

  KemiValue call(std::string_view name, std::vector<KemiArg> args = {}) {
    return plugin_.callKemi(name, &ctx_, std::move(args));
  }
  std::int64_t code(std::string_view name, std::vector<KemiArg> args = {}) {
    return std::get<std::int64_t>(call(name, std::move(args)));
  }

  test::PluginHarness plugin_{*kemid_module_descriptor()};
  std::unique_ptr<SipMessage> message_;
  MessageContext ctx_;
};

TEST_F(Corex, RequestUriUserAndUserAgent) {
  receive("sip:bob@biloxi.example.com", "User-Agent: phone/1.0\r\n");
  EXPECT_EQ(code("has_ruri_user"), 1);
  EXPECT_EQ(code("has_user_agent"), 1);
  receive("sip:biloxi.example.com");
  EXPECT_EQ(code("has_ruri_user"), -1);
  EXPECT_EQ(code("has_user_agent"), -1);
}

TEST_F(Corex, ExtendedFlagsAreKeptWithTheTransaction) {
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("isxflagset", {std::int64_t{40}}), -1);
  EXPECT_EQ(code("setxflag", {std::int64_t{40}}), 1);
  EXPECT_EQ(code("isxflagset", {std::int64_t{40}}), 1);
  EXPECT_EQ(code("isxflagset", {std::int64_t{3}}), -1);
  // A failure route runs with the transaction's slots, not the message's.
  MessageContext failureRoute;
  failureRoute.useTransactionSlots(ctx_.transactionSlots());
  EXPECT_EQ(
      std::get<std::int64_t>(plugin_.callKemi("isxflagset", &failureRoute, {std::int64_t{40}})), 1);
  EXPECT_EQ(code("resetxflag", {std::int64_t{40}}), 1);
  EXPECT_EQ(code("isxflagset", {std::int64_t{40}}), -1);
}

TEST_F(Corex, FlagIndexesOutsideZeroTo63AreRefused) {
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("setxflag", {std::int64_t{64}}), -1);
  EXPECT_EQ(code("setxflag", {std::int64_t{-1}}), -1);
  EXPECT_EQ(code("isxflagset", {std::int64_t{64}}), -1);
}

TEST_F(Corex, FilesAreWrittenAndReadWhole) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("kemid-corex-test-" + std::to_string(::getpid()) + ".txt");
  const std::string path = file.string();
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("file_write", {path, std::string_view("line one\nline two\n")}), 1);
  EXPECT_EQ(std::get<std::string>(call("file_read", {path})), "line one\nline two\n");
  EXPECT_EQ(std::get<std::string>(call("file_read", {std::string_view("/nonexistent/x")})), "");
  EXPECT_EQ(code("file_write", {std::string_view("/nonexistent/dir/x"), std::string_view("x")}),
            -1);
  std::filesystem::remove(file);
}

TEST_F(Corex, NeitherFakedMessagesNorSocketNames) {
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("is_faked_msg"), -1);
  EXPECT_EQ(code("is_socket_name", {std::string_view("main")}), -1);
  EXPECT_EQ(code("set_send_socket", {std::string_view("udp:192.0.2.9:5060")}), 1);
}

TEST_F(Corex, AppendBranchTakesTheRequestUriWithItsNextHopAndFlags) {
  receive("sip:bob@biloxi.example.com");
  ctx_.dstUri = "sip:edge.example.com";
  ctx_.branchFlags = 1u << 3;
  EXPECT_EQ(code("append_branch"), 1);
  ASSERT_EQ(ctx_.destinations.size(), 1u);
  EXPECT_EQ(ctx_.destinations[0].uri, "sip:bob@biloxi.example.com");
  EXPECT_EQ(ctx_.destinations[0].dstUri, "sip:edge.example.com");
  EXPECT_EQ(ctx_.destinations[0].flags, 1u << 3);
  // Moved to the branch; the Request-URI keeps its own branch.
  EXPECT_TRUE(ctx_.dstUri.empty());
  EXPECT_EQ(ctx_.branchFlags, 0u);
  EXPECT_EQ(message_->requestUri(), "sip:bob@biloxi.example.com");
}

TEST_F(Corex, AppendBranchUriWithAndWithoutQ) {
  receive("sip:bob@biloxi.example.com");
  ctx_.branchFlags = 1u << 1;
  EXPECT_EQ(code("append_branch_uri", {std::string_view("sip:bob@192.0.2.4")}), 1);
  EXPECT_EQ(code("append_branch_uri_q",
                 {std::string_view("sip:bob@192.0.2.5"), std::string_view("0.25")}),
            1);
  EXPECT_EQ(
      code("append_branch_uri_q", {std::string_view("sip:bob@192.0.2.6"), std::string_view("1.5")}),
      -1);
  EXPECT_EQ(code("append_branch_uri_q",
                 {std::string_view("sip:bob@192.0.2.6"), std::string_view("high")}),
            -1);
  ASSERT_EQ(ctx_.destinations.size(), 2u);
  EXPECT_EQ(ctx_.destinations[0].q, -1);
  EXPECT_EQ(ctx_.destinations[0].flags, 1u << 1);  // the current branch flags
  EXPECT_EQ(ctx_.destinations[1].uri, "sip:bob@192.0.2.5");
  EXPECT_EQ(ctx_.destinations[1].q, 250);
  EXPECT_EQ(ctx_.branchFlags, 1u << 1);  // unchanged
}

TEST_F(Corex, TheDestinationSetIsBounded) {
  receive("sip:bob@biloxi.example.com");
  for (std::size_t i = 1; i < DestinationSet::kMaxBranches; ++i) {
    EXPECT_EQ(code("append_branch_uri", {std::string_view("sip:bob@192.0.2.4")}), 1);
  }
  EXPECT_EQ(code("append_branch_uri", {std::string_view("sip:bob@192.0.2.4")}), -1);
  EXPECT_EQ(ctx_.destinations.size(), DestinationSet::kMaxBranches - 1);
}

TEST_F(Corex, SendDataSendsTheTextToTheUrisAddress) {
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("send_data", {"sip:198.51.100.1:5080", "hello"}), 1);
  EXPECT_EQ(code("sendx", {"sip:bob@198.51.100.2;transport=udp", "udp:192.0.2.99:5060", ""}), 1);
  auto sent = plugin_.network().sent();
  ASSERT_EQ(sent.size(), 2U);
  EXPECT_EQ(sent[0].to, (Endpoint{"198.51.100.1", 5080}));
  EXPECT_EQ(sent[0].data, "hello");
  EXPECT_EQ(sent[1].to, (Endpoint{"198.51.100.2", 5060}));
  EXPECT_EQ(sent[1].data, "");
}

TEST_F(Corex, SendDataFailsForWhatCannotBeSent) {
  receive("sip:bob@biloxi.example.com");
  EXPECT_EQ(code("send_data", {"not a uri", "x"}), -1);
  EXPECT_EQ(code("send_data", {"sip:198.51.100.1;transport=tcp", "x"}), -1);
  plugin_.network().failSends = true;
  EXPECT_EQ(code("send_data", {"sip:198.51.100.1", "x"}), -1);
  EXPECT_EQ(plugin_.network().count(), 0U);
}

}  // namespace
}  // namespace kemid::corex
