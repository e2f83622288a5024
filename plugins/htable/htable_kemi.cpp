#include "htable_kemi.h"

#include <map>
#include <utility>

#include "core/log.h"
#include "htable_module.h"
#include "item_match.h"
#include "table_iterators.h"

namespace kemid::htable {
namespace {

constexpr Logger kLog{"htable"};
// sht_inc / sht_dec when there is nothing to count (Kamailio's value).
constexpr std::int64_t kNoCounter = -255;

HashTable* findTable(KemiCall& call, std::size_t arg = 0) {
  auto* module = static_cast<HtableModule*>(call.state);
  HashTable* t = module == nullptr ? nullptr : module->table(call.strArg(arg));
  if (t == nullptr) kLog.err("no such htable: ", call.strArg(arg));
  return t;
}

// What sht_get* answer for a key: its value, or initval.
std::optional<Value> lookup(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::nullopt;
  if (auto v = t->get(call.strArg(1))) return v;
  if (t->declaration().initval) return Value::integer(*t->declaration().initval);
  return std::nullopt;
}

KemiValue toKemi(const Value& v) {
  if (v.isInt()) return v.number();
  return v.text();
}

KemiValue set(KemiCall& call, const Value& v, std::int64_t expire = 0) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  return std::int64_t{t->set(call.strArg(1), v, expire) ? 1 : -1};
}

KemiValue add(KemiCall& call, std::int64_t delta) {
  HashTable* t = findTable(call);
  if (t == nullptr) return kNoCounter;
  return t->add(call.strArg(1), delta).value_or(kNoCounter);
}

// sht_rm_name_re / sht_rm_value_re: 1 also for an unknown table (as Kamailio).
KemiValue removeMatchingRe(KemiCall& call, bool onValue) {
  auto match = itemMatcher(MatchOp::Re, call.strArg(1), onValue);
  if (!match) return std::int64_t{-1};
  auto* module = static_cast<HtableModule*>(call.state);
  if (HashTable* t = module == nullptr ? nullptr : module->table(call.strArg(0))) {
    t->removeIf(*match);
  }
  return std::int64_t{1};
}

// sht_rm_name / sht_rm_value: only "re" and "sw" remove.
KemiValue removeMatching(KemiCall& call, bool onValue) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  auto op = parseMatchOp(call.strArg(1));
  if (!op || (*op != MatchOp::Re && *op != MatchOp::Sw)) {
    kLog.warn("unsupported match operator: ", call.strArg(1));
    return std::int64_t{-1};
  }
  auto match = itemMatcher(*op, call.strArg(2), onValue);
  if (!match) return std::int64_t{-1};
  t->removeIf(*match);
  return std::int64_t{1};
}

KemiValue matchAny(KemiCall& call, bool onValue) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  auto op = parseMatchOp(call.strArg(1));
  if (!op) {
    kLog.warn("unsupported match operator: ", call.strArg(1));
    return std::int64_t{-1};
  }
  auto match = itemMatcher(*op, call.strArg(2), onValue);
  return std::int64_t{match && t->any(*match) ? 1 : -1};
}

// The slot locks this worker holds through sht_lock, so that sht_unlock of
// one it does not hold changes nothing.
std::map<std::pair<const HashTable*, std::size_t>, int>& heldLocks() {
  thread_local std::map<std::pair<const HashTable*, std::size_t>, int> held;
  return held;
}

KemiValue result(bool ok) {
  return std::int64_t{ok ? 1 : -1};
}

}  // namespace

KemiValue kemiGet(KemiCall& call) {
  auto v = lookup(call);
  return v ? toKemi(*v) : KemiValue{};
}

KemiValue kemiGetEmpty(KemiCall& call) {
  auto v = lookup(call);
  return v ? toKemi(*v) : KemiValue{std::string()};
}

KemiValue kemiGetWithNull(KemiCall& call) {
  auto v = lookup(call);
  return v ? toKemi(*v) : KemiValue{std::string("<null>")};
}

KemiValue kemiIsNull(KemiCall& call) {
  auto* module = static_cast<HtableModule*>(call.state);
  HashTable* t = module == nullptr ? nullptr : module->table(call.strArg(0));
  if (t == nullptr) return std::int64_t{2};
  if (t->declaration().initval) return std::int64_t{-2};
  return std::int64_t{t->get(call.strArg(1)) ? -1 : 1};
}

KemiValue kemiSets(KemiCall& call) {
  return set(call, Value::string(std::string(call.strArg(2))));
}

KemiValue kemiSeti(KemiCall& call) {
  return set(call, Value::integer(call.intArg(2)));
}

KemiValue kemiSetex(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  t->setExpire(call.strArg(1), call.intArg(2));
  return std::int64_t{1};
}

KemiValue kemiSetxs(KemiCall& call) {
  return set(call, Value::string(std::string(call.strArg(2))), call.intArg(3));
}

KemiValue kemiSetxi(KemiCall& call) {
  KemiValue r = set(call, Value::integer(call.intArg(2)), call.intArg(3));
  // Kamailio 5.6 answers 0 where sht_setxs answers 1 (measured).
  return std::get<std::int64_t>(r) == 1 ? KemiValue{std::int64_t{0}} : r;
}

KemiValue kemiInc(KemiCall& call) {
  return add(call, 1);
}

KemiValue kemiDec(KemiCall& call) {
  return add(call, -1);
}

KemiValue kemiRm(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  t->remove(call.strArg(1));
  return std::int64_t{1};
}

KemiValue kemiRmNameRe(KemiCall& call) {
  return removeMatchingRe(call, false);
}

KemiValue kemiRmValueRe(KemiCall& call) {
  return removeMatchingRe(call, true);
}

KemiValue kemiRmName(KemiCall& call) {
  return removeMatching(call, false);
}

KemiValue kemiRmValue(KemiCall& call) {
  return removeMatching(call, true);
}

KemiValue kemiMatchName(KemiCall& call) {
  return matchAny(call, false);
}

KemiValue kemiMatchStrValue(KemiCall& call) {
  return matchAny(call, true);
}

KemiValue kemiReset(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  t->clear();
  return std::int64_t{0};  // Kamailio 5.6's answer (measured)
}

KemiValue kemiLock(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  t->lockKey(call.strArg(1));
  ++heldLocks()[{t, t->slotOf(call.strArg(1))}];
  return std::int64_t{1};
}

KemiValue kemiUnlock(KemiCall& call) {
  HashTable* t = findTable(call);
  if (t == nullptr) return std::int64_t{-1};
  auto held = heldLocks().find({t, t->slotOf(call.strArg(1))});
  if (held == heldLocks().end()) {
    kLog.warn("sht_unlock of a slot this worker did not lock: ", call.strArg(0), "=>",
              call.strArg(1));
    return std::int64_t{1};
  }
  if (--held->second == 0) heldLocks().erase(held);
  t->unlockKey(call.strArg(1));
  return std::int64_t{1};
}

KemiValue kemiIteratorStart(KemiCall& call) {
  HashTable* t = findTable(call, 1);
  if (t == nullptr) return std::int64_t{-1};
  return result(TableIterators::forThisThread().start(call.strArg(0), *t));
}

KemiValue kemiIteratorNext(KemiCall& call) {
  return result(TableIterators::forThisThread().next(call.strArg(0)));
}

KemiValue kemiIteratorEnd(KemiCall& call) {
  return result(TableIterators::forThisThread().end(call.strArg(0)));
}

KemiValue kemiIteratorRm(KemiCall& call) {
  return result(TableIterators::forThisThread().remove(call.strArg(0)));
}

KemiValue kemiIteratorSets(KemiCall& call) {
  return result(TableIterators::forThisThread().set(call.strArg(0),
                                                    Value::string(std::string(call.strArg(1)))));
}

KemiValue kemiIteratorSeti(KemiCall& call) {
  return result(
      TableIterators::forThisThread().set(call.strArg(0), Value::integer(call.intArg(1))));
}

KemiValue kemiIteratorSetex(KemiCall& call) {
  return result(TableIterators::forThisThread().setExpire(call.strArg(0), call.intArg(1)));
}

}  // namespace kemid::htable
