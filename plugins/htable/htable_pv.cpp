#include "htable_pv.h"

#include "core/log.h"
#include "expired_event.h"
#include "item_match.h"
#include "table_iterators.h"

namespace kemid::htable {
namespace {

constexpr Logger kLog{"htable"};

using pv::PvValue;

struct TableKey {
  HashTable* table = nullptr;
  std::string key;
};

// "table=>key" with the pseudo-variables in key evaluated for ctx; no table
// when the name is malformed or the table unknown (logged).
TableKey resolve(pv::PvApi& pv, HtableModule& module, std::string_view inner, MessageContext& ctx) {
  const std::size_t arrow = inner.find("=>");
  if (arrow == std::string_view::npos) {
    kLog.err("expected table=>key, got ", inner);
    return {};
  }
  TableKey found{module.table(inner.substr(0, arrow)), std::string(inner.substr(arrow + 2))};
  if (found.table == nullptr) kLog.err("no such htable: ", inner.substr(0, arrow));
  if (found.key.find('$') != std::string::npos) {
    auto evaluated = pv.format(found.key, ctx);
    if (!evaluated) return {};
    found.key = std::move(*evaluated);
  }
  return found;
}

PvValue readItem(pv::PvApi& pv, HtableModule& module, std::string_view inner, MessageContext& ctx) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr) return {};
  if (auto v = tk.table->get(tk.key)) return *v;
  if (auto initval = tk.table->declaration().initval) return PvValue::integer(*initval);
  return {};
}

bool writeItem(pv::PvApi& pv, HtableModule& module, std::string_view inner, const PvValue& value,
               MessageContext& ctx) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr) return false;
  if (value.isNull()) {
    tk.table->remove(tk.key);
    return true;
  }
  return tk.table->set(tk.key, value.isInt() ? value : PvValue::string(value.text()));
}

PvValue readExpire(pv::PvApi& pv, HtableModule& module, std::string_view inner,
                   MessageContext& ctx) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr) return {};
  auto item = tk.table->item(tk.key);
  if (!item || item->expires == 0) return PvValue::integer(0);
  return PvValue::integer(item->expires - tk.table->now());
}

bool writeExpire(pv::PvApi& pv, HtableModule& module, std::string_view inner, const PvValue& value,
                 MessageContext& ctx) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr || !value.hasNumber()) return false;
  tk.table->setExpire(tk.key, value.number());
  return true;
}

PvValue readAdded(pv::PvApi& pv, HtableModule& module, std::string_view inner, MessageContext& ctx,
                  std::int64_t delta) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr) return {};
  auto sum = tk.table->add(tk.key, delta);
  return sum ? PvValue::integer(*sum) : PvValue{};
}

// $shtcn / $shtcv: the expression may start with an operator: "~~" regex,
// "%~" starts with, "~%" ends with, "==" equal; without one it is a regex.
PvValue readCount(pv::PvApi& pv, HtableModule& module, std::string_view inner, MessageContext& ctx,
                  bool onValue) {
  TableKey tk = resolve(pv, module, inner, ctx);
  if (tk.table == nullptr) return {};
  std::string_view expression = tk.key;
  MatchOp op = MatchOp::Re;
  if (expression.starts_with("~~")) {
    expression.remove_prefix(2);
  } else if (expression.starts_with("%~")) {
    op = MatchOp::Sw;
    expression.remove_prefix(2);
  } else if (expression.starts_with("~%")) {
    op = MatchOp::Ew;
    expression.remove_prefix(2);
  } else if (expression.starts_with("==")) {
    op = MatchOp::Eq;
    expression.remove_prefix(2);
  }
  auto match = itemMatcher(op, expression, onValue);
  if (!match) return {};
  std::int64_t count = 0;
  for (std::size_t slot = 0; slot < tk.table->slotCount(); ++slot) {
    for (const Item& item : tk.table->slotItems(slot)) count += (*match)(item) ? 1 : 0;
  }
  return PvValue::integer(count);
}

}  // namespace

bool providePseudoVariables(pv::PvApi& pv, HtableModule& module) {
  using Inner = std::string_view;
  using Index = std::optional<int>;
  HtableModule* m = &module;
  pv::PvApi* api = &pv;
  bool ok = pv.provide(
      "sht",
      [=](Inner inner, Index, MessageContext& ctx) { return readItem(*api, *m, inner, ctx); },
      [=](Inner inner, Index, const PvValue& value, MessageContext& ctx) {
        return writeItem(*api, *m, inner, value, ctx);
      });
  ok =
      pv.provide(
          "shtex",
          [=](Inner inner, Index, MessageContext& ctx) { return readExpire(*api, *m, inner, ctx); },
          [=](Inner inner, Index, const PvValue& value, MessageContext& ctx) {
            return writeExpire(*api, *m, inner, value, ctx);
          }) &&
      ok;
  ok = pv.provide("shtinc", [=](Inner inner, Index, MessageContext& ctx) {
    return readAdded(*api, *m, inner, ctx, 1);
  }) && ok;
  ok = pv.provide("shtdec", [=](Inner inner, Index, MessageContext& ctx) {
    return readAdded(*api, *m, inner, ctx, -1);
  }) && ok;
  ok = pv.provide("shtcn", [=](Inner inner, Index, MessageContext& ctx) {
    return readCount(*api, *m, inner, ctx, false);
  }) && ok;
  ok = pv.provide("shtcv", [=](Inner inner, Index, MessageContext& ctx) {
    return readCount(*api, *m, inner, ctx, true);
  }) && ok;
  // Only in the htable:expired event; null (nil) elsewhere, as in Kamailio.
  ok = pv.provide("shtrecord", [](Inner name, Index, MessageContext&) {
    const Item* record = expiredRecord();
    if (record == nullptr) return PvValue{};
    if (name == "key") return PvValue::string(record->name);
    if (name == "value") return record->value;
    kLog.err("unknown $shtrecord attribute: ", name);
    return PvValue{};
  }) && ok;
  ok = pv.provide("shtitkey", [](Inner name, Index, MessageContext&) {
    auto key = TableIterators::forThisThread().key(name);
    return key ? PvValue::string(*key) : PvValue{};
  }) && ok;
  ok = pv.provide("shtitval", [](Inner name, Index, MessageContext&) {
    auto value = TableIterators::forThisThread().value(name);
    return value ? *value : PvValue{};
  }) && ok;
  return ok;
}

}  // namespace kemid::htable
