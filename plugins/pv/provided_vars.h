#pragma once
// Pseudo-variable classes other modules provide through PvApi::provide
// ($ulc(profile=>attr) from registrar, $sht(t=>k) from htable), known to the
// name parser, read and written through the providing module. Filled at module init, read-only
// while routing.

#include <string>
#include <string_view>

#include "pv_api.h"

namespace kemid::pv {

// The process's registry (one pv module per process).
class ProvidedVars {
 public:
  static ProvidedVars& instance();

  struct Accessors {
    PvApi::Provider read;
    PvApi::Writer write;  // empty: read-only
    bool bare = false;    // written without parentheses ($tls_version)
  };

  // False when `className` is already provided.
  bool add(std::string_view className, Accessors accessors);
  const Accessors* find(std::string_view className) const;
  void clear();
};

}  // namespace kemid::pv
