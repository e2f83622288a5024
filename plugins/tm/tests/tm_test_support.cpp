#include "tm_test_support.h"

#include "sip/reply_builder.h"
#include "sip/via.h"

namespace kemid::tm::test {

RouteOutcome FakeRouteEngine::run(std::string_view name, MessageContext& ctx) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    runs_.push_back(RouteRun{std::string(name), ctx.routeType, ctx.replyCode, ctx.branchIndex,
                             network_.count()});
    if (auto it = handlers_.find(name); it != handlers_.end()) handler = it->second;
  }
  if (handler) handler(ctx);
  return RouteOutcome::Completed;
}

bool FakeRouteEngine::defines(std::string_view name) {
  std::lock_guard lock(mutex_);
  return handlers_.contains(name);
}

void FakeRouteEngine::on(std::string name, Handler handler) {
  std::lock_guard lock(mutex_);
  handlers_[std::move(name)] = std::move(handler);
}

std::vector<RouteRun> FakeRouteEngine::runs() const {
  std::lock_guard lock(mutex_);
  return runs_;
}

std::vector<RouteRun> FakeRouteEngine::runsOf(std::string_view name) const {
  std::vector<RouteRun> out;
  for (auto& run : runs()) {
    if (run.name == name) out.push_back(run);
  }
  return out;
}

std::int64_t ksr(TransactionManager& tm, KemiHandler handler, MessageContext& ctx,
                 std::vector<KemiArg> args) {
  KemiCall call{&ctx, &tm, args};
  KemiValue value = handler(call);
  return std::get<std::int64_t>(value);
}

TmTest::TmTest() {
  // Real defaults, except the timers that tests reach by advancing the clock.
  settings_.t1 = Millis(500);
  settings_.t2 = Millis(4000);
  settings_.frTimer = Millis(5000);
  settings_.frInvTimer = Millis(20000);
  settings_.wtTimer = Millis(5000);
  settings_.serverHeader = "Server: kemid-test";
  host_.setNetwork(&network_);
  host_.setRouting(&routes_);
  makeTm();
}

TmTest::~TmTest() {
  if (tm_) tm_->stop();
}

void TmTest::makeTm(TimerService::Mode mode) {
  if (tm_) tm_->stop();
  tm_ = std::make_unique<TransactionManager>(settings_, host_, mode);
}

TmTest::Received TmTest::received(std::string_view text, Endpoint from) {
  Received in;
  std::string error;
  in.message = SipMessage::parse(text, error);
  EXPECT_TRUE(in.message) << error;
  if (!in.message) return in;
  sip::addReceivedAndRport(*in.message, from.ip, from.port);
  in.ctx.message = in.message.get();
  in.ctx.received = ReceiveInfo{from, kProxy, Transport::Udp, 0};
  in.ctx.routeType = RouteType::Request;
  return in;
}

void TmTest::receiveRequest(std::string_view text, const Script& script, Endpoint from) {
  Received in = received(text, from);
  ASSERT_TRUE(in.message);
  script(in.ctx);
  tm_->requestDone(in.ctx);
}

bool TmTest::receiveReply(std::string_view text, Endpoint from) {
  std::string error;
  auto message = SipMessage::parse(text, error);
  EXPECT_TRUE(message) << error;
  if (!message) return false;
  MessageContext ctx;
  ctx.message = message.get();
  ctx.received = ReceiveInfo{from, kProxy, Transport::Udp, 0};
  ctx.routeType = RouteType::Reply;
  return tm_->onReply(ctx) != HookVerdict::Pass;
}

TmTest::Script TmTest::seedScript(std::string_view dstUri) {
  return [this, dst = std::string(dstUri)](MessageContext& ctx) {
    ctx.dstUri = dst;
    ksr(*tm_, &kemiOnBranch, ctx, {std::string_view("branch_route")});
    ksr(*tm_, &kemiOnReply, ctx, {std::string_view("onreply_route")});
    ksr(*tm_, &kemiOnFailure, ctx, {std::string_view("failure_route")});
    lastRelay = ksr(*tm_, &kemiRelay, ctx);
  };
}

std::string calleeReply(const Sent& request, int code, std::string_view reason,
                        std::string_view toTag) {
  auto parsed = request.parse();
  return sip::buildReply(*parsed, code, reason, sip::ReplyOptions{.toTag = toTag});
}

namespace {

constexpr std::string_view kSdp =
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.1\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0\r\n";

std::string message(std::string_view method, std::string_view branch, int cseq,
                    std::string_view toTag, std::string_view body) {
  std::string text;
  text.append(method).append(" sip:bob@biloxi.example.com SIP/2.0\r\n");
  text.append("Via: SIP/2.0/UDP 192.0.2.1:5070;branch=").append(branch).append(";rport\r\n");
  text.append("Max-Forwards: 70\r\n");
  text.append("From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n");
  text.append("To: Bob <sip:bob@biloxi.example.com>");
  if (!toTag.empty()) text.append(";tag=").append(toTag);
  text.append("\r\n");
  text.append("Call-ID: a84b4c76e66710@192.0.2.1\r\n");
  text.append("CSeq: ").append(std::to_string(cseq)).append(" ").append(method).append("\r\n");
  text.append("Contact: <sip:alice@192.0.2.1:5070>\r\n");
  if (!body.empty()) text.append("Content-Type: application/sdp\r\n");
  text.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n\r\n");
  text.append(body);
  return text;
}

}  // namespace

std::string invite(std::string_view branch, int cseq) {
  return message("INVITE", branch, cseq, "", kSdp);
}

std::string request(std::string_view method, std::string_view branch, int cseq,
                    std::string_view toTag) {
  return message(method, branch, cseq, toTag, "");
}

std::string cancelFor(std::string_view branch, int cseq) {
  return message("CANCEL", branch, cseq, "", "");
}

std::string ackFor(std::string_view branch, std::string_view toTag, int cseq) {
  return message("ACK", branch, cseq, toTag, "");
}

}  // namespace kemid::tm::test
