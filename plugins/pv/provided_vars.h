#pragma once
// Pseudo-variable classes other modules provide through PvApi::provide
// ($ulc(profile=>attr) from registrar), known to the name parser and read
// through the provider. Filled at module init, read-only while routing.

#include <string>
#include <string_view>

#include "pv_api.h"

namespace kemid::pv {

// The process's registry (one pv module per process).
class ProvidedVars {
 public:
  static ProvidedVars& instance();

  // False when `className` is already provided.
  bool add(std::string_view className, PvApi::Provider provider);
  const PvApi::Provider* find(std::string_view className) const;
  void clear();
};

}  // namespace kemid::pv
