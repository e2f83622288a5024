#pragma once
// registrar's lookup(), registered() and unregister(): the bindings of an
// AoR turned into the request's destinations (Request-URI and branches).

#include <optional>
#include <string_view>

namespace kemid {
struct MessageContext;
}

namespace kemid::registrar {

class RegistrarModule;

// The values are Kamailio's return codes.
enum class LookupResult {
  Found = 1,
  NotFound = -1,          // no AoR, or no valid binding
  MethodNotAllowed = -2,  // bindings, none accepting the method (method_filtering)
  Error = -3,
};

// Rewrites the Request-URI to the best binding of the AoR of the
// Request-URI (or of `uri`: lookup_uri) and, with append_branches, adds the
// others as branches in q order; $du from the binding's Path or received.
LookupResult lookup(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                    std::optional<std::string_view> uri = std::nullopt);

// lookup() for the Request-URI and for every branch already in the
// destination set, each replaced by its bindings (lookup_branches).
LookupResult lookupBranches(RegistrarModule& registrar, MessageContext& ctx,
                            std::string_view table);

// Whether the AoR of the Request-URI (or of `uri`) has a valid binding.
bool registered(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                std::optional<std::string_view> uri = std::nullopt);

// Removes every binding of the AoR of `uri`, or only the one with `ruid`;
// false when the table is unknown or the URI is not one.
bool unregister(RegistrarModule& registrar, std::string_view table, std::string_view uri,
                std::optional<std::string_view> ruid = std::nullopt);

}  // namespace kemid::registrar
