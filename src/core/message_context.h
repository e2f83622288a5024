#pragma once
// Everything routing knows about the message being handled, beyond the SIP
// text itself: where it came from, where it goes next, which route runs,
// flags, and the transaction tm attached. KEMI functions receive it.

#include <cstdint>
#include <memory>
#include <string>

#include "core/network.h"

namespace kemid {

class SipMessage;

// Which script callback is running (Kamailio's route types).
enum class RouteType { Request, Reply, Branch, OnReply, Failure };

struct MessageContext {
  SipMessage* message = nullptr;
  ReceiveInfo received;
  RouteType routeType = RouteType::Request;
  std::string dstUri;             // $du: next hop overriding the Request-URI; empty when unset
  std::uint32_t flags = 0;        // message flags (setflag/isflagset)
  std::uint32_t branchFlags = 0;  // flags of branch 0 (setbflag/isbflagset)
  bool dropped = false;           // KSR.x.drop() / drop: do not forward
  void* transaction = nullptr;    // tm's transaction for this message, when it has one
  int branchIndex = 0;            // $T_branch_idx in branch/onreply/failure routes
  int replyCode = 0;              // $T_reply_code in failure/onreply routes
  // Header lines (each ending in CRLF) for any reply kemid generates for
  // this request (KSR.hdr.append_to_reply); sl and tm add them.
  std::string replyHeaders;
  // What modules keep per message for the script (pv's $avp, $ou), created
  // on first use. tm keeps the pointer with the transaction and hands it to
  // the branch, onreply and failure routes, as Kamailio keeps AVPs in the
  // transaction. Mutable: a module reading a const context may create it.
  mutable std::shared_ptr<void> scriptData;
};

}  // namespace kemid
