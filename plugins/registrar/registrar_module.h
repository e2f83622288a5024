#pragma once
// registrar's runtime state: settings, statistics, and the way to the
// modules it uses (usrloc for the tables, sl/tm for replies, pv for
// received_avp), looked up when first needed.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/module_abi.h"
#include "registrar_settings.h"

namespace kemid {
struct MessageContext;
class ModuleHost;
class StatisticsRegistry;
}  // namespace kemid

namespace kemid::usrloc {
class UsrlocApi;
class LocationTable;
}  // namespace kemid::usrloc

namespace kemid::registrar {

struct RegistrarCounters {
  std::atomic<std::uint64_t> acceptedRegs{0};
  std::atomic<std::uint64_t> rejectedRegs{0};
};

class RegistrarModule final : public ModuleState {
 public:
  RegistrarModule(ModuleHost& host, RegistrarSettings settings)
      : host_(host), settings_(std::move(settings)) {}

  const RegistrarSettings& settings() const { return settings_; }
  RegistrarCounters& counters() { return counters_; }

  // usrloc's API, null (logged) when usrloc is not loaded.
  usrloc::UsrlocApi* usrloc() const;
  // The table `name`, null (logged as Kamailio does) when usrloc does not
  // know it.
  usrloc::LocationTable* table(std::string_view name) const;

  // Replies to the request in ctx with ctx.replyHeaders, through its
  // transaction when it has one (Kamailio's sl freply), else statelessly.
  bool reply(MessageContext& ctx, int code, std::string_view reason) const;

  // The value of the pseudo-variable `name` as text, empty when unset.
  std::string pvText(std::string_view name, MessageContext& ctx) const;

  // registrar's statistics, Kamailio's names in group "registrar".
  void registerStatistics(StatisticsRegistry& registry);

 private:
  ModuleHost& host_;
  RegistrarSettings settings_;
  RegistrarCounters counters_;
};

}  // namespace kemid::registrar
