#pragma once
// registrar's save(): the REGISTER's contacts into a location table (RFC
// 3261 §10.3), and its reply listing every binding of the AoR.

#include <cstdint>
#include <optional>
#include <string_view>

namespace kemid {
struct MessageContext;
}

namespace kemid::registrar {

class RegistrarModule;

// save()'s flags (Kamailio's REG_SAVE_*).
inline constexpr std::uint32_t kSaveMemoryOnly = 0x01;
inline constexpr std::uint32_t kSaveNoReply = 0x02;
inline constexpr std::uint32_t kSaveSingleContact = 0x04;
inline constexpr std::uint32_t kSaveSkipExpiresRange = 0x08;
inline constexpr std::uint32_t kSavePrepareReply = 0x10;

// The values are Kamailio's return codes.
enum class SaveResult {
  Added = 1,     // a contact added, or nothing changed
  Updated = 2,   // an existing contact refreshed
  Removed = 3,   // a contact removed (expires 0) or "Contact: *"
  Queried = 4,   // no Contact: the bindings were only listed
  Error = -1,    // refused or failed (the error reply sent)
  TooMany = -2,  // max_contacts exceeded (503 sent)
};

// Saves the contacts of the REGISTER in ctx for the AoR of its To URI, or
// of `aorUri` when given (save_uri), and replies unless kSaveNoReply.
SaveResult save(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                std::uint32_t flags, std::optional<std::string_view> aorUri = std::nullopt);

// set_q_override(q): the q-value every contact saved for this request gets
// ("0.5"); false when q is not a q-value.
bool setQOverride(MessageContext& ctx, std::string_view q);

// add_sock_hdr(name): a header field `name` carrying the socket the request
// arrived on ("udp:192.0.2.1:5060"), for a registrar behind this proxy that
// reads it with sock_hdr_name.
bool addSocketHeader(MessageContext& ctx, std::string_view name);

}  // namespace kemid::registrar
