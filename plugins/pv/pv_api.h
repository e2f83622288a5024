#pragma once
// What pv offers other modules (xlog, kemix): pseudo-variables read by
// name and pv formats evaluated, with pv's own semantics. Found with
//   host.findApi<kemid::pv::PvApi>()
// which is null when pv is not loaded. Header-only on the caller's side.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "pv/pv_value.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::pv {

class PvApi {
 public:
  static constexpr std::string_view kApiName = "pv";
  static constexpr std::uint32_t kApiVersion = 5;  // see VersionedApi (core/module_host.h)

  // The value of the pseudo-variable `name` ("$ru", "$var(x)") for ctx, as
  // KSR.pv.get reads it; nullopt (logged) when name is not one.
  virtual std::optional<PvValue> get(std::string_view name, MessageContext& ctx) = 0;

  // `format` with every pseudo-variable replaced by its value as text
  // ("<null>" for a null one; "$$" is "$"), as xlog prints it; nullopt
  // (logged) when a "$" in it does not start a pseudo-variable.
  virtual std::optional<std::string> format(std::string_view format, MessageContext& ctx) = 0;
  // Assigns `value` to the pseudo-variable `name` ("$avp(x)", "$var(x)"), as
  // KSR.pv.sets/seti do; false when name is not one or the value does not
  // fit. A read-only one (Kamailio answers true) counts as assigned.
  virtual bool set(std::string_view name, const PvValue& value, MessageContext& ctx) {
    (void)name, (void)value, (void)ctx;
    return false;  // an implementation that only reads (test fakes)
  }

  // Reads a provided pseudo-variable: the text in its parentheses and the
  // index of $(name(...)[i]) (nullopt without one); null when there is no
  // such value.
  using Provider =
      std::function<PvValue(std::string_view inner, std::optional<int> index, MessageContext& ctx)>;
  // Writes one: `value` null is an unset ($x = $null, KSR.pv.unset); false
  // when the value does not fit (KSR.pv.sets answers false).
  using Writer = std::function<bool(std::string_view inner, std::optional<int> index,
                                    const PvValue& value, MessageContext& ctx)>;
  // Lets `className` ("ulc") name a pseudo-variable class, read through
  // `provider`, written through `writer` (none: read-only, a write changes
  // nothing). Call at init, before any script runs; false when the name is
  // taken (pv's own or provided).
  virtual bool provide(std::string_view className, Provider provider, Writer writer = {}) {
    (void)className, (void)provider, (void)writer;
    return false;
  }
  // Lets `name` ("tls_version") name a pseudo-variable written without
  // parentheses, read-only, read through `provider` (whose inner text is
  // empty). Call at init; false when the name is taken.
  virtual bool provideName(std::string_view name, Provider provider) {
    (void)name, (void)provider;
    return false;
  }

 protected:
  ~PvApi() = default;  // owned by pv, never deleted through this
};

}  // namespace kemid::pv
