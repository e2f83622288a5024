#include "registrar_module.h"

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "core/statistics_registry.h"
#include "pv/pv_api.h"
#include "sl/sl_api.h"
#include "tm/tm_api.h"
#include "usrloc/usrloc_api.h"

namespace kemid::registrar {

namespace {
constexpr Logger kLog{"registrar"};
}

usrloc::UsrlocApi* RegistrarModule::usrloc() const {
  auto* api = host_.findApi<usrloc::UsrlocApi>();
  if (api == nullptr) kLog.err("the usrloc module is not loaded");
  return api;
}

usrloc::LocationTable* RegistrarModule::table(std::string_view name) const {
  usrloc::UsrlocApi* api = usrloc();
  if (api == nullptr) return nullptr;
  usrloc::LocationTable* table = api->table(name);
  if (table == nullptr) {
    kLog.err("usrloc domain [", name,
             "] not found (preload it: modparam(\"usrloc\", \"preload\", \"", name, "\"))");
  }
  return table;
}

bool RegistrarModule::reply(MessageContext& ctx, int code, std::string_view reason) const {
  if (auto* tm = host_.findApi<tm::TmApi>()) {
    if (auto sent = tm->replyIfTransaction(ctx, code, reason)) return *sent > 0;
  }
  auto* sl = host_.findApi<sl::SlApi>();
  if (sl == nullptr) {
    kLog.err("cannot send the ", code, " reply: the sl module is not loaded");
    return false;
  }
  return sl->sendStatelessReply(ctx, code, reason) == sl::ReplyOutcome::Sent;
}

std::string RegistrarModule::pvText(std::string_view name, MessageContext& ctx) const {
  auto* pv = host_.findApi<pv::PvApi>();
  if (pv == nullptr) return {};
  auto value = pv->get(name, ctx);
  if (!value || value->isNull()) return {};
  return value->toText();
}

void RegistrarModule::registerStatistics(StatisticsRegistry& registry) {
  const auto constant = [](std::int64_t value) {
    return [value] { return static_cast<std::uint64_t>(value); };
  };
  registry.addStatistic("registrar", "max_expires", constant(settings_.maxExpires));
  registry.addStatistic("registrar", "max_contacts", constant(settings_.maxContacts));
  registry.addStatistic("registrar", "default_expire", constant(settings_.defaultExpires));
  registry.addStatistic("registrar", "default_expires_range", constant(0));
  registry.addStatistic("registrar", "expires_range", constant(0));
  registry.addStatistic("registrar", "accepted_regs", counters_.acceptedRegs, true);
  registry.addStatistic("registrar", "rejected_regs", counters_.rejectedRegs, true);
}

}  // namespace kemid::registrar
