#pragma once
// How kemid_sip talks to libosip2 (internal to the library): the one-time
// initialisation, one owner type per libosip2 handle, list and parameter
// helpers, and conversions to kemid's value types. Only .cpp files of
// src/sip include this: libosip2's headers define macros (SP, osip_free...).

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <osipparser2/osip_parser.h>

#include "sip/sip_uri.h"
#include "sip/via_header.h"

namespace kemid::sip {

// parser_init() once per process (libosip2 builds its header-name table
// there), and libosip2's error traces routed to OsipErrorCapture.
void ensureOsipReady();

// While alive, keeps the first error libosip2 reports on this thread, so a
// refused message can say why ("End of header Not found").
class OsipErrorCapture {
 public:
  OsipErrorCapture();
  ~OsipErrorCapture();
  OsipErrorCapture(const OsipErrorCapture&) = delete;
  OsipErrorCapture& operator=(const OsipErrorCapture&) = delete;

  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::string* previous_;
};

struct OsipStringFree {
  void operator()(char* text) const;
};
struct OsipUriFree {
  void operator()(osip_uri_t* uri) const { osip_uri_free(uri); }
};
struct OsipViaFree {
  void operator()(osip_via_t* via) const { osip_via_free(via); }
};
using OsipString = std::unique_ptr<char, OsipStringFree>;
using OsipUri = std::unique_ptr<osip_uri_t, OsipUriFree>;
using OsipVia = std::unique_ptr<osip_via_t, OsipViaFree>;

// A copy allocated the way libosip2 frees it, for fields it takes over.
char* osipCopy(std::string_view text);

// A libosip2 string as a view; "" for null.
inline std::string_view view(const char* text) {
  return text == nullptr ? std::string_view() : std::string_view(text);
}

// What an osip_*_to_str function prints for `header`; nullopt if it fails.
template <typename T>
std::optional<std::string> printOsip(int (*toStr)(const T*, char**), const T* header) {
  char* text = nullptr;
  if (header == nullptr || toStr(header, &text) != 0 || text == nullptr) return std::nullopt;
  OsipString owned(text);
  return std::string(text);
}

// Calls `visit(T*)` for each element of a libosip2 list, in order, until it
// returns false.
template <typename T, typename Visit>
void forEachOsip(const osip_list_t& list, Visit&& visit) {
  osip_list_iterator_t it;
  for (void* element = osip_list_get_first(&list, &it); element != nullptr;
       element = osip_list_get_next(&it)) {
    if (!visit(static_cast<T*>(element))) return;
  }
}

// The first generic parameter called `name` (case-insensitive), or nullptr.
osip_generic_param_t* findOsipParam(const osip_list_t& params, std::string_view name);

// Gives the parameter `name` the value (nullopt: no '=value'): the first one
// of that name is changed in place, otherwise one is added in front of the
// parameter `before` when there is one, else at the end.
void setOsipParam(osip_list_t& params, std::string_view name, std::optional<std::string_view> value,
                  std::string_view before = {});

// nullopt when the host is missing or a port is not a port number.
std::optional<ViaHeader> toViaHeader(const osip_via_t& via);
std::optional<SipUri> toSipUri(const osip_uri_t& uri);
// null when libosip2 cannot allocate.
OsipUri toOsipUri(const SipUri& uri);

}  // namespace kemid::sip
