#include "permissions_kemi.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <string>

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/rpc_answer.h"
#include "permissions_module.h"
#include "pv/pv_api.h"
#include "sip/sip_message.h"
#include "sip/transport.h"

namespace kemid::permissions {
namespace {

const Logger kLog{"permissions"};

constexpr std::int64_t kFalse = -1;

PermissionsModule* module(KemiCall& call) {
  return static_cast<PermissionsModule*>(call.state);
}

// peer_tag_avp: the matching entry's tag, when it has one.
void setPeerTag(PermissionsModule& permissions, MessageContext& ctx,
                const std::optional<std::string>& tag) {
  const std::string& avp = permissions.settings().peerTagAvp;
  if (avp.empty() || !tag) return;
  if (auto* pv = permissions.host().findApi<pv::PvApi>()) {
    if (!pv->set(avp, pv::PvValue::string(*tag), ctx)) kLog.err("setting of tag_avp failed");
  }
}

// allow_address and allow_source_address: 1 when found, -1 otherwise.
std::int64_t allowAddress(PermissionsModule& permissions, MessageContext* ctx, std::int64_t group,
                          std::string_view address, std::int64_t port) {
  auto table = permissions.addresses();
  if (!table || group < 0 || port < 0) return kFalse;
  const auto g = static_cast<std::uint32_t>(group);
  const auto p = static_cast<std::uint32_t>(port);
  std::optional<Match> found;
  if (auto ip = IpAddress::parse(address)) {
    found = table->find(g, *ip, p);
  } else {
    found = table->findDomain(g, address, p);
  }
  if (!found) return kFalse;
  if (ctx != nullptr) setPeerTag(permissions, *ctx, found->tag);
  return 1;
}

// allow_address_group and allow_source_address_group: the group found, or
// -1; the entry's tag goes to peer_tag_avp as for allow_address.
std::int64_t addressGroup(PermissionsModule& permissions, MessageContext* ctx,
                          std::string_view address, std::int64_t port) {
  auto table = permissions.addresses();
  if (!table || port < 0) return kFalse;
  const auto p = static_cast<std::uint32_t>(port);
  const auto ip = IpAddress::parse(address);
  const auto found = ip ? table->groupOf(*ip, p) : table->groupOfDomain(address, p);
  if (!found) return kFalse;
  // Kamailio sets the tag for addresses and subnets, not for domain names.
  if (ctx != nullptr && ip) setPeerTag(permissions, *ctx, found->tag);
  return static_cast<std::int64_t>(found->group);
}

// The trusted table's proto column names "any" where the core writes "*".
std::string_view protoName(Transport transport) {
  return transport == Transport::Any ? std::string_view("any") : transportName(transport);
}

// allow_trusted: 1 (or, with peer_tag_mode 1, the number of matches) when
// an entry matches, -1 otherwise.
std::int64_t allowTrusted(PermissionsModule& permissions, MessageContext& ctx,
                          std::string_view sourceIp, std::string_view proto,
                          std::string_view fromUri) {
  auto table = permissions.trusted();
  if (!table || ctx.message == nullptr) return kFalse;
  const SipMessage& msg = *ctx.message;
  const auto tags =
      table->match(sourceIp, proto, fromUri, msg.requestUri(), permissions.settings().peerTagAll);
  if (tags.empty()) return kFalse;
  for (const auto& tag : tags) setPeerTag(permissions, ctx, tag);
  return static_cast<std::int64_t>(tags.size());
}

void fault(RpcCall& call, std::string message) {
  rpc::fail(call, 500, std::move(message));
}

std::int64_t secondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string tagText(const std::optional<std::string>& tag) {
  return tag ? *tag : "NULL";
}

// Kamailio answers a dump with one struct per entry (an array over JSON-RPC).
void answerEntries(RpcCall& call, const Poco::JSON::Array::Ptr& entries) {
  *call.result = entries;
}

void reload(RpcCall& call, std::optional<std::string> (PermissionsModule::*reloader)()) {
  auto* permissions = static_cast<PermissionsModule*>(call.state);
  if (permissions == nullptr) return fault(call, "Not ready for reload");
  if (!permissions->admitRpcReload(secondsNow())) {
    kLog.err("ongoing reload");
    return fault(call, "ongoing reload");
  }
  if (auto error = (permissions->*reloader)()) {
    kLog.err("reload failed: ", *error);
    return fault(call, "Reload failed.");
  }
  *call.result = std::string("Reload OK");
}

}  // namespace

KemiValue kemiAllowSourceAddress(KemiCall& call) {
  PermissionsModule* permissions = module(call);
  if (permissions == nullptr || call.context == nullptr) return kFalse;
  const Endpoint& source = call.context->received.source;
  return allowAddress(*permissions, call.context, call.intArg(0), source.ip, source.port);
}

KemiValue kemiAllowSourceAddressGroup(KemiCall& call) {
  PermissionsModule* permissions = module(call);
  if (permissions == nullptr || call.context == nullptr) return kFalse;
  const Endpoint& source = call.context->received.source;
  return addressGroup(*permissions, call.context, source.ip, source.port);
}

KemiValue kemiAllowAddress(KemiCall& call) {
  PermissionsModule* permissions = module(call);
  if (permissions == nullptr) return kFalse;
  return allowAddress(*permissions, call.context, call.intArg(0), call.strArg(1), call.intArg(2));
}

KemiValue kemiAllowAddressGroup(KemiCall& call) {
  PermissionsModule* permissions = module(call);
  if (permissions == nullptr) return kFalse;
  return addressGroup(*permissions, call.context, call.strArg(0), call.intArg(1));
}

KemiValue kemiAllowTrusted(KemiCall& call) {
  PermissionsModule* permissions = module(call);
  if (permissions == nullptr || call.context == nullptr) return kFalse;
  const std::string fromUri =
      call.context->message ? call.context->message->fromUri() : std::string();
  return allowTrusted(*permissions, *call.context, call.context->received.source.ip,
                      protoName(call.context->received.transport), fromUri);
}

void rpcAddressReload(RpcCall& call) {
  reload(call, &PermissionsModule::reloadAddresses);
}
void rpcTrustedReload(RpcCall& call) {
  reload(call, &PermissionsModule::reloadTrusted);
}

void rpcAddressDump(RpcCall& call) {
  auto* permissions = static_cast<PermissionsModule*>(call.state);
  auto table = permissions ? permissions->addresses() : nullptr;
  if (!table) return fault(call, "No address table");
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const auto& [bucket, entry] : table->addressesInDumpOrder()) {
    auto item = rpc::orderedObject();
    item->set("ip", entry->address.text());
    item->set("port", static_cast<int>(entry->port));
    item->set("tag", tagText(entry->tag));
    auto row = rpc::orderedObject();
    row->set("table", static_cast<int>(bucket));
    row->set("group", static_cast<int>(entry->group));
    row->set("item", item);
    entries->add(row);
  }
  answerEntries(call, entries);
}

void rpcSubnetDump(RpcCall& call) {
  auto* permissions = static_cast<PermissionsModule*>(call.state);
  auto table = permissions ? permissions->addresses() : nullptr;
  if (!table) return fault(call, "No subnet table");
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  int id = 0;
  for (const SubnetEntry& subnet : table->subnets()) {
    auto item = rpc::orderedObject();
    item->set("ip", subnet.address.text());
    item->set("mask", static_cast<int>(subnet.mask));
    item->set("port", static_cast<int>(subnet.port));
    item->set("tag", subnet.tag.value_or(""));  // Kamailio: "" here, "NULL" in the others
    auto row = rpc::orderedObject();
    row->set("id", id++);
    row->set("group", static_cast<int>(subnet.group));
    row->set("item", item);
    entries->add(row);
  }
  answerEntries(call, entries);
}

void rpcDomainDump(RpcCall& call) {
  auto* permissions = static_cast<PermissionsModule*>(call.state);
  auto table = permissions ? permissions->addresses() : nullptr;
  if (!table) return fault(call, "No domain list table");
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const auto& [bucket, entry] : table->domainsInDumpOrder()) {
    auto item = rpc::orderedObject();
    item->set("domain_name", entry->name);
    item->set("port", static_cast<int>(entry->port));
    item->set("tag", tagText(entry->tag));
    auto row = rpc::orderedObject();
    row->set("table", static_cast<int>(bucket));
    row->set("group", static_cast<int>(entry->group));
    row->set("item", item);
    entries->add(row);
  }
  answerEntries(call, entries);
}

void rpcTrustedDump(RpcCall& call) {
  auto* permissions = static_cast<PermissionsModule*>(call.state);
  auto table = permissions ? permissions->trusted() : nullptr;
  if (!table) return fault(call, "No trusted table");
  Poco::JSON::Array::Ptr entries = new Poco::JSON::Array;
  for (const auto& [bucket, entry] : table->inDumpOrder()) {
    auto item = rpc::orderedObject();
    item->set("ip", entry->sourceIp);
    item->set("proto", TrustedTable::protoNumber(entry->proto));
    item->set("pattern", entry->fromPattern.value_or("NULL"));
    item->set("ruri_pattern", entry->ruriPattern.value_or("NULL"));
    item->set("tag", tagText(entry->tag));
    item->set("priority", static_cast<int>(entry->priority));
    auto row = rpc::orderedObject();
    row->set("table", static_cast<int>(bucket));
    row->set("item", item);
    entries->add(row);
  }
  answerEntries(call, entries);
}

}  // namespace kemid::permissions
