#include "dispatcher_kemi.h"

#include <optional>
#include <string>
#include <vector>

#include "core/forwarding.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "dispatcher_module.h"
#include "pv/pv_api.h"
#include "selection.h"
#include "set_order.h"
#include "sip/sip_message.h"
#include "sip/sip_param.h"
#include "sip/sip_uri.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

constexpr std::int64_t kFalse = -1;

// Where a selection writes the destination (Kamailio's DS_SETOP_*).
enum class Target { DstUri, RequestUri, ListOnly };

// One remembered candidate of $xavp(_dsdst_): the first one is the
// destination in use; ds_next_dst drops it and uses the next.
struct Candidate {
  std::string uri;
  int setId = 0;
  std::string duid;  // only with algorithm 10
};
struct FailoverList {
  std::vector<Candidate> candidates;
};
// With the transaction, so that failure routes see what the request route kept.
const SlotKey<FailoverList> kFailoverSlot{SlotScope::Transaction};

DispatcherModule& module(KemiCall& call) {
  return *static_cast<DispatcherModule*>(call.state);
}

// The destination without its scheme: what replaces the R-URI's host part.
std::string_view withoutScheme(std::string_view destination) {
  if (destination.starts_with("sip:")) return destination.substr(4);
  if (destination.starts_with("sips:")) return destination.substr(5);
  return destination;
}

// The R-URI's "user[:password]@", empty when it has no user.
std::string userPart(std::string_view ruri) {
  const auto parsed = SipUri::parse(ruri);
  if (!parsed || parsed->user.empty()) return {};
  const std::size_t colon = ruri.find(':');
  const std::size_t at = ruri.find('@', colon);
  return at == std::string_view::npos ? std::string()
                                      : std::string(ruri.substr(colon + 1, at - colon));
}

// ds_select_domain's rewrite: the R-URI keeps its scheme and user part, the
// rest (host, port, parameters, headers) is the destination's.
bool setRequestUriDomain(SipMessage& msg, std::string_view destination) {
  const std::string ruri = msg.requestUri();
  const auto parsed = SipUri::parse(ruri);
  if (!parsed) return false;
  return msg.setRequestUri(parsed->scheme + ":" + userPart(ruri) +
                           std::string(withoutScheme(destination)));
}

// A parallel branch's R-URI in domain mode: the destination with the
// R-URI's user, as Kamailio builds it.
std::string branchDomainUri(std::string_view ruri, std::string_view destination) {
  const std::string user = userPart(ruri);
  if (user.empty()) return std::string(destination);
  const std::string_view scheme = destination.starts_with("sips:") ? "sips:" : "sip:";
  return std::string(scheme) + user + std::string(withoutScheme(destination));
}

bool pushDestination(MessageContext& ctx, std::string_view uri, Target target) {
  switch (target) {
    case Target::DstUri:
      ctx.dstUri = std::string(uri);
      return true;
    case Target::RequestUri:
      return ctx.message != nullptr && setRequestUriDomain(*ctx.message, uri);
    case Target::ListOnly:
      return true;
  }
  return false;
}

// Algorithm 5's key: the user name of the credentials, Proxy-Authorization first.
std::optional<std::string> authUser(const SipMessage& msg) {
  for (const char* name : {"Proxy-Authorization", "Authorization"}) {
    const auto value = msg.header(name);
    if (!value) continue;
    const std::size_t at = value->find("username=");
    if (at == std::string::npos) continue;
    std::string_view user = std::string_view(*value).substr(at + 9);
    if (user.starts_with('"')) {
      user.remove_prefix(1);
      user = user.substr(0, user.find('"'));
    } else {
      user = user.substr(0, user.find_first_of(", \t"));
    }
    if (!user.empty()) return std::string(user);
  }
  return std::nullopt;
}

// The hash the algorithm needs; false when its input is missing.
bool fillHash(DispatcherModule& ds, MessageContext& ctx, SelectOptions& options) {
  const SipMessage& msg = *ctx.message;
  const bool userOnly = (ds.settings().flags & 1) != 0;
  std::optional<std::uint32_t> hash;
  switch (options.algorithm) {
    case kHashCallId:
      hash = dispatcherHash(msg.callId(), std::nullopt);
      break;
    case kHashFromUri:
      hash = uriHash(msg.fromUri(), userOnly);
      break;
    case kHashToUri:
      hash = uriHash(msg.toUri(), userOnly);
      break;
    case kHashRequestUri:
      hash = uriHash(msg.requestUri(), userOnly);
      break;
    case kHashAuthUser:
      if (auto user = authUser(msg)) {
        hash = dispatcherHash(*user, std::nullopt);
      } else {
        options.useRoundRobin = true;
        return true;
      }
      break;
    case kHashPv: {
      // hash_pvar evaluated for the message, blanks trimmed.
      auto* pv = ds.host().findApi<pv::PvApi>();
      const std::string& format = ds.settings().hashPvar;
      std::optional<std::string> text;
      if (pv != nullptr && !format.empty()) text = pv->format(format, ctx);
      if (!text) {
        kLog.err("can't get PV hash");
        return false;
      }
      std::string_view key = *text;
      while (!key.empty() && (key.front() == ' ' || key.front() == '\t')) key.remove_prefix(1);
      while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
      if (key.empty()) {
        kLog.err("String is empty!");
        return false;
      }
      hash = dispatcherHash(key, std::nullopt);
      break;
    }
    default:
      return true;
  }
  if (!hash) return false;
  options.hash = *hash;
  return true;
}

// What one selection call gathers: the candidates it keeps (one block,
// whatever the number of sets it walks), how many, and whether it already
// set the destination (ds_select_routes sets it from the first set only).
struct SelectionRun {
  std::vector<Candidate> candidates;
  std::uint32_t limit = 0xFFFF;
  bool pushed = false;
};

// The candidates of `run` go before the ones kept from earlier selections.
void keepCandidates(MessageContext& ctx, SelectionRun& run) {
  if (run.candidates.empty()) return;
  if (FailoverList* kept = ctx.findSlot(kFailoverSlot)) {
    run.candidates.insert(run.candidates.end(), kept->candidates.begin(), kept->candidates.end());
  }
  ctx.emplaceSlot(kFailoverSlot, FailoverList{std::move(run.candidates)});
}

// Kamailio's ds_manage_routes for one set: 1 (2: parallel, some branch
// not added) or -1.
std::int64_t selectFromSet(DispatcherModule& ds, MessageContext& ctx, std::int64_t setId,
                           std::int64_t algorithm, Target target, SelectionRun& run) {
  if (target == Target::DstUri && !ds.settings().forceDst && !ctx.dstUri.empty()) {
    kLog.err("destination already set [", ctx.dstUri, "]");
    return kFalse;
  }
  auto list = ds.list();
  const DestinationSetData* set = setId >= 0 ? list->set(static_cast<int>(setId)) : nullptr;
  if (set == nullptr) {
    kLog.err("destination set [", setId, "] not found");
    return kFalse;
  }
  const auto kept = static_cast<std::uint32_t>(run.candidates.size());
  SelectOptions options{.algorithm = static_cast<int>(algorithm),
                        .limit = kept < run.limit ? run.limit - kept : 0,
                        .failover = ds.settings().failover(),
                        .useDefault = ds.settings().useDefault,
                        .isInvite = ctx.message->method() == "INVITE"};
  if (!fillHash(ds, ctx, options)) return kFalse;
  const auto selected = selectDestinations(*set, options);
  if (!selected) return kFalse;
  const Destination& chosen = *set->destinations[selected->order.front()];
  int usedAlgorithm = selected->algorithm;
  if (usedAlgorithm == kCallLoad &&
      !ds.addLoad(ctx.message->callId(), set->id, chosen.attrs.duid)) {
    kLog.err("unable to update destination load - classic dispatching");
    usedAlgorithm = kHashCallId;
  }
  if (target != Target::ListOnly) {
    if (!pushDestination(ctx, chosen.uri, target)) {
      kLog.err("cannot set next hop address with: ", chosen.uri);
      return kFalse;
    }
    run.pushed = true;
  }
  if (options.algorithm == kParallel) {
    // Every destination after the chosen one becomes a branch (from the
    // chosen one on when only the list is asked for), as Kamailio adds them.
    const std::size_t from = selected->order.front() + (target == Target::ListOnly ? 0 : 1);
    for (std::size_t i = from; i < set->size(); ++i) {
      const std::string& uri = set->destinations[i]->uri;
      DestinationBranch branch;
      if (target == Target::RequestUri) {
        branch.uri = branchDomainUri(ctx.message->requestUri(), uri);
      } else {
        branch.uri = ctx.message->requestUri();
        branch.dstUri = uri;
      }
      if (!ctx.destinations.append(std::move(branch))) return 2;
    }
    return 1;
  }
  if (!options.failover) return 1;
  for (std::size_t index : selected->order) {
    const Destination& d = *set->destinations[index];
    if (usedAlgorithm == kCallLoad && d.attrs.duid.empty()) {
      kLog.err("no uid for destination: ", set->id, " ", d.uri);
      return kFalse;
    }
    run.candidates.push_back({.uri = d.uri,
                              .setId = set->id,
                              .duid = usedAlgorithm == kCallLoad ? d.attrs.duid : std::string()});
  }
  return 1;
}

std::int64_t select(KemiCall& call, std::int64_t setId, std::int64_t algorithm, std::int64_t limit,
                    Target target) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr) return kFalse;
  SelectionRun run;
  run.limit = limit <= 0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(limit);
  const std::int64_t result = selectFromSet(module(call), *ctx, setId, algorithm, target, run);
  keepCandidates(*ctx, run);
  return result;
}

// ds_select_routes' rules: "set=alg;set=alg..." (digits only).
std::optional<std::vector<std::pair<int, int>>> parseRules(std::string_view rules) {
  std::vector<std::pair<int, int>> parsed;
  std::size_t i = 0;
  while (i < rules.size()) {
    int numbers[2] = {0, 0};
    for (int part = 0; part < 2; ++part) {
      const char end = part == 0 ? '=' : ';';
      for (; i < rules.size(); ++i) {
        const char c = rules[i];
        if (c >= '0' && c <= '9') {
          numbers[part] = numbers[part] * 10 + (c - '0');
        } else if (c == end) {
          ++i;
          break;
        } else {
          kLog.err("invalid character in [", rules, "] at [", i, "]");
          return std::nullopt;
        }
      }
    }
    parsed.emplace_back(numbers[0], numbers[1]);
  }
  return parsed;
}

std::int64_t selectRoutes(KemiCall& call, std::string_view rules, std::string_view mode,
                          std::int64_t limit) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr) return kFalse;
  const auto parsed = parseRules(rules);
  if (!parsed) return kFalse;
  SelectionRun run;
  run.limit = limit == 0 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(limit);
  std::int64_t last = kFalse;
  std::int64_t selected = kFalse;
  for (const auto& [setId, algorithm] : *parsed) {
    // The first set that selects sets the destination; the others only add
    // their candidates to the list.
    Target target = Target::ListOnly;
    if (!run.pushed) {
      const char m = mode.empty() ? '\0' : mode.front();
      if (m == '0' || m == 'd' || m == 'D') {
        target = Target::DstUri;
      } else if (m == '1' || m == 'r' || m == 'R') {
        target = Target::RequestUri;
      } else if (m != '2' && m != 'x' && m != 'X') {
        kLog.err("invalid routing mode parameter: ", mode);
        return kFalse;
      }
    }
    last = selectFromSet(module(call), *ctx, setId, algorithm, target, run);
    if (last > 0) selected = last;
  }
  if (selected < 0) return last;
  keepCandidates(*ctx, run);
  return selected;
}

std::int64_t next(KemiCall& call, Target target) {
  DispatcherModule& ds = module(call);
  MessageContext* ctx = call.context;
  if (ctx == nullptr) return kFalse;
  if (!ds.settings().failover()) {
    kLog.warn("failover support disabled");
    return kFalse;
  }
  FailoverList* kept = ctx->findSlot(kFailoverSlot);
  for (;;) {
    if (kept == nullptr || kept->candidates.empty()) return kFalse;
    kept->candidates.erase(kept->candidates.begin());
    if (kept->candidates.empty()) return kFalse;
    const Candidate& candidate = kept->candidates.front();
    if (!pushDestination(*ctx, candidate.uri, target)) return kFalse;
    if (candidate.duid.empty() || ctx->message == nullptr) return 1;
    if (ds.replaceLoad(ctx->message->callId(), candidate.duid)) return 1;
    kLog.err("cannot update load with ", candidate.duid, ", skipping dst.");
  }
}

std::int64_t setCurrent(KemiCall& call, Target target) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr) return kFalse;
  FailoverList* kept = ctx->findSlot(kFailoverSlot);
  if (kept == nullptr || kept->candidates.empty()) return kFalse;
  return pushDestination(*ctx, kept->candidates.front().uri, target) ? 1 : kFalse;
}

std::int64_t mark(KemiCall& call, int state) {
  DispatcherModule& ds = module(call);
  if (!ds.settings().failover()) {
    kLog.warn("failover support disabled");
    return kFalse;
  }
  if (call.context == nullptr) return kFalse;
  FailoverList* kept = call.context->findSlot(kFailoverSlot);
  if (kept == nullptr || kept->candidates.empty()) return kFalse;
  const Candidate& current = kept->candidates.front();
  return ds.updateState(current.setId, current.uri, state, call.context) ? 1 : kFalse;
}

void exportMatch(DispatcherModule& ds, MessageContext& ctx, int setId, const Destination& d,
                 bool exportSet) {
  const DispatcherSettings& s = ds.settings();
  auto* pv = ds.host().findApi<pv::PvApi>();
  if (pv == nullptr) return;
  if (exportSet && !s.setidPvname.empty()) pv->set(s.setidPvname, pv::PvValue::integer(setId), ctx);
  if (!s.attrsPvname.empty() && !d.attrs.body.empty()) {
    pv->set(s.attrsPvname, pv::PvValue::string(d.attrs.body), ctx);
  }
}

constexpr int kMatchNoPort = 1;
constexpr int kMatchNoProto = 2;
constexpr int kMatchActive = 4;

// ds_is_from_list's match of an address against one set.
const Destination* matchIn(const DestinationSetData& set, std::string_view ip, std::uint16_t port,
                           std::string_view proto, int mode) {
  for (const auto& d : set.destinations) {
    if (d->address.empty() || d->address != ip) continue;
    if ((mode & kMatchNoPort) == 0 && d->port != 0 && d->port != port) continue;
    if ((mode & kMatchNoProto) == 0 && d->transport != proto) continue;
    if ((mode & kMatchActive) != 0 && skipped(d->flags.load(std::memory_order_relaxed))) continue;
    return d.get();
  }
  return nullptr;
}

std::int64_t isFrom(KemiCall& call, std::int64_t group, int mode, std::string_view uri) {
  DispatcherModule& ds = module(call);
  MessageContext* ctx = call.context;
  if (ctx == nullptr) return kFalse;
  std::string ip = ctx->received.source.ip;
  std::uint16_t port = ctx->received.source.port;
  std::string proto = "udp";
  if (!uri.empty()) {
    const auto parsed = SipUri::parse(uri);
    if (!parsed || parsed->host.empty()) {
      kLog.err("bad uri [", uri, "]");
      return kFalse;
    }
    const auto address = resolveHost(parsed->host);
    if (!address) {
      kLog.err("could not resolve ", parsed->host);
      return kFalse;
    }
    ip = *address;
    port = parsed->port.value_or(5060);
    const SipParam* transport = findParam(parsed->params, "transport");
    proto = transport != nullptr && transport->value ? *transport->value : "";
  }
  auto list = ds.list();
  if (group == -1) {
    for (int id : kamailioSetOrder(*list)) {
      if (const Destination* d = matchIn(*list->set(id), ip, port, proto, mode)) {
        exportMatch(ds, *ctx, id, *d, true);
        return 1;
      }
    }
    return kFalse;
  }
  const DestinationSetData* set = list->set(static_cast<int>(group));
  if (set == nullptr) return kFalse;
  const Destination* d = matchIn(*set, ip, port, proto, mode);
  if (d == nullptr) return kFalse;
  exportMatch(ds, *ctx, set->id, *d, false);
  return 1;
}

std::int64_t isActive(KemiCall& call, std::int64_t group, std::string_view uri) {
  auto list = module(call).list();
  const DestinationSetData* set = list->set(static_cast<int>(group));
  if (set == nullptr) return kFalse;
  for (const auto& d : set->destinations) {
    if (skipped(d->flags.load(std::memory_order_relaxed))) continue;
    if (uri.empty() || d->uri == uri) return 1;
  }
  return kFalse;
}

}  // namespace

KemiValue kemiSelectDst(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), 0, Target::DstUri);
}
KemiValue kemiSelectDstLimit(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), call.intArg(2), Target::DstUri);
}
KemiValue kemiSelectDomain(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), 0, Target::RequestUri);
}
KemiValue kemiSelectDomainLimit(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), call.intArg(2), Target::RequestUri);
}
KemiValue kemiSelect(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), 0, Target::ListOnly);
}
KemiValue kemiSelectLimit(KemiCall& call) {
  return select(call, call.intArg(0), call.intArg(1), call.intArg(2), Target::ListOnly);
}
KemiValue kemiSelectRoutes(KemiCall& call) {
  return selectRoutes(call, call.strArg(0), call.strArg(1), 0);
}
KemiValue kemiSelectRoutesLimit(KemiCall& call) {
  return selectRoutes(call, call.strArg(0), call.strArg(1), call.intArg(2));
}
KemiValue kemiNextDst(KemiCall& call) {
  return next(call, Target::DstUri);
}
KemiValue kemiNextDomain(KemiCall& call) {
  return next(call, Target::RequestUri);
}
KemiValue kemiSetDst(KemiCall& call) {
  return setCurrent(call, Target::DstUri);
}
KemiValue kemiSetDomain(KemiCall& call) {
  return setCurrent(call, Target::RequestUri);
}

KemiValue kemiMarkDst(KemiCall& call) {
  int state = kInactive;
  if (module(call).settings().probingMode == 1) state |= kProbing;
  return mark(call, state);
}

KemiValue kemiMarkDstState(KemiCall& call) {
  if (call.strArg(0).empty()) return kemiMarkDst(call);
  const auto state = parseStateLetters(call.strArg(0));
  if (!state) {
    kLog.warn("Failed to parse state flags: ", call.strArg(0));
    return kFalse;
  }
  return mark(call, *state);
}

KemiValue kemiIsFromLists(KemiCall& call) {
  return isFrom(call, -1, kMatchNoProto, {});
}
KemiValue kemiIsFromList(KemiCall& call) {
  return isFrom(call, call.intArg(0), kMatchNoProto, {});
}
KemiValue kemiIsFromListMode(KemiCall& call) {
  return isFrom(call, call.intArg(0), static_cast<int>(call.intArg(1)), {});
}
KemiValue kemiIsFromListUri(KemiCall& call) {
  return isFrom(call, call.intArg(0), static_cast<int>(call.intArg(1)), call.strArg(2));
}

KemiValue kemiListExists(KemiCall& call) {
  return module(call).list()->set(static_cast<int>(call.intArg(0))) != nullptr ? 1 : kFalse;
}

KemiValue kemiIsActive(KemiCall& call) {
  return isActive(call, call.intArg(0), {});
}
KemiValue kemiIsActiveUri(KemiCall& call) {
  return isActive(call, call.intArg(0), call.strArg(1));
}

KemiValue kemiLoadUpdate(KemiCall& call) {
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr) return kFalse;
  const SipMessage& msg = *ctx->message;
  // Kamailio's KEMI returns the function's own 0 here, not 1.
  if (msg.isRequest()) {
    if (msg.method() == "BYE" || msg.method() == "CANCEL") module(call).removeLoad(msg.callId());
    return 0;
  }
  if (msg.cseqMethod() == "INVITE" && msg.statusCode() / 100 == 2) {
    module(call).confirmLoad(msg.callId());
  }
  return 0;
}

KemiValue kemiLoadUnset(KemiCall& call) {
  DispatcherModule& ds = module(call);
  MessageContext* ctx = call.context;
  if (ctx == nullptr || ctx->message == nullptr) return kFalse;
  if (ds.settings().xavpDst.empty()) return 0;
  if (ctx->message->isRequest() && ctx->message->method() == "INVITE") {
    FailoverList* kept = ctx->findSlot(kFailoverSlot);
    if (kept == nullptr || kept->candidates.empty() || kept->candidates.front().duid.empty()) {
      return 0;
    }
  }
  if (!ds.removeLoad(ctx->message->callId())) {
    kLog.err("cannot find load for (", ctx->message->callId(), ")");
    return kFalse;
  }
  return 0;
}

KemiValue kemiReload(KemiCall& call) {
  // Kamailio holds KSR.dispatcher.ds_reload to reload_delta as the RPC.
  if (!module(call).admitReload()) {
    kLog.err("ongoing reload");
    return kFalse;
  }
  if (auto error = module(call).reload()) {
    kLog.err("reload failed: ", *error);
    return kFalse;
  }
  return 1;
}

}  // namespace kemid::dispatcher
