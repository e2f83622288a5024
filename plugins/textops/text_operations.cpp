#include "text_operations.h"

#include <algorithm>
#include <array>

#include "body_parts.h"
#include "message_text.h"
#include "sip/ascii.h"
#include "sip/header_names.h"
#include "sip/sip_message.h"

namespace kemid::textops {
namespace {

struct Bounds {
  std::size_t from;
  std::size_t to;
};

Bounds boundsOf(const MessageText& text, Region region) {
  switch (region) {
    case Region::Message:
      return {0, text.text().size()};
    case Region::Headers:
      return {text.headersStart(), text.text().size()};
    case Region::Head:
      return {text.headersStart(), text.headEnd()};
    case Region::Body:
      break;
  }
  return {text.headEnd(), text.text().size()};
}

EditOutcome record(SipMessage& message, const std::vector<Replacement>& replacements) {
  if (replacements.empty()) return EditOutcome::NotFound;
  bool refused = false;
  for (const Replacement& r : replacements) {
    if (!message.editText(r.offset, r.length, r.text)) refused = true;
  }
  return refused ? EditOutcome::Refused : EditOutcome::Done;
}

std::vector<const HeaderField*> fieldsCalled(const MessageText& text, std::string_view name,
                                             std::string_view which) {
  std::vector<const HeaderField*> found;
  for (const HeaderField& field : text.fields()) {
    if (sip::sameHeaderName(field.name, name)) found.push_back(&field);
  }
  if (found.empty()) return found;
  if (which == "f") return {found.front()};
  if (which == "l") return {found.back()};
  return found;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

bool search(const SipMessage& message, const PosixRegex& regex, Region region) {
  const MessageText text(message);
  const Bounds b = boundsOf(text, region);
  if (region == Region::Body && b.from == b.to) return false;
  return regex.find(text.text(), b.from, b.to).has_value();
}

bool searchField(const SipMessage& message, std::string_view name, const PosixRegex& regex,
                 std::string_view which) {
  const MessageText text(message);
  for (const HeaderField* field : fieldsCalled(text, name, which)) {
    if (regex.matches(text.valueOf(*field))) return true;
  }
  return false;
}

EditOutcome appendAfterMatch(SipMessage& message, const PosixRegex& regex, Region region,
                             std::string_view text) {
  const MessageText received(message);
  const Bounds b = boundsOf(received, region);
  auto match = regex.find(received.text(), b.from, b.to);
  if (!match) return EditOutcome::NotFound;
  return record(message, {{match->end(), 0, std::string(text)}});
}

EditOutcome replaceMatches(SipMessage& message, const PosixRegex& regex, Region region,
                           std::string_view text, bool all) {
  const MessageText received(message);
  const Bounds b = boundsOf(received, region);
  std::vector<Replacement> replacements;
  if (all) {
    for (const RegexMatch& m : regex.findAll(received.text(), b.from, b.to)) {
      replacements.push_back({m.offset, m.length, std::string(text)});
    }
  } else if (auto m = regex.find(received.text(), b.from, b.to)) {
    replacements.push_back({m->offset, m->length, std::string(text)});
  }
  return record(message, replacements);
}

EditOutcome replaceText(SipMessage& message, std::string_view match, Region region,
                        std::string_view text, bool all) {
  const MessageText received(message);
  const Bounds b = boundsOf(received, region);
  const std::string_view within = std::string_view(received.text()).substr(0, b.to);
  std::vector<Replacement> replacements;
  for (std::size_t at = within.find(match, b.from); !match.empty() && at != std::string_view::npos;
       at = within.find(match, at + match.size())) {
    replacements.push_back({at, match.size(), std::string(text)});
    if (!all) break;
  }
  return record(message, replacements);
}

EditOutcome replaceBodyAtOnce(SipMessage& message, const PosixRegex& regex, std::string_view text) {
  const MessageText received(message);
  const std::string_view body = received.body();
  const auto matches = regex.findAll(body);
  if (matches.empty()) return EditOutcome::NotFound;
  std::string edited;
  std::size_t copied = 0;
  for (const RegexMatch& m : matches) {
    edited.append(body.substr(copied, m.offset - copied)).append(text);
    copied = m.end();
  }
  edited.append(body.substr(copied));
  return record(message, {{received.headEnd(), body.size(), std::move(edited)}});
}

EditOutcome substitute(SipMessage& message, const SubstExpression& expression, Region region) {
  const MessageText received(message);
  const Bounds b = boundsOf(received, region);
  return record(message,
                expression.replacements(received.text(), message.requestUri(), b.from, b.to));
}

EditOutcome substituteField(SipMessage& message, std::string_view name,
                            const SubstExpression& expression, std::string_view which) {
  const MessageText received(message);
  std::vector<Replacement> replacements;
  for (const HeaderField* field : fieldsCalled(received, name, which)) {
    auto found = expression.replacements(received.text(), message.requestUri(), field->value.offset,
                                         field->value.end());
    replacements.insert(replacements.end(), found.begin(), found.end());
  }
  return record(message, replacements);
}

EditOutcome substituteUri(SipMessage& message, const SubstExpression& expression) {
  if (!message.isRequest()) return EditOutcome::NotFound;
  auto uri = expression.applyTo(message.requestUri(), message.requestUri());
  if (!uri || !message.setRequestUri(*uri)) return EditOutcome::NotFound;
  return EditOutcome::Done;
}

EditOutcome substituteUser(SipMessage& message, const SubstExpression& expression) {
  if (!message.isRequest()) return EditOutcome::NotFound;
  const std::string uri = message.requestUri();
  // The user part as written: between "scheme:" and '@' (none: empty, before the host).
  const std::size_t colon = uri.find(':');
  if (colon == std::string::npos) return EditOutcome::NotFound;
  const std::size_t at = uri.find('@', colon + 1);
  const std::size_t userStart = colon + 1;
  const std::size_t userEnd = at == std::string::npos ? userStart : at;
  auto user = expression.applyTo(std::string_view(uri).substr(userStart, userEnd - userStart), uri);
  if (!user) return EditOutcome::NotFound;
  std::string rest = uri.substr(at == std::string::npos ? userStart : at + 1);
  std::string edited = uri.substr(0, userStart);
  if (!user->empty()) edited.append(*user).append("@");
  edited.append(rest);
  return message.setRequestUri(edited) ? EditOutcome::Done : EditOutcome::NotFound;
}

bool hasField(const SipMessage& message, std::string_view name) {
  const MessageText text(message);
  return std::any_of(text.fields().begin(), text.fields().end(),
                     [&](const HeaderField& f) { return sip::sameHeaderName(f.name, name); });
}

bool hasFieldNamed(const SipMessage& message, const PosixRegex& nameRegex) {
  const MessageText text(message);
  return std::any_of(text.fields().begin(), text.fields().end(),
                     [&](const HeaderField& f) { return nameRegex.matches(f.name); });
}

Removal removeFieldsNamed(SipMessage& message, const PosixRegex& match, const PosixRegex* skip) {
  const MessageText text(message);
  Removal removal;
  for (const HeaderField& field : text.fields()) {
    if (!match.matches(field.name) || (skip != nullptr && skip->matches(field.name))) continue;
    ++removal.matched;
    if (!message.editText(field.line.offset, field.line.length, {})) ++removal.refused;
  }
  return removal;
}

Removal removeFieldAt(SipMessage& message, std::string_view name, std::int64_t index) {
  const MessageText text(message);
  const auto fields = fieldsCalled(text, name, "a");
  const auto count = static_cast<std::int64_t>(fields.size());
  if (index < 0) index += count;
  Removal removal;
  if (index < 0 || index >= count) return removal;
  const HeaderField& field = *fields[static_cast<std::size_t>(index)];
  removal.matched = 1;
  if (!message.editText(field.line.offset, field.line.length, {})) removal.refused = 1;
  return removal;
}

Removal removeFieldsByValue(SipMessage& message, std::string_view name, bool equal,
                            std::string_view value) {
  const MessageText text(message);
  Removal removal;
  for (const HeaderField* field : fieldsCalled(text, name, "a")) {
    if ((trimmed(text.valueOf(*field)) == value) != equal) continue;
    ++removal.matched;
    if (!message.editText(field->line.offset, field->line.length, {})) ++removal.refused;
  }
  return removal;
}

EditOutcome filterBody(SipMessage& message, std::string_view type) {
  const auto boundary = multipartBoundary(message);
  if (!boundary) return EditOutcome::NotFound;
  const MessageText received(message);
  const std::string_view body = received.body();
  auto part = findBodyPart(body, *boundary, type);
  if (!part) return EditOutcome::NotFound;
  // From after the Content-Type line (and an empty line right after it)
  // to the line end before the next delimiter.
  std::size_t from = part->typeLineEnd;
  if (body.substr(from, 2) == "\r\n") from += 2;
  const std::size_t start = received.headEnd();
  const std::size_t next = part->contentEnd - 2;
  return record(message, {{start, from, {}}, {start + next, body.size() - next, {}}});
}

bool hasBodyType(const SipMessage& message, std::string_view type) {
  if (message.body().empty()) return false;
  std::string contentType = message.header("Content-Type").value_or("application/sdp");
  std::string_view media = trimmed(std::string_view(contentType).substr(0, contentType.find(';')));
  return sip::iequals(media, trimmed(type));
}

std::optional<bool> hasPrivacy(const SipMessage& message, std::string_view value) {
  static constexpr std::array kValues{"header", "session", "user", "none", "id", "critical"};
  if (std::none_of(kValues.begin(), kValues.end(),
                   [&](std::string_view known) { return sip::iequals(known, value); })) {
    return std::nullopt;
  }
  for (const std::string& privacy : message.headers("Privacy")) {
    std::string_view rest = privacy;
    while (!rest.empty()) {
      const std::size_t end = std::min(rest.find_first_of(";,"), rest.size());
      if (sip::iequals(trimmed(rest.substr(0, end)), value)) return true;
      rest.remove_prefix(std::min(end + 1, rest.size()));
    }
  }
  return false;
}

int audioHoldKind(const SipMessage& message) {
  std::string_view body = message.body();
  bool inAudio = false;
  bool sessionZero = false;
  int kind = 0;
  auto finish = [&]() { return kind != 0 ? kind : (inAudio && sessionZero ? 1 : 0); };
  while (!body.empty()) {
    const std::size_t eol = std::min(body.find('\n'), body.size());
    std::string_view line = trimmed(body.substr(0, eol));
    body.remove_prefix(std::min(eol + 1, body.size()));
    const bool zero = line.starts_with("c=") && line.find(" 0.0.0.0") != std::string_view::npos;
    if (line.starts_with("m=")) {
      if (inAudio && finish() != 0) return finish();
      inAudio = line.starts_with("m=audio");
      kind = 0;
    } else if (!inAudio && zero) {
      sessionZero = true;
    } else if (inAudio && (line == "a=sendonly" || line == "a=inactive")) {
      kind = 2;
    } else if (inAudio && zero && kind == 0) {
      kind = 1;
    }
  }
  return inAudio ? finish() : 0;
}

}  // namespace kemid::textops
