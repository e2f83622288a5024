// dispatcher.* RPC commands, answered in Kamailio 5.6's shapes (measured
// over jsonrpcs).

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <chrono>
#include <string>

#include "core/log.h"
#include "core/rpc_answer.h"
#include "dispatcher_kemi.h"
#include "dispatcher_module.h"
#include "prober.h"
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

Poco::JSON::Object::Ptr destinationRecord(const Destination& d) {
  auto dest = rpc::orderedObject();
  dest->set("URI", d.uri);
  dest->set("FLAGS", stateText(d.flags.load(std::memory_order_relaxed)));
  dest->set("PRIORITY", d.priority);
  if (!d.attrs.body.empty()) {
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
  auto records = new Poco::JSON::Array;
  for (int id : kamailioSetOrder(*list)) {
    const DestinationSetData& set = *list->set(id);
    auto targets = new Poco::JSON::Array;
    for (const auto& d : set.destinations) targets->add(destinationRecord(*d));
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
}

void rpcSetState(RpcCall& call) {
  DispatcherModule* ds = module(call);
  const auto letters = rpc::stringParam(call, 0);
  const auto group = intParam(call, 1);
  const auto address = rpc::stringParam(call, 2);
  if (!letters || !group || !address) return rpc::fail(call, 500, "Invalid Parameters");
  const auto state = parseStateLetters(*letters);
  if (!state || letters->empty()) return rpc::fail(call, 500, "Unknown State Value");
  int bits = *state;
  // 'a' clears every state bit and 'p' may follow it: Kamailio keeps probing too.
  const bool ok = *address == "all" ? ds->reinitStateAll(static_cast<int>(*group), bits)
                                    : ds->reinitState(static_cast<int>(*group), *address, bits);
  if (!ok) return rpc::fail(call, 500, "State Update Failed");
  *call.result = std::string("Ok. Dispatcher state updated.");
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
