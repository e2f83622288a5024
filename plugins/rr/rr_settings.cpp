#include "rr_settings.h"

#include "core/log.h"
#include "core/module_params.h"

namespace kemid::rr {

namespace {

constexpr Logger kLog{"rr"};

}  // namespace

RrSettings readSettings(const ModuleParams& params) {
  RrSettings settings;
  settings.appendFromTag = params.getInt("append_fromtag") != 0;
  const std::int64_t doubleRr = params.getInt("enable_double_rr");
  settings.doubleRr = doubleRr == 0 ? 0 : (doubleRr == 2 ? 2 : 1);
  settings.fullLr = params.getInt("enable_full_lr") != 0;
  settings.addUsername = params.getInt("add_username") != 0;
  settings.ignoreSips = params.getInt("ignore_sips") != 0;
  // Accepted so that Kamailio configs load; what they change is not done.
  if (!params.getString("custom_user_avp").empty()) {
    kLog.warn("custom_user_avp is not implemented: add_username uses the Request-URI's user");
  }
  if (params.getInt("force_send_socket") != 0) {
    kLog.warn("force_send_socket is not implemented: the socket follows the destination");
  }
  if (params.getInt("sockname_mode") != 0) {
    kLog.warn("sockname_mode is not implemented: kemid's sockets have no names");
  }
  return settings;
}

}  // namespace kemid::rr
