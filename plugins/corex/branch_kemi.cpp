// KSR.corex.append_branch*: adding to the destination set
// (core/destination_set.h), which tm's t_relay forks to in parallel.

#include <charconv>

#include "core/log.h"
#include "core/message_context.h"
#include "corex_kemi.h"
#include "sip/sip_message.h"

namespace kemid::corex {

namespace {

constexpr Logger kLog{"corex"};

KemiValue result(bool yes) {
  return std::int64_t{yes ? 1 : -1};
}

// A q-value ("0.5", "1", "0.125") in thousandths; nullopt when it is not
// one (RFC 3261 §20.10: 0 to 1, at most three decimals).
std::optional<int> parseQ(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::string_view whole = text.substr(0, text.find('.'));
  std::string_view fraction =
      whole.size() < text.size() ? text.substr(whole.size() + 1) : std::string_view{};
  if (whole != "0" && whole != "1") return std::nullopt;
  if (fraction.size() > 3) return std::nullopt;
  int thousandths = 0;
  int scale = 100;
  for (char c : fraction) {
    if (c < '0' || c > '9') return std::nullopt;
    thousandths += (c - '0') * scale;
    scale /= 10;
  }
  int q = (whole == "1" ? 1000 : 0) + thousandths;
  if (q > 1000) return std::nullopt;
  return q;
}

// Appends uri with the message's current branch flags, as Kamailio does.
KemiValue appendUri(KemiCall& call, std::string_view uri, int q) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || uri.empty()) return result(false);
  DestinationBranch branch;
  branch.uri = std::string(uri);
  branch.q = q;
  branch.flags = ctx->branchFlags;
  if (!ctx->destinations.append(std::move(branch))) {
    kLog.err("append_branch: too many branches (at most ", DestinationSet::kMaxBranches, ")");
    return result(false);
  }
  return result(true);
}

}  // namespace

// The Request-URI becomes a branch, taking the next hop, Path and branch
// flags with it; both are cleared for the Request-URI's own branch, which
// t_relay still sends (Kamailio 5.6).
KemiValue kemiAppendBranch(KemiCall& call) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr || !ctx->message->isRequest()) {
    return result(false);
  }
  DestinationBranch branch;
  branch.uri = ctx->message->requestUri();
  branch.dstUri = ctx->dstUri;
  branch.path = ctx->ruriPath;
  branch.q = ctx->ruriQ;
  branch.flags = ctx->branchFlags;
  if (!ctx->destinations.append(std::move(branch))) {
    kLog.err("append_branch: too many branches (at most ", DestinationSet::kMaxBranches, ")");
    return result(false);
  }
  ctx->dstUri.clear();
  ctx->ruriPath.clear();
  ctx->branchFlags = 0;
  ctx->ruriQ = -1;
  return result(true);
}

KemiValue kemiAppendBranchUri(KemiCall& call) {
  return appendUri(call, call.strArg(0), -1);
}

KemiValue kemiAppendBranchUriQ(KemiCall& call) {
  auto q = parseQ(call.strArg(1));
  if (!q) {
    kLog.err("append_branch_uri_q: invalid q value '", call.strArg(1), "'");
    return result(false);
  }
  return appendUri(call, call.strArg(0), *q);
}

}  // namespace kemid::corex
