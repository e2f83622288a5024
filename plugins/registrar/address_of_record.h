#pragma once
// The address of record a URI stands for, as usrloc keys its records: the
// user part, or user@domain with usrloc's use_domain (Kamailio's
// extract_aor).

#include <optional>
#include <string>
#include <string_view>

#include "registrar_settings.h"

namespace kemid::registrar {

// nullopt when `uri` is not a URI.
std::optional<std::string> addressOfRecord(std::string_view uri, bool useDomain,
                                           const RegistrarSettings& settings);

}  // namespace kemid::registrar
