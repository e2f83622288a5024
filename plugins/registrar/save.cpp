#include "save.h"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "address_of_record.h"
#include "core/log.h"
#include "core/message_context.h"
#include "core/slot_table.h"
#include "registrar_module.h"
#include "request_contacts.h"
#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/raw_scan.h"
#include "sip/sip_message.h"
#include "sip/sip_uri.h"
#include "sip/transport.h"
#include "usrloc/usrloc_api.h"

namespace kemid::registrar {

namespace {

constexpr Logger kLog{"registrar"};

using usrloc::Binding;

// An error reply: code, reason, and the P-Registrar-Error text.
struct Refusal {
  int code;
  std::string_view reason;
  std::string_view error;
};

constexpr Refusal kBadAor{400, "Bad Request", "Error while parsing AOR"};
constexpr Refusal kBadContact{400, "Bad Request", "Contact parse error"};
constexpr Refusal kBadQ{400, "Bad Request", "Invalid q param in contact"};
constexpr Refusal kStarWithOthers{400, "Bad Request", "* used in contact and more than 1 contact"};
constexpr Refusal kStarNotZero{400, "Bad Request", "* used in contact and expires is not zero"};
constexpr Refusal kBadExpires{400, "Bad Request", "Expires parse error"};
constexpr Refusal kTooBrief{423, "Interval Too Brief", "Interval too brief"};
constexpr Refusal kTooMany{503, "Service Unavailable", "Too many registered contacts"};
constexpr Refusal kPathUnsupported{420, "Bad Extension", "No support for found Path indicated"};
constexpr Refusal kOutOfOrder{400, "Bad Request", "Invalid CSeq number"};
constexpr Refusal kTableError{500, "Server Internal Error", "usrloc_record_insert failed"};
// usrloc's database refused a binding (db_mode 1, 3).
constexpr Refusal kInsertFailed{500, "Server Internal Error", "usrloc_contact_insert failed"};
constexpr Refusal kUpdateFailed{500, "Server Internal Error", "usrloc_contact_update failed"};
constexpr Refusal kDeleteFailed{500, "Server Internal Error", "usrloc_contact_delete failed"};

// set_q_override's value for the message being handled.
struct QOverride {
  int q;
};
const SlotKey<QOverride> kQOverrideSlot{SlotScope::Message};

// "udp:127.0.0.1:5060": the socket the request arrived on, as usrloc
// stores it.
std::string receivedSocket(const MessageContext& ctx) {
  return std::string(transportName(ctx.received.transport)) + ":" + ctx.received.local.ip + ":" +
         std::to_string(ctx.received.local.port);
}

class Saver {
 public:
  Saver(RegistrarModule& registrar, MessageContext& ctx, std::uint32_t flags)
      : registrar_(registrar),
        settings_(registrar.settings()),
        ctx_(ctx),
        message_(*ctx.message),
        flags_(flags) {}

  SaveResult run(std::string_view tableName, std::optional<std::string_view> aorUri);

 private:
  SaveResult refuse(const Refusal& refusal, SaveResult result = SaveResult::Error);
  // A refusal met while processing the contacts against the AoR's record:
  // Kamailio lists the bindings the AoR keeps in it.
  SaveResult refuseListing(usrloc::LocationTable& table, const std::string& aor,
                           const Refusal& refusal, SaveResult result = SaveResult::Error);
  SaveResult accept(SaveResult result, const std::vector<Binding>& bindings);
  std::optional<std::int64_t> headerExpires() const;
  // The seconds a contact asks for: its expires parameter, the Expires
  // field, or default_expires; then max_expires and min_expires applied.
  // nullopt when it is too brief and min_expires_mode refuses it.
  std::optional<std::int64_t> contactExpires(const RequestContact& contact) const;
  Binding newBinding(const RequestContact& contact, std::int64_t expiresAt) const;
  bool matches(const Binding& stored, const RequestContact& contact) const;
  std::string contactHeader(const std::vector<Binding>& bindings) const;
  bool uaSupportsPath() const;

  RegistrarModule& registrar_;
  const RegistrarSettings& settings_;
  MessageContext& ctx_;
  const SipMessage& message_;
  std::uint32_t flags_;
  usrloc::UsrlocApi* usrloc_ = nullptr;
  std::int64_t now_ = 0;
  std::string path_;      // the Path to store (use_path)
  std::string received_;  // received_avp's value
};

SaveResult Saver::refuse(const Refusal& refusal, SaveResult result) {
  registrar_.counters().rejectedRegs.fetch_add(1, std::memory_order_relaxed);
  if (refusal.code == kTooBrief.code) {
    ctx_.replyHeaders += "Min-Expires: " + std::to_string(settings_.minExpires) + "\r\n";
  }
  ctx_.replyHeaders += "P-Registrar-Error: " + std::string(refusal.error) + "\r\n";
  if (refusal.code >= 500 && settings_.retryAfter > 0) {
    ctx_.replyHeaders += "Retry-After: " + std::to_string(settings_.retryAfter) + "\r\n";
  }
  if ((flags_ & kSaveNoReply) == 0) registrar_.reply(ctx_, refusal.code, refusal.reason);
  return result;
}

SaveResult Saver::accept(SaveResult result, const std::vector<Binding>& bindings) {
  registrar_.counters().acceptedRegs.fetch_add(1, std::memory_order_relaxed);
  // kSavePrepareReply (with kSaveNoReply) leaves the headers for the
  // script's own reply; without it nothing is prepared.
  if ((flags_ & kSaveNoReply) != 0 && (flags_ & kSavePrepareReply) == 0) return result;
  ctx_.replyHeaders += contactHeader(bindings);
  if (!path_.empty() && (settings_.pathMode == PathMode::Off || uaSupportsPath())) {
    ctx_.replyHeaders += "Path: " + path_ + "\r\n";
  }
  // As Kamailio, a 200 that cannot be sent (a transaction answered
  // already) fails the call.
  if ((flags_ & kSaveNoReply) == 0 && !registrar_.reply(ctx_, 200, "OK")) {
    return SaveResult::Error;
  }
  return result;
}

SaveResult Saver::refuseListing(usrloc::LocationTable& table, const std::string& aor,
                                const Refusal& refusal, SaveResult result) {
  ctx_.replyHeaders += contactHeader(table.find(aor, now_));
  return refuse(refusal, result);
}

std::string Saver::contactHeader(const std::vector<Binding>& bindings) const {
  std::string line;
  for (const Binding& b : bindings) {
    if (!b.validAt(now_)) continue;
    line += line.empty() ? "Contact: <" : ", <";
    line += b.contact;
    line += '>';
    if (b.q >= 0) line += ";q=" + formatQ(b.q);
    // A permanent binding (ul.add with expires 0) is listed with 0 left.
    line += ";expires=" + std::to_string(b.expires == 0 ? 0 : b.expires - now_);
    if (!b.received.empty() && !settings_.receivedParam.empty()) {
      line += ";" + settings_.receivedParam + "=\"" + b.received + "\"";
    }
    if (!b.instance.empty()) line += ";+sip.instance=" + b.instance;
    if (b.regId != 0) line += ";reg-id=" + std::to_string(b.regId);
  }
  if (!line.empty()) line += "\r\n";
  return line;
}

bool Saver::uaSupportsPath() const {
  for (std::string_view tag : message_.headerElements("Supported")) {
    if (sip::iequals(sip::trimLws(tag), "path")) return true;
  }
  return false;
}

std::optional<std::int64_t> Saver::headerExpires() const {
  auto value = message_.header("Expires");
  if (!value) return std::nullopt;
  std::int64_t seconds = 0;
  const std::string_view text = sip::trimLws(*value);
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    seconds = std::min<std::int64_t>(seconds * 10 + (c - '0'), INT32_MAX);
  }
  return text.empty() ? std::nullopt : std::optional(seconds);
}

std::optional<std::int64_t> Saver::contactExpires(const RequestContact& contact) const {
  std::int64_t seconds =
      contact.expires.value_or(headerExpires().value_or(settings_.defaultExpires));
  if (seconds == 0) return 0;
  if ((flags_ & kSaveSkipExpiresRange) != 0) return seconds;
  if (settings_.maxExpires > 0 && seconds > settings_.maxExpires) seconds = settings_.maxExpires;
  if (seconds < settings_.minExpires) {
    if (settings_.rejectTooBrief) return std::nullopt;
    seconds = settings_.minExpires;
  }
  return seconds;
}

Binding Saver::newBinding(const RequestContact& contact, std::int64_t expiresAt) const {
  Binding b;
  b.contact = contact.uri;
  b.received = received_;
  b.path = path_;
  b.expires = expiresAt;
  if (const QOverride* q = ctx_.findSlot(kQOverrideSlot)) {
    b.q = q->q;
  } else {
    b.q = contact.q >= 0 ? contact.q : settings_.defaultQ;
  }
  b.callId = message_.callId();
  b.cseq = message_.cseqNumber();
  b.cflags = ctx_.branchFlags;
  b.userAgent = message_.header("User-Agent").value_or("");
  b.socket = receivedSocket(ctx_);
  if (!settings_.socketHeader.empty()) {
    // A proxy in front named the socket it received the REGISTER on.
    if (auto named = message_.header(settings_.socketHeader)) b.socket = *named;
  }
  if (contact.methods) {
    b.methods = methodMask(*contact.methods);
  } else if (auto allow = message_.headerElements("Allow"); !allow.empty()) {
    b.methods = 0;
    for (std::string_view method : allow) b.methods |= methodBit(sip::trimLws(method));
  }
  b.instance = contact.instance;
  b.regId = contact.regId;
  b.ruid = usrloc_->newRuid();
  b.lastModified = now_;
  return b;
}

bool Saver::matches(const Binding& stored, const RequestContact& contact) const {
  switch (usrloc_->matchingMode()) {
    case usrloc::MatchingMode::ContactCallId:
      return stored.contact == contact.uri && stored.callId == message_.callId();
    case usrloc::MatchingMode::ContactPath:
      return stored.contact == contact.uri && stored.path == path_;
    case usrloc::MatchingMode::CallId:
      return stored.callId == message_.callId();
    case usrloc::MatchingMode::Contact:
      break;
  }
  return stored.contact == contact.uri;
}

SaveResult Saver::run(std::string_view tableName, std::optional<std::string_view> aorUri) {
  usrloc::LocationTable* table = registrar_.table(tableName);
  usrloc_ = registrar_.usrloc();
  if (table == nullptr || usrloc_ == nullptr) return SaveResult::Error;
  now_ = usrloc_->now();

  const std::string uri = aorUri ? std::string(*aorUri) : message_.toUri();
  auto aor = addressOfRecord(uri, usrloc_->useDomain(), settings_);
  if (!aor) return refuse(kBadAor);

  auto read = readContacts(message_);
  if (auto* error = std::get_if<ContactError>(&read)) {
    if (*error == ContactError::InvalidQ) return refuseListing(*table, *aor, kBadQ);
    if (*error == ContactError::StarWithOthers) return refuse(kStarWithOthers);
    return refuse(kBadContact);
  }
  auto& contacts = std::get<RequestContacts>(read);
  if (message_.header("Expires") && !headerExpires()) return refuse(kBadExpires);

  if (settings_.usePath) {
    // Each Path field's value as written, fields joined by ",", as
    // Kamailio keeps its path vector.
    const std::string text = message_.receivedText();
    sip::RawHeaderScanner scanner(text);
    while (auto field = scanner.next()) {
      if (!sip::sameHeaderName(sip::expandCompactName(field->name), "Path")) continue;
      path_.append(path_.empty() ? "" : ",").append(field->value);
    }
    if (!path_.empty() && settings_.pathMode == PathMode::Strict && !uaSupportsPath()) {
      return refuse(kPathUnsupported);
    }
  }
  if (!settings_.receivedAvp.empty()) received_ = registrar_.pvText(settings_.receivedAvp, ctx_);
  if (settings_.pathUseReceived && !path_.empty()) {
    // The edge proxy's ";received=" in its Path entry (path_use_received).
    std::string_view first = path_;
    if (auto hop = SipUri::parse(nameAddrUri(first.substr(0, first.find(','))))) {
      const SipParam* rcv = findParam(hop->params, "received");
      if (rcv != nullptr && rcv->value) received_ = *rcv->value;
    }
  }

  if (std::holds_alternative<StarContact>(contacts)) {
    // "*" removes every binding, and only with Expires: 0 (§10.2.2).
    if (headerExpires().value_or(-1) != 0) return refuse(kStarNotZero);
    table->update(*aor, now_, [](std::vector<Binding>& bs) {
      bs.clear();
      return 0;
    });
    return accept(SaveResult::Removed, {});
  }

  const auto& list = std::get<std::vector<RequestContact>>(contacts);
  if (list.empty()) return accept(SaveResult::Queried, table->find(*aor, now_));

  // Every contact's lifetime first: one too brief refuses the whole REGISTER.
  std::vector<std::int64_t> lifetimes;
  for (const RequestContact& contact : list) {
    auto seconds = contactExpires(contact);
    if (!seconds) return refuseListing(*table, *aor, kTooBrief);
    lifetimes.push_back(*seconds);
  }

  constexpr int kTooManyContacts = -2;
  constexpr int kOutOfOrderCSeq = -3;
  const std::string callId = message_.callId();
  const std::uint32_t cseq = message_.cseqNumber();
  SaveResult last = SaveResult::Added;
  const int outcome = table->update(*aor, now_, [&](std::vector<Binding>& bs) {
    const std::vector<Binding> before = bs;
    if ((flags_ & kSaveSingleContact) != 0) {
      std::erase_if(bs, [&](const Binding& b) {
        return std::none_of(list.begin(), list.end(),
                            [&](const RequestContact& c) { return matches(b, c); });
      });
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
      const RequestContact& contact = list[i];
      const std::int64_t seconds = lifetimes[i];
      auto stored =
          std::find_if(bs.begin(), bs.end(), [&](const Binding& b) { return matches(b, contact); });
      if (stored == bs.end()) {
        // After the bindings of equal q (the table sorts by q, stably), as
        // Kamailio orders a new contact: the oldest of equal q comes first.
        if (seconds > 0) bs.push_back(newBinding(contact, now_ + seconds));
        last = SaveResult::Added;
      } else if (stored->callId == callId && cseq < stored->cseq) {
        // An older REGISTER of the same registration arriving late.
        bs = before;
        return kOutOfOrderCSeq;
      } else if (stored->callId == callId && cseq == stored->cseq) {
        // A retransmission: nothing changes (Kamailio answers 1).
        last = SaveResult::Added;
      } else if (seconds == 0) {
        bs.erase(stored);
        last = SaveResult::Removed;
      } else {
        Binding refreshed = newBinding(contact, now_ + seconds);
        refreshed.ruid = stored->ruid;
        *stored = std::move(refreshed);
        last = SaveResult::Updated;
      }
    }
    if (settings_.maxContacts > 0 && std::cmp_greater(bs.size(), settings_.maxContacts)) {
      bs = before;
      return kTooManyContacts;
    }
    return static_cast<int>(last);
  });
  if (outcome == kTooManyContacts)
    return refuseListing(*table, *aor, kTooMany, SaveResult::TooMany);
  if (outcome == kOutOfOrderCSeq) return refuseListing(*table, *aor, kOutOfOrder);
  if (outcome == usrloc::kDatabaseError) {
    if (last == SaveResult::Removed) return refuse(kDeleteFailed);
    return refuse(last == SaveResult::Updated ? kUpdateFailed : kInsertFailed);
  }
  if (outcome < 0) return refuse(kTableError);
  // What the table keeps now, in its order.
  return accept(static_cast<SaveResult>(outcome), table->find(*aor, now_));
}

}  // namespace

bool setQOverride(MessageContext& ctx, std::string_view q) {
  auto value = parseQ(q);
  if (!value) return false;
  ctx.emplaceSlot(kQOverrideSlot, QOverride{*value});
  return true;
}

bool addSocketHeader(MessageContext& ctx, std::string_view name) {
  if (ctx.message == nullptr || !ctx.message->isRequest() || name.empty()) return false;
  return ctx.message->appendHeader(name, receivedSocket(ctx));
}

SaveResult save(RegistrarModule& registrar, MessageContext& ctx, std::string_view table,
                std::uint32_t flags, std::optional<std::string_view> aorUri) {
  if (ctx.message == nullptr || !ctx.message->isRequest()) {
    kLog.err("save() needs a request");
    return SaveResult::Error;
  }
  return Saver(registrar, ctx, flags).run(table, aorUri);
}

}  // namespace kemid::registrar
