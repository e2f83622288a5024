#include "lookup.h"

#include <string>
#include <vector>

#include "address_of_record.h"
#include "core/log.h"
#include "core/message_context.h"
#include "registrar_module.h"
#include "request_contacts.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "usrloc/usrloc_api.h"

namespace kemid::registrar {

namespace {

constexpr Logger kLog{"registrar"};

using usrloc::Binding;

// Where a binding is reached: the first Path hop, else the received address.
std::string nextHopOf(const Binding& b) {
  if (!b.path.empty()) {
    std::string_view first = b.path;
    first = first.substr(0, first.find(','));
    return std::string(nameAddrUri(first));
  }
  return b.received;
}

// The AoR of uri (the Request-URI when not given) and its valid bindings.
struct Found {
  bool error = false;
  std::vector<Binding> bindings;
};

Found findBindings(RegistrarModule& registrar, MessageContext& ctx, std::string_view tableName,
                   std::optional<std::string_view> uri) {
  usrloc::LocationTable* table = registrar.table(tableName);
  usrloc::UsrlocApi* usrloc = registrar.usrloc();
  if (table == nullptr || usrloc == nullptr) return {.error = true, .bindings = {}};
  const std::string text = uri ? std::string(*uri) : ctx.message->requestUri();
  auto aor = addressOfRecord(text, usrloc->useDomain(), registrar.settings());
  if (!aor) {
    kLog.err("cannot get the AoR of [", text, "]");
    return {.error = true, .bindings = {}};
  }
  return {.error = false, .bindings = table->find(*aor, usrloc->now())};
}

DestinationBranch branchOf(const Binding& b) {
  return DestinationBranch{.uri = b.contact,
                           .dstUri = nextHopOf(b),
                           .path = b.path,
                           .q = b.q,
                           .flags = b.cflags,
                           .socket = b.socket,
                           .instance = b.instance,
                           .ruid = b.ruid,
                           .userAgent = b.userAgent};
}

}  // namespace

LookupResult lookup(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                    std::optional<std::string_view> uri) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return LookupResult::Error;
  Found found = findBindings(registrar, ctx, table, uri);
  if (found.error) return LookupResult::Error;
  if (found.bindings.empty()) return LookupResult::NotFound;

  const RegistrarSettings& settings = registrar.settings();
  std::vector<Binding> usable;
  const std::uint32_t method = methodBit(ctx.message->method());
  // ACK is never filtered (measured on Kamailio 5.6.3; CANCEL and PRACK are).
  const bool filter = settings.methodFiltering && method != 0 && ctx.message->method() != "ACK";
  for (Binding& b : found.bindings) {
    if (filter && (b.methods & method) == 0) continue;
    usable.push_back(std::move(b));
  }
  if (usable.empty()) return LookupResult::MethodNotAllowed;

  const Binding& best = usable.front();
  if (!ctx.message->setRequestUri(best.contact)) {
    kLog.err("cannot set the Request-URI to [", best.contact, "]");
    return LookupResult::Error;
  }
  // As Kamailio: a $du set before is replaced, by nothing when the contact
  // is reached directly; the contact's flags are added to the branch's.
  ctx.dstUri = nextHopOf(best);
  ctx.ruriPath = best.path;
  ctx.ruriQ = best.q;
  ctx.branchFlags |= best.cflags;
  if (!settings.appendBranches) return LookupResult::Found;
  for (std::size_t i = 1; i < usable.size(); ++i) {
    if (!ctx.destinations.append(branchOf(usable[i]))) {
      kLog.err("max number of branches exceeded: ", usable.size() - i, " contacts left out");
      break;
    }
  }
  return LookupResult::Found;
}

LookupResult lookupBranches(RegistrarModule& registrar, MessageContext& ctx,
                            std::string_view table) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return LookupResult::Error;
  const DestinationSet others = ctx.destinations;
  ctx.destinations.clear();
  LookupResult result = lookup(registrar, ctx, table);
  for (const DestinationBranch& branch : others) {
    Found found = findBindings(registrar, ctx, table, branch.uri);
    if (found.error || found.bindings.empty()) {
      // Not a registered user: the branch stays as it was.
      ctx.destinations.append(branch);
      continue;
    }
    for (const Binding& b : found.bindings) {
      if (!ctx.destinations.append(branchOf(b))) break;
    }
    result = LookupResult::Found;
  }
  return result;
}

bool registered(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                std::optional<std::string_view> uri) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) return false;
  Found found = findBindings(registrar, ctx, table, uri);
  return !found.error && !found.bindings.empty();
}

bool unregister(RegistrarModule& registrar, std::string_view tableName, std::string_view uri,
                std::optional<std::string_view> ruid) {
  usrloc::LocationTable* table = registrar.table(tableName);
  usrloc::UsrlocApi* usrloc = registrar.usrloc();
  if (table == nullptr || usrloc == nullptr) return false;
  auto aor = addressOfRecord(uri, usrloc->useDomain(), registrar.settings());
  if (!aor) return false;
  if (!ruid) {
    table->removeAor(*aor);
    return true;
  }
  table->update(*aor, usrloc->now(), [&](std::vector<Binding>& bs) {
    std::erase_if(bs, [&](const Binding& b) { return b.ruid == *ruid; });
    return 0;
  });
  return true;
}

}  // namespace kemid::registrar
