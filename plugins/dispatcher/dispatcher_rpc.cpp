// dispatcher.* RPC commands, answered in Kamailio 5.6's shapes (measured
// over jsonrpcs).

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>

#include <chrono>
#include <string>

#include "core/log.h"
#include "core/rpc_answer.h"
#include "dispatcher_kemi.h"
#include "dispatcher_module.h"
#include "prober.h"
#include "selection.h"
#include "set_order.h"

namespace kemid::dispatcher {
namespace {

const Logger kLog{"dispatcher"};

DispatcherModule* module(RpcCall& call) {
  return static_cast<DispatcherModule*>(call.state);
}

std::int64_t secondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Poco::Dynamic::Var textOrNull(const std::string& text) {
  return text.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(text);
}

// Kamailio's protocol numbers (PROTO_*), 0 when the URI names none.
int protocolId(std::string_view transport) {
  if (transport == "udp") return 1;
  if (transport == "tcp") return 2;
  if (transport == "tls") return 3;
  if (transport == "sctp") return 4;
  if (transport == "ws") return 5;
  if (transport == "wss") return 6;
  return 0;
}

// dispatcher.list's modes: "short" leaves the attributes out, "full" adds
// the address the URI resolved to.
enum class ListMode { Normal, Short, Full };

Poco::JSON::Object::Ptr destinationRecord(const Destination& d, ListMode mode, bool withLoad) {
  auto dest = rpc::orderedObject();
  dest->set("URI", d.uri);
  dest->set("FLAGS", stateText(d.flags.load(std::memory_order_relaxed)));
  dest->set("PRIORITY", d.priority);
  if (mode == ListMode::Full) {
    dest->set("HOST", d.host);
    dest->set("IPADDR", d.address);
    dest->set("PORT", static_cast<int>(d.port));
    dest->set("PROTOID", protocolId(d.transport));
    // Kamailio stamps these only when its DNS timer resolves again.
    dest->set("DNSTIME_SEC", 0);
    dest->set("DNSTIME_USEC", 0);
  }
  const bool brief = mode == ListMode::Short;
  if (!brief && !d.attrs.body.empty()) {
    auto attrs = rpc::orderedObject();
    attrs->set("BODY", d.attrs.body);
    attrs->set("DUID", textOrNull(d.attrs.duid));
    attrs->set("MAXLOAD", d.attrs.maxload);
    attrs->set("WEIGHT", d.attrs.weight);
    attrs->set("RWEIGHT", d.attrs.rweight);
    attrs->set("SOCKET", textOrNull(d.attrs.socket));
    attrs->set("SOCKNAME", textOrNull(d.attrs.sockname));
    attrs->set("OBPROXY", textOrNull(d.attrs.obproxy));
    dest->set("ATTRS", attrs);
  }
  if (withLoad) {
    auto runtime = rpc::orderedObject();
    runtime->set("DLGLOAD", d.load.load(std::memory_order_relaxed));
    dest->set("RUNTIME", runtime);
  }
  auto target = rpc::orderedObject();
  target->set("DEST", dest);
  return target;
}

std::optional<std::int64_t> intParam(const RpcCall& call, std::size_t i) {
  if (i >= call.params.size() || call.params[i].isEmpty()) return std::nullopt;
  try {
    return call.params[i].convert<std::int64_t>();
  } catch (const Poco::Exception&) {
    return std::nullopt;
  }
}

// add and remove count as reloads for reload_delta, as in Kamailio.
bool admit(RpcCall& call, DispatcherModule& ds) {
  if (ds.admitRpcReload(secondsNow())) return true;
  kLog.err("ongoing reload");
  rpc::fail(call, 500, "Ongoing reload");
  return false;
}

}  // namespace

void rpcList(RpcCall& call) {
  DispatcherModule* ds = module(call);
  auto list = ds->list();
  if (list->sets().empty()) return rpc::fail(call, 500, "No Destination Sets");
  const auto text = rpc::stringParam(call, 0);
  ListMode mode = ListMode::Normal;
  if (text && Poco::icompare(*text, "short") == 0) mode = ListMode::Short;
  if (text && Poco::icompare(*text, "full") == 0) mode = ListMode::Full;
  const bool withLoad = ds->settings().hashSize > 0;
  auto records = new Poco::JSON::Array;
  for (int id : kamailioSetOrder(*list)) {
    const DestinationSetData& set = *list->set(id);
    auto targets = new Poco::JSON::Array;
    for (const auto& d : set.destinations) targets->add(destinationRecord(*d, mode, withLoad));
    auto setObject = rpc::orderedObject();
    setObject->set("ID", id);
    setObject->set("TARGETS", Poco::JSON::Array::Ptr(targets));
    auto record = rpc::orderedObject();
    record->set("SET", setObject);
    records->add(record);
  }
  auto result = rpc::orderedObject();
  result->set("NRSETS", static_cast<int>(list->sets().size()));
  result->set("RECORDS", Poco::JSON::Array::Ptr(records));
  *call.result = result;
}

void rpcReload(RpcCall& call) {
  DispatcherModule* ds = module(call);
  if (!admit(call, *ds)) return;
  if (auto error = ds->reload()) {
    kLog.err("reload failed: ", *error);
    return rpc::fail(call, 500, "Reload Failed");
  }
  *call.result = std::string("Ok. Dispatcher successfully reloaded.");
}

namespace {

// set_state's state: its first letter (or digit) says which, a second 'p'
// adds probing to inactive, active and trying; nullopt for anything else.
std::optional<int> rpcState(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const bool probing = text.size() > 1 && (text[1] == 'p' || text[1] == 'P');
  switch (text[0]) {
    case '0':
    case 'I':
    case 'i':
      return kInactive | (probing ? kProbing : 0);
    case '1':
    case 'A':
    case 'a':
      return probing ? kProbing : 0;
    case '2':
    case 'D':
    case 'd':
      return kDisabled;
    case '3':
    case 'T':
    case 't':
      return kTrying | (probing ? kProbing : 0);
    default:
      return std::nullopt;
  }
}

void setState(RpcCall& call, bool byDuid) {
  DispatcherModule* ds = module(call);
  const auto letters = rpc::stringParam(call, 0);
  const auto group = intParam(call, 1);
  const auto address = rpc::stringParam(call, 2);
  if (!letters || !group || !address) return rpc::fail(call, 500, "Invalid Parameters");
  const auto state = rpcState(*letters);
  if (!state) {
    kLog.err("unknown state value");
    return rpc::fail(call, 500, "Unknown State Value");
  }
  const int setId = static_cast<int>(*group);
  if (*address == "all") {
    ds->reinitStateAll(setId, *state);
  } else if (!(byDuid ? ds->reinitDuidState(setId, *address, *state)
                      : ds->reinitState(setId, *address, *state))) {
    return rpc::fail(call, 500, "State Update Failed");
  }
  *call.result = std::string("Ok. Dispatcher state updated.");
}

}  // namespace

void rpcSetState(RpcCall& call) {
  setState(call, false);
}

void rpcSetDuidState(RpcCall& call) {
  setState(call, true);
}

void rpcHash(RpcCall& call) {
  const auto slots = intParam(call, 0);
  const auto first = rpc::stringParam(call, 1);
  if (!slots || call.params.size() < 2) return rpc::fail(call, 500, "Invalid Parameters");
  const auto second = rpc::stringParam(call, 2);
  const std::uint32_t hash = dispatcherHash(first.value_or(""), second);
  auto result = rpc::orderedObject();
  result->set("hashid", hash);
  result->set("slot", *slots > 0 ? hash % static_cast<std::uint32_t>(*slots) : 0u);
  *call.result = result;
}

void rpcPingActive(RpcCall& call) {
  DispatcherModule* ds = module(call);
  auto result = rpc::orderedObject();
  const auto value = intParam(call, 0);
  if (value) {
    const bool old = ds->pingActive();
    ds->setPingActive(*value != 0);
    result->set("NewPingState", *value != 0 ? 1 : 0);
    result->set("OldPingState", old ? 1 : 0);
  } else {
    result->set("OldPingState", ds->pingActive() ? 1 : 0);
  }
  *call.result = result;
}

void rpcAdd(RpcCall& call) {
  DispatcherModule* ds = module(call);
  const auto group = intParam(call, 0);
  const auto address = rpc::stringParam(call, 1);
  if (!group || !address) return rpc::fail(call, 500, "Invalid Parameters");
  const int flags = static_cast<int>(intParam(call, 2).value_or(0));
  const int priority = static_cast<int>(intParam(call, 3).value_or(0));
  const std::string attrs = rpc::stringParam(call, 4).value_or("");
  if (!admit(call, *ds)) return;
  if (auto error = ds->addDestination(static_cast<int>(*group), *address, flags, priority, attrs)) {
    kLog.err("adding destination failed: ", *error);
    return rpc::fail(call, 500, "Adding dispatcher dst failed");
  }
  *call.result = std::string("Ok. Dispatcher destination added.");
}

void rpcRemove(RpcCall& call) {
  DispatcherModule* ds = module(call);
  const auto group = intParam(call, 0);
  const auto address = rpc::stringParam(call, 1);
  if (!group || !address) return rpc::fail(call, 500, "Invalid Parameters");
  if (!admit(call, *ds)) return;
  if (auto error = ds->removeDestination(static_cast<int>(*group), *address)) {
    kLog.err("removing destination failed: ", *error);
    return rpc::fail(call, 500, "Removing dispatcher dst failed");
  }
  *call.result = std::string("Ok. Dispatcher destination removed.");
}

}  // namespace kemid::dispatcher
