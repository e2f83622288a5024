#include "auth_db_kemi.h"

#include "auth_db_module.h"
#include "core/message_context.h"
#include "sip/sip_message.h"

namespace kemid::auth_db {
namespace {

// The module, when a request is being routed.
AuthDbModule* moduleFor(const KemiCall& call) {
  const bool request = call.context != nullptr && call.context->message != nullptr &&
                       call.context->message->isRequest();
  return request ? static_cast<AuthDbModule*>(call.state) : nullptr;
}

}  // namespace

KemiValue kemiAuthCheck(KemiCall& call) {
  AuthDbModule* module = moduleFor(call);
  if (module == nullptr) return std::int64_t{-1};
  return std::int64_t{
      module->authCheck(*call.context, call.strArg(0), call.strArg(1), call.intArg(2))};
}

KemiValue kemiIsSubscriber(KemiCall& call) {
  AuthDbModule* module = moduleFor(call);
  if (module == nullptr) return std::int64_t{-1};
  return std::int64_t{
      module->isSubscriber(*call.context, call.strArg(0), call.strArg(1), call.intArg(2))};
}

}  // namespace kemid::auth_db
