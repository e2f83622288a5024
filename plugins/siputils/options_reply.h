#pragma once
// options_reply(): the proxy answers an OPTIONS sent to itself (no user in
// the R-URI) with a stateless 200 listing what it accepts (RFC 3261 §11.2).

#include <string>

#include "core/module_abi.h"

namespace kemid {
class ModuleHost;
struct MessageContext;
}  // namespace kemid

namespace kemid::siputils {

// The modparams options_accept, options_accept_encoding,
// options_accept_language and options_support.
struct OptionsSettings {
  std::string accept = "*/*";
  std::string acceptEncoding;
  std::string acceptLanguage = "en";
  std::string supported;
};

// The header lines options_reply() adds to the 200, in Kamailio's order;
// an empty value is sent empty ("Supported: "), as Kamailio does.
std::string optionsReplyHeaders(const OptionsSettings& settings);

// 1 sent; -1 not an OPTIONS request, an R-URI with a user, sl not loaded or
// the reply not sent.
int replyToOptions(ModuleHost& host, MessageContext& ctx, const OptionsSettings& settings);

}  // namespace kemid::siputils
