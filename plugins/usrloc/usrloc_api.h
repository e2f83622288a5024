#pragma once
// What usrloc offers registrar (Kamailio's usrloc API, bind_usrloc). Found
// with
//   host.findApi<kemid::usrloc::UsrlocApi>()
// which is null when usrloc is not loaded. Header-only on the caller's side.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "usrloc/location_table.h"

namespace kemid::usrloc {

// How save matches a Contact of a REGISTER to a stored binding (usrloc's
// matching_mode).
enum class MatchingMode { Contact = 0, ContactCallId = 1, ContactPath = 2, CallId = 3 };

class UsrlocApi {
 public:
  static constexpr std::string_view kApiName = "usrloc";
  static constexpr std::uint32_t kApiVersion = 2;  // see VersionedApi (core/module_host.h)

  // The table `name` ("location"), or null when usrloc does not know it:
  // as in Kamailio, a KEMI script's tables are the ones named by
  // modparam("usrloc", "preload", ...).
  virtual LocationTable* table(std::string_view name) = 0;

  // Every table, in name order (nathelper pings the bindings of all).
  virtual std::vector<LocationTable*> tables() = 0;

  // modparam use_domain: AoRs are user@domain, not user.
  virtual bool useDomain() const = 0;
  // modparam nat_bflag as a mask (0: not set).
  virtual std::uint32_t natFlagMask() const = 0;
  virtual MatchingMode matchingMode() const = 0;

  // The current time in seconds since the epoch, as usrloc's expiry sees it.
  virtual std::int64_t now() const = 0;
  // A new unique record id for a binding.
  virtual std::string newRuid() = 0;

 protected:
  ~UsrlocApi() = default;  // owned by usrloc, never deleted through this
};

}  // namespace kemid::usrloc
