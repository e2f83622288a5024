#include "htable_rpc.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <ctime>
#include <optional>
#include <string>

#include "core/rpc_answer.h"
#include "htable_module.h"

namespace kemid::htable {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::string_view kKeySet = "Ok. Key set to new value.";

using rpc::fail;
using rpc::stringParam;

// An int parameter given as anything but a number reads 0, as in Kamailio.
std::int64_t intParam(const RpcCall& call, std::size_t i) {
  if (i >= call.params.size() || !call.params[i].isNumeric()) return 0;
  return call.params[i].convert<Poco::Int64>();
}

// The table named by the first parameter, with the key (and `more`
// parameters) the command needs; null after answering the fault.
HashTable* tableParam(RpcCall& call, std::size_t count, std::string_view missing) {
  if (call.params.size() < count) {
    fail(call, 500, "Not enough parameters (" + std::string(missing) + ")");
    return nullptr;
  }
  auto* module = static_cast<HtableModule*>(call.state);
  auto name = stringParam(call, 0);
  HashTable* t = module == nullptr || !name ? nullptr : module->table(*name);
  if (t == nullptr) fail(call, 500, "No such htable");
  return t;
}

Poco::Dynamic::Var valueVar(const Value& v) {
  if (v.isInt()) return Poco::Int64{v.number()};
  return v.text();
}

// Local time as Kamailio prints an expiry; "NEVER" without one.
std::string expireText(std::int64_t expires) {
  if (expires == 0) return "NEVER";
  const std::time_t t = expires;
  std::tm local{};
  localtime_r(&t, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

void set(RpcCall& call, const Value& value, std::int64_t expire) {
  HashTable* t = tableParam(call, expire > 0 ? 4 : 3, "htable name, key name and value");
  if (t == nullptr) return;
  if (!t->set(*stringParam(call, 1), value, expire)) {
    fail(call, 500, "Failed to set the item");
    return;
  }
  *call.result = std::string(kKeySet);
}

}  // namespace

void rpcGet(RpcCall& call) {
  HashTable* t = tableParam(call, 2, "htable name and key name");
  if (t == nullptr) return;
  auto item = t->item(stringParam(call, 1).value_or(""));
  if (!item) {
    fail(call, 500, "Key name doesn't exist in htable.");
    return;
  }
  Object::Ptr fields = rpc::orderedObject();
  fields->set("name", item->name);
  fields->set("value", valueVar(item->value));
  fields->set("flags", item->value.isInt() ? 0 : 2);  // Kamailio's AVP_VAL_STR flag
  fields->set("expire", expireText(item->expires));
  Object::Ptr result = rpc::orderedObject();
  result->set("item", fields);
  *call.result = result;
}

void rpcDelete(RpcCall& call) {
  HashTable* t = tableParam(call, 2, "htable name and key name");
  if (t == nullptr) return;
  if (!t->remove(stringParam(call, 1).value_or(""))) {
    fail(call, 404, "Key not found in htable.");
    return;
  }
  *call.result = std::string("Ok. Key deleted.");
}

void rpcSets(RpcCall& call) {
  set(call, Value::string(stringParam(call, 2).value_or("")), 0);
}

void rpcSeti(RpcCall& call) {
  set(call, Value::integer(intParam(call, 2)), 0);
}

void rpcSetxs(RpcCall& call) {
  set(call, Value::string(stringParam(call, 2).value_or("")),
      std::max<std::int64_t>(intParam(call, 3), 1));
}

void rpcSetxi(RpcCall& call) {
  set(call, Value::integer(intParam(call, 2)), std::max<std::int64_t>(intParam(call, 3), 1));
}

void rpcSetex(RpcCall& call) {
  HashTable* t = tableParam(call, 3, "htable name, key name and expire");
  if (t == nullptr) return;
  t->setExpire(stringParam(call, 1).value_or(""), intParam(call, 2));
  *call.result = std::string("Ok");
}

void rpcDump(RpcCall& call) {
  HashTable* t = tableParam(call, 1, "htable name");
  if (t == nullptr) return;
  Array::Ptr slots = new Array;
  for (std::size_t index = 0; index < t->slotCount(); ++index) {
    std::vector<Item> items = t->slotItems(index);
    if (items.empty()) continue;
    Array::Ptr list = new Array;
    for (const Item& item : items) {
      Object::Ptr entry = rpc::orderedObject();
      entry->set("name", item.name);
      entry->set("value", valueVar(item.value));
      entry->set("type", std::string(item.value.isInt() ? "int" : "str"));
      list->add(entry);
    }
    Object::Ptr slot = rpc::orderedObject();
    slot->set("entry", Poco::Int64(index));
    slot->set("size", Poco::Int64(items.size()));
    slot->set("slot", list);
    slots->add(slot);
  }
  *call.result = slots;
}

void rpcReload(RpcCall& call) {
  HashTable* t = tableParam(call, 1, "htable name");
  if (t == nullptr) return;
  auto* module = static_cast<HtableModule*>(call.state);
  if (!module->hasDatabase()) {
    fail(call, 500, "No htable db_url");
    return;
  }
  // Loaded into a fresh copy first: a failed load leaves the table as it was.
  HashTable fresh(t->declaration(), [t] { return t->now(); });
  std::string error;
  if (!module->load(fresh, error)) {
    fail(call, 500, "Htable reload failed");
    return;
  }
  t->clear();
  for (std::size_t index = 0; index < fresh.slotCount(); ++index) {
    for (const Item& item : fresh.slotItems(index)) {
      t->set(item.name, item.value, item.expires != 0 ? item.expires - t->now() : 0);
    }
  }
}

void rpcStore(RpcCall& call) {
  HashTable* t = tableParam(call, 1, "htable name");
  if (t == nullptr) return;
  auto* module = static_cast<HtableModule*>(call.state);
  if (!module->hasDatabase()) {
    fail(call, 500, "No htable db_url");
    return;
  }
  std::string error;
  if (!module->store(*t, error)) fail(call, 500, "Htable store failed");
}

void rpcFlush(RpcCall& call) {
  HashTable* t = tableParam(call, 1, "htable name");
  if (t == nullptr) return;
  t->clear();
  *call.result = std::string("Ok. Htable flushed.");
}

void rpcListTables(RpcCall& call) {
  auto* module = static_cast<HtableModule*>(call.state);
  Array::Ptr list = new Array;
  for (const HashTable* t : module->tables()) {
    const TableDeclaration& d = t->declaration();
    Object::Ptr o = rpc::orderedObject();
    o->set("name", d.name);
    o->set("dbtable", d.dbtable);
    o->set("dbmode", d.dbmode);
    o->set("expire", Poco::Int64(d.autoexpire));
    o->set("updateexpire", d.updateexpire ? 1 : 0);
    o->set("size", Poco::Int64(t->slotCount()));
    o->set("dmqreplicate", d.dmqreplicate);
    list->add(o);
  }
  *call.result = list;
}

void rpcStats(RpcCall& call) {
  auto* module = static_cast<HtableModule*>(call.state);
  Array::Ptr list = new Array;
  for (const HashTable* t : module->tables()) {
    std::size_t all = 0;
    std::size_t least = SIZE_MAX;
    std::size_t most = 0;
    for (std::size_t index = 0; index < t->slotCount(); ++index) {
      const std::size_t n = t->slotItems(index).size();
      all += n;
      least = std::min(least, n);
      most = std::max(most, n);
    }
    Object::Ptr o = rpc::orderedObject();
    o->set("name", t->name());
    o->set("slots", Poco::Int64(t->slotCount()));
    o->set("all", Poco::Int64(all));
    o->set("min", Poco::Int64(least));
    o->set("max", Poco::Int64(most));
    list->add(o);
  }
  *call.result = list;
}

}  // namespace kemid::htable
