#include "usrloc_rpc.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cmath>
#include <functional>
#include <optional>
#include <string>

#include "core/rpc_answer.h"
#include "usrloc_module.h"

namespace kemid::usrloc {

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kNotSet = "[not set]";

using rpc::fail;
using rpc::stringParam;

std::optional<std::int64_t> intParam(const RpcCall& call, std::size_t i) {
  if (i >= call.params.size() || !call.params[i].isNumeric()) return std::nullopt;
  return call.params[i].convert<Poco::Int64>();
}

// The AoR as the table keys it: without use_domain only the user part.
std::string tableAor(const UsrlocModule& ul, std::string aor) {
  if (!ul.useDomain()) {
    if (auto at = aor.find('@'); at != std::string::npos) aor.erase(at);
  }
  return aor;
}

Poco::Dynamic::Var textOrNotSet(const std::string& text) {
  return text.empty() ? std::string(kNotSet) : text;
}

Object::Ptr contactObject(const Binding& b, std::int64_t now) {
  Object::Ptr c = rpc::orderedObject();
  c->set("Address", b.contact);
  if (b.expires == 0) {
    c->set("Expires", std::string("permanent"));
  } else if (b.expires <= now) {
    c->set("Expires", std::string("expired"));
  } else {
    c->set("Expires", static_cast<Poco::Int64>(b.expires - now));
  }
  if (b.q < 0) {
    c->set("Q", -1);
  } else {
    c->set("Q", b.q / 1000.0);
  }
  c->set("Call-ID", b.callId);
  c->set("CSeq", static_cast<Poco::UInt64>(b.cseq));
  c->set("User-Agent", b.userAgent.empty() ? std::string("n/a") : b.userAgent);
  c->set("Received", textOrNotSet(b.received));
  c->set("Path", textOrNotSet(b.path));
  c->set("State", std::string("CS_NEW"));
  c->set("Flags", static_cast<Poco::UInt64>(b.flags));
  c->set("CFlags", static_cast<Poco::UInt64>(b.cflags));
  c->set("Socket", textOrNotSet(b.socket));
  c->set("Methods", static_cast<Poco::UInt64>(b.methods));
  c->set("Ruid", textOrNotSet(b.ruid));
  c->set("Instance", textOrNotSet(b.instance));
  c->set("Reg-Id", static_cast<Poco::UInt64>(b.regId));
  c->set("Server-Id", 0);
  c->set("Tcpconn-Id", -1);
  c->set("Keepalive", 0);
  c->set("Last-Keepalive", static_cast<Poco::Int64>(b.lastModified));
  c->set("KA-Roundtrip", 0);
  c->set("Last-Modified", static_cast<Poco::Int64>(b.lastModified));
  Object::Ptr wrapped = rpc::orderedObject();
  wrapped->set("Contact", c);
  return wrapped;
}

Array::Ptr contactsArray(const std::vector<Binding>& bindings, std::int64_t now) {
  Array::Ptr contacts = new Array(Poco::JSON_PRESERVE_KEY_ORDER);
  for (const Binding& b : bindings) contacts->add(contactObject(b, now));
  return contacts;
}

// The module and the table named by the first parameter, or a fault.
std::pair<UsrlocModule*, LocationTable*> moduleAndTable(RpcCall& call) {
  auto* ul = static_cast<UsrlocModule*>(call.state);
  if (ul == nullptr) {
    fail(call, 500, "usrloc is not initialised");
    return {nullptr, nullptr};
  }
  auto name = stringParam(call, 0);
  if (!name) {
    fail(call, 500, "Table name not given");
    return {ul, nullptr};
  }
  LocationTable* table = ul->table(*name);
  if (table == nullptr) fail(call, 500, "Domain table not found");
  return {ul, table};
}

}  // namespace

void rpcDump(RpcCall& call) {
  auto* ul = static_cast<UsrlocModule*>(call.state);
  if (ul == nullptr) return fail(call, 500, "usrloc is not initialised");
  const bool brief = stringParam(call, 0) == "brief";
  const std::int64_t now = ul->now();
  Array::Ptr domains = new Array(Poco::JSON_PRESERVE_KEY_ORDER);
  for (LocationTable* table : ul->tables()) {
    Array::Ptr aors = new Array(Poco::JSON_PRESERVE_KEY_ORDER);
    std::size_t records = 0;
    for (const AorBindings& record : table->snapshot()) {
      ++records;
      if (brief) {
        Object::Ptr aor = rpc::orderedObject();
        aor->set("AoR", record.aor);
        aors->add(aor);
        continue;
      }
      Object::Ptr info = rpc::orderedObject();
      info->set("AoR", record.aor);
      info->set("HashID", static_cast<Poco::UInt32>(std::hash<std::string>{}(record.aor)));
      info->set("Contacts", contactsArray(record.bindings, now));
      Object::Ptr aor = rpc::orderedObject();
      aor->set("Info", info);
      aors->add(aor);
    }
    Object::Ptr stats = rpc::orderedObject();
    stats->set("Records", static_cast<Poco::UInt64>(records));
    Object::Ptr domain = rpc::orderedObject();
    domain->set("Domain", table->name());
    domain->set("Size", 1024);
    domain->set("AoRs", aors);
    domain->set("Stats", stats);
    Object::Ptr wrapped = rpc::orderedObject();
    wrapped->set("Domain", domain);
    domains->add(wrapped);
  }
  Object::Ptr result = rpc::orderedObject();
  result->set("Domains", domains);
  *call.result = result;
}

void rpcLookup(RpcCall& call) {
  auto [ul, table] = moduleAndTable(call);
  if (table == nullptr) return;
  auto aor = stringParam(call, 1);
  if (!aor) return fail(call, 500, "AOR not given");
  const std::string key = tableAor(*ul, *aor);
  const std::int64_t now = ul->now();
  std::vector<Binding> bindings = table->find(key, now);
  if (bindings.empty()) return fail(call, 500, "AOR not found in location table");
  Object::Ptr result = rpc::orderedObject();
  result->set("AoR", key);
  result->set("Contacts", contactsArray(bindings, now));
  *call.result = result;
}

void rpcRemoveAor(RpcCall& call) {
  auto [ul, table] = moduleAndTable(call);
  if (table == nullptr) return;
  auto aor = stringParam(call, 1);
  if (!aor) return fail(call, 500, "AOR not given");
  // Kamailio answers the same whether the AoR was there or not.
  table->removeAor(tableAor(*ul, *aor));
  *call.result = rpc::orderedObject();
}

void rpcRemoveContact(RpcCall& call) {
  auto [ul, table] = moduleAndTable(call);
  if (table == nullptr) return;
  auto aor = stringParam(call, 1);
  auto contact = stringParam(call, 2);
  if (!aor || !contact) return fail(call, 500, "AOR or contact not given");
  constexpr int kNoAor = 1;
  constexpr int kNoContact = 2;
  const int outcome = table->update(tableAor(*ul, *aor), ul->now(), [&](std::vector<Binding>& bs) {
    if (bs.empty()) return kNoAor;
    return std::erase_if(bs, [&](const Binding& b) { return b.contact == *contact; }) > 0
               ? 0
               : kNoContact;
  });
  if (outcome < 0) return fail(call, 500, "Failed to delete contact");  // database (logged)
  if (outcome == kNoAor) return fail(call, 404, "AOR not found");
  if (outcome == kNoContact) return fail(call, 404, "Contact not found");
  *call.result = rpc::orderedObject();
}

void rpcAdd(RpcCall& call) {
  auto [ul, table] = moduleAndTable(call);
  if (table == nullptr) return;
  // table, aor, contact, expires, q, path, flags, cflags, methods
  auto aor = stringParam(call, 1);
  auto contact = stringParam(call, 2);
  auto expires = intParam(call, 3);
  if (!aor || !contact || !expires || call.params.size() < 9 || !call.params[4].isNumeric()) {
    return fail(call, 500, "Invalid parameters");
  }
  const double q = call.params[4].convert<double>();
  const std::int64_t now = ul->now();
  Binding binding;
  binding.contact = *contact;
  binding.expires = *expires == 0 ? 0 : now + *expires;
  binding.q = q < 0 ? -1 : static_cast<int>(std::lround(q * 1000));
  binding.path = stringParam(call, 5).value_or("");
  binding.flags = static_cast<std::uint32_t>(intParam(call, 6).value_or(0));
  binding.cflags = static_cast<std::uint32_t>(intParam(call, 7).value_or(0));
  binding.methods = static_cast<std::uint32_t>(intParam(call, 8).value_or(0));
  binding.callId = "ul-add@kemid.rpc";
  binding.cseq = 1;
  binding.userAgent = "kemid - RPC";
  binding.ruid = ul->newRuid();
  const int outcome = table->update(tableAor(*ul, *aor), now, [&](std::vector<Binding>& bs) {
    std::erase_if(bs, [&](const Binding& b) { return b.contact == binding.contact; });
    bs.insert(bs.begin(), binding);
    return 0;
  });
  // A full table or a database that refused the write (logged).
  if (outcome < 0) return fail(call, 500, "Failed to insert contact");
  *call.result = rpc::orderedObject();
}

void rpcFlush(RpcCall& call) {
  // Only db_mode 2 has changes to write; the others answer {} at once, as
  // Kamailio.
  auto* ul = static_cast<UsrlocModule*>(call.state);
  if (ul == nullptr) return fail(call, 500, "usrloc is not initialised");
  if (!ul->flushAll()) return fail(call, 500, "Failed to flush to the database");
  *call.result = rpc::orderedObject();
}

}  // namespace kemid::usrloc
