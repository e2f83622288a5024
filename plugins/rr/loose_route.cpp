#include "loose_route.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/log.h"
#include "core/message_context.h"
#include "message_state.h"
#include "route_uri.h"
#include "sip/header_spans.h"
#include "sip/sip_message.h"

namespace kemid::rr {

namespace {

constexpr Logger kLog{"rr"};
constexpr std::string_view kRoute = "Route";

// One Route entry of the request, as received.
struct RouteEntry {
  std::string uri;  // inside <...>
  SipUri parsed;
};

// The work of one loose_route call: the Route entries, and what it removes.
class Router {
 public:
  Router(MessageContext& ctx, const RrState& rr) : ctx_(ctx), rr_(rr), message_(*ctx.message) {
    for (std::string_view element : message_.headerElements(kRoute)) {
      elements_.emplace_back(nameAddrUri(element));
    }
  }

  bool hasRoutes() const { return !elements_.empty(); }
  std::size_t size() const { return elements_.size(); }

  std::optional<RouteEntry> entry(std::size_t index) const {
    auto parsed = SipUri::parse(elements_[index]);
    if (!parsed) {
      kLog.err("failed to parse the route URI (", elements_[index], ")");
      return std::nullopt;
    }
    return RouteEntry{elements_[index], std::move(*parsed)};
  }

  bool isMine(const SipUri& uri) const { return isMyself(uri, rr_.network()); }
  void remove(std::size_t index) { removed_.push_back(index); }

  // The removals, made at once.
  bool commit() {
    if (removed_.empty() || message_.removeHeaderElements(kRoute, removed_)) return true;
    kLog.err("failed to remove Route HF");
    return false;
  }

  // A strict router takes the Route entry as its Request-URI and the
  // Request-URI goes last in the Route set (RFC 3261 §16.6 step 6).
  bool toStrictRouter(std::size_t index, const RouteEntry& next) {
    std::string received = message_.receivedText();
    auto span = sip::requestUriSpan(received);
    if (!span ||
        !message_.appendHeader(kRoute, "<" + received.substr(span->offset, span->length) + ">")) {
      kLog.err("failed to save Request-URI");
      return false;
    }
    if (!message_.setRequestUri(maddrTarget(next.uri, next.parsed))) {
      kLog.err("failed to rewrite request URI");
      return false;
    }
    remove(index);
    return true;
  }

  void toLooseRouter(const RouteEntry& next) { ctx_.dstUri = maddrTarget(next.uri, next.parsed); }

  MessageContext& ctx() { return ctx_; }
  SipMessage& message() { return message_; }
  // Whether a Route with ";r2=on" comes with a second one of ours.
  bool doubles(const SipUri& uri) const {
    return rr_.settings().doubleRr != 0 && isDoubleRecordRoute(uri);
  }

 private:
  MessageContext& ctx_;
  const RrState& rr_;
  SipMessage& message_;
  std::vector<std::string> elements_;
  std::vector<std::size_t> removed_;
};

// The previous hop was a loose router (or the request is an initial one).
LooseRouteResult afterLoose(Router& router, bool preloaded) {
  auto first = router.entry(0);
  if (!first) return LooseRouteResult::NotRouted;
  std::size_t next = 0;
  if (router.isMine(first->parsed)) {
    router.remove(0);
    next = 1;
    // Our pair of Record-Routes came back as two Routes: both are ours.
    if (router.doubles(first->parsed) && next < router.size()) {
      router.remove(1);
      next = 2;
    }
    if (next == router.size()) {
      if (!router.commit()) return LooseRouteResult::NotRouted;
      return preloaded ? LooseRouteResult::Preloaded : LooseRouteResult::Routed;
    }
    messageState(router.ctx()).nextHopFromRoute = true;
  }
  auto target = router.entry(next);
  if (!target) return LooseRouteResult::NotRouted;
  if (isLooseRouter(target->parsed)) {
    router.toLooseRouter(*target);
  } else if (!router.toStrictRouter(next, *target)) {
    return LooseRouteResult::NotRouted;
  }
  return router.commit() ? LooseRouteResult::Routed : LooseRouteResult::NotRouted;
}

// The previous hop was a strict router: our URI is the Request-URI.
LooseRouteResult afterStrict(Router& router) {
  auto first = router.entry(0);
  if (!first) return LooseRouteResult::NotRouted;
  std::size_t next = 0;
  if (router.doubles(first->parsed) && router.isMine(first->parsed)) {
    router.remove(0);
    next = 1;
    if (next == router.size()) {
      router.commit();
      return LooseRouteResult::NotRouted;
    }
    first = router.entry(next);
    if (!first) return LooseRouteResult::NotRouted;
  }
  // What our Record-Route carried is now in the Request-URI.
  const std::string requestUri = router.message().requestUri();
  messageState(router.ctx()).strictRoutedParams = std::string(uriParamsText(requestUri));

  if (!isLooseRouter(first->parsed)) {
    // Strict again: behave as one.
    if (!router.message().setRequestUri(maddrTarget(first->uri, first->parsed))) {
      return LooseRouteResult::NotRouted;
    }
    router.remove(next);
  } else {
    // Back to loose routing: the remote target, last in the Route set,
    // becomes the Request-URI again.
    router.toLooseRouter(*first);
    auto last = router.entry(router.size() - 1);
    if (!last || !router.message().setRequestUri(maddrTarget(last->uri, last->parsed))) {
      return LooseRouteResult::NotRouted;
    }
    router.remove(router.size() - 1);
  }
  return router.commit() ? LooseRouteResult::Routed : LooseRouteResult::NotRouted;
}

}  // namespace

LooseRouteResult looseRoute(MessageContext& ctx, const RrState& rr, std::int64_t mode) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return LooseRouteResult::NotRouted;
  Router router(ctx, rr);
  if (!router.hasRoutes()) {
    kLog.dbg("There is no Route HF");
    return LooseRouteResult::NotRouted;
  }
  auto requestUri = SipUri::parse(ctx.message->requestUri());
  if (!requestUri) {
    kLog.err("failed to parse Request URI");
    return LooseRouteResult::NotRouted;
  }
  // No To tag: an initial request with a preloaded Route set.
  if (ctx.message->to().tag.empty()) return afterLoose(router, true);
  if ((mode & kLooseOnly) == 0 && router.isMine(*requestUri)) {
    return afterStrict(router);
  }
  return afterLoose(router, false);
}

}  // namespace kemid::rr
