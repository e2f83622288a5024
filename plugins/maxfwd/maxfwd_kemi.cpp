#include "maxfwd_kemi.h"

#include "core/message_context.h"
#include "max_forwards.h"

namespace kemid::maxfwd {

KemiValue kemiProcessMaxfwd(KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return std::int64_t{-1};
  const int maxLimit = call.state ? static_cast<MaxfwdState*>(call.state)->maxLimit() : 70;
  return toKemi(processMaxForwards(*call.context->message, call.intArg(0), maxLimit));
}

KemiValue kemiIsMaxfwdLt(KemiCall& call) {
  if (call.context == nullptr || call.context->message == nullptr) return std::int64_t{-1};
  return toKemi(compareMaxForwards(*call.context->message, call.intArg(0)));
}

}  // namespace kemid::maxfwd
