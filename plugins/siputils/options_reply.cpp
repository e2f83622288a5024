#include "options_reply.h"

#include "core/log.h"
#include "core/message_context.h"
#include "core/module_host.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sl/sl_api.h"

namespace kemid::siputils {

namespace {
constexpr Logger kLog{"siputils"};
}  // namespace

std::string optionsReplyHeaders(const OptionsSettings& settings) {
  std::string lines;
  lines.append("Accept: ").append(settings.accept).append("\r\n");
  lines.append("Accept-Encoding: ").append(settings.acceptEncoding).append("\r\n");
  lines.append("Accept-Language: ").append(settings.acceptLanguage).append("\r\n");
  lines.append("Supported: ").append(settings.supported).append("\r\n");
  return lines;
}

int replyToOptions(ModuleHost& host, MessageContext& ctx, const OptionsSettings& settings) {
  const SipMessage* request = ctx.message;
  if (request == nullptr || !request->isRequest() || request->method() != "OPTIONS") {
    kLog.err("options_reply() called for a message that is not an OPTIONS request");
    return -1;
  }
  auto uri = SipUri::parse(request->requestUri());
  if (!uri || !uri->user.empty()) return -1;
  auto* sl = host.findApi<sl::SlApi>();
  if (sl == nullptr) {
    kLog.err("options_reply() needs the sl module");
    return -1;
  }
  // As Kamailio's reply lumps: they stay with the request.
  ctx.replyHeaders += optionsReplyHeaders(settings);
  return sl->sendStatelessReply(ctx, 200, "OK") == sl::ReplyOutcome::Sent ? 1 : -1;
}

}  // namespace kemid::siputils
