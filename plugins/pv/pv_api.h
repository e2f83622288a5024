#pragma once
// What pv offers other modules: the value of a pseudo-variable for the
// message a module is handling (acc's log_extra, xlog-style formats).
// Found with
//   host.findApi<kemid::pv::PvApi>()
// which is null when pv is not loaded (or not initialised yet).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kemid {
struct MessageContext;
}

namespace kemid::pv {

class PvApi {
 public:
  static constexpr std::string_view kApiName = "pv";
  static constexpr std::uint32_t kApiVersion = 1;  // see VersionedApi (core/module_host.h)

  // Whether `name` ("$fU", "$hdr(X)") is a pseudo-variable pv knows.
  virtual bool isPseudoVariable(std::string_view name) const = 0;

  // The text of `name` for ctx's message (an integer in decimal), as
  // KSR.pv.get reads it; nullopt when the value is null or `name` is not a
  // pseudo-variable. Safe from any thread.
  virtual std::optional<std::string> valueText(std::string_view name, MessageContext& ctx) = 0;

 protected:
  ~PvApi() = default;  // owned by pv, never deleted through this
};

}  // namespace kemid::pv
