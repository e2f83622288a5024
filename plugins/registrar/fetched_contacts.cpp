#include "fetched_contacts.h"

#include <map>
#include <string>
#include <vector>

#include "address_of_record.h"
#include "registrar_module.h"
#include "usrloc/usrloc_api.h"

namespace kemid::registrar {
namespace {

using pv::PvValue;
using usrloc::Binding;

struct Profile {
  std::string aor;
  std::string table;
  std::vector<Binding> bindings;
};

std::map<std::string, Profile, std::less<>>& profiles() {
  thread_local std::map<std::string, Profile, std::less<>> all;
  return all;
}

PvValue textOrNull(std::string_view text) {
  return text.empty() ? PvValue{} : PvValue::string(std::string(text));
}

// Kamailio shows these 32-bit fields signed (every method: -1).
PvValue signedValue(std::uint32_t value) {
  return PvValue::integer(static_cast<std::int32_t>(value));
}

// The +sip.instance without its quotes, as Kamailio keeps it.
std::string_view unquoted(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    return text.substr(1, text.size() - 2);
  }
  return text;
}

PvValue contactAttribute(std::string_view attr, const Binding& b) {
  if (attr == "addr") return PvValue::string(b.contact);
  // Kamailio 5.6.3 (measured): empty path and received read "", a missing
  // User-Agent "n/a", a missing instance or socket null.
  if (attr == "path") return PvValue::string(b.path);
  if (attr == "received") return PvValue::string(b.received);
  if (attr == "expires") return PvValue::integer(b.expires);
  if (attr == "callid") return PvValue::string(b.callId);
  if (attr == "q") return PvValue::integer(b.q);
  if (attr == "cseq") return signedValue(b.cseq);
  if (attr == "flags") return signedValue(b.flags);
  if (attr == "cflags") return signedValue(b.cflags);
  if (attr == "user_agent") return PvValue::string(b.userAgent.empty() ? "n/a" : b.userAgent);
  if (attr == "socket") return textOrNull(b.socket);
  if (attr == "modified") return PvValue::integer(b.lastModified);
  if (attr == "methods") return signedValue(b.methods);
  if (attr == "ruid") return textOrNull(b.ruid);
  if (attr == "regid") return signedValue(b.regId);
  if (attr == "instance") return textOrNull(unquoted(b.instance));
  return {};
}

}  // namespace

bool fetchContacts(RegistrarModule& registrar, std::string_view tableName, std::string_view uri,
                   std::string_view profile) {
  profiles().erase(std::string(profile));
  usrloc::LocationTable* table = registrar.table(tableName);
  usrloc::UsrlocApi* usrloc = registrar.usrloc();
  if (table == nullptr || usrloc == nullptr) return false;
  auto aor = addressOfRecord(uri, usrloc->useDomain(), registrar.settings());
  if (!aor) return false;
  std::vector<Binding> bindings = table->find(*aor, usrloc->now());
  if (bindings.empty()) return false;
  profiles().insert_or_assign(std::string(profile),
                              Profile{*aor, std::string(tableName), std::move(bindings)});
  return true;
}

bool freeContacts(std::string_view profile) {
  return profiles().erase(std::string(profile)) > 0;
}

PvValue readFetchedContact(std::string_view inner, std::optional<int> index) {
  const std::size_t arrow = inner.find("=>");
  if (arrow == std::string_view::npos) return {};
  auto it = profiles().find(inner.substr(0, arrow));
  if (it == profiles().end()) return {};
  const Profile& p = it->second;
  const std::string_view attr = inner.substr(arrow + 2);
  if (attr == "aor") return PvValue::string(p.aor);
  if (attr == "domain") return PvValue::string(p.table);
  if (attr == "count") return PvValue::integer(static_cast<std::int64_t>(p.bindings.size()));
  const int i = index.value_or(0);
  if (i < 0 || static_cast<std::size_t>(i) >= p.bindings.size()) return {};
  return contactAttribute(attr, p.bindings[static_cast<std::size_t>(i)]);
}

}  // namespace kemid::registrar
