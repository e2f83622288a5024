#pragma once
// reg_fetch_contacts / reg_free_contacts and what $ulc(profile=>attr)
// reads: a copy of an AoR's bindings kept under a profile name. Profiles
// belong to the worker thread, as Kamailio's belong to the process, and
// stay until freed or fetched again.

#include <cstdint>
#include <optional>
#include <string_view>

#include "pv/pv_value.h"

namespace kemid {
struct MessageContext;
}

namespace kemid::registrar {

class RegistrarModule;

// Copies the bindings of `uri`'s AoR valid now in `table` into `profile`
// (emptied first); false when there are none or `uri` or `table` is bad.
bool fetchContacts(RegistrarModule& registrar, std::string_view table, std::string_view uri,
                   std::string_view profile);
// Empties `profile`; false when it was never fetched.
bool freeContacts(std::string_view profile);

// $ulc(profile=>attr) and $(ulc(profile=>attr)[i]) (the first contact
// without an index); null for an unknown profile, attribute or contact.
pv::PvValue readFetchedContact(std::string_view inner, std::optional<int> index);

}  // namespace kemid::registrar
