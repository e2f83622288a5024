#include "route_params.h"

#include <regex.h>

#include "core/message_context.h"
#include "route_uri.h"
#include "sip/sip_message.h"

namespace kemid::rr {

namespace {

std::string_view trimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// regex_t with its one owner.
class Regex {
 public:
  explicit Regex(const std::string& expression)
      : ok_(regcomp(&regex_, expression.c_str(), REG_EXTENDED | REG_ICASE | REG_NEWLINE) == 0) {}
  ~Regex() {
    if (ok_) regfree(&regex_);
  }
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  bool ok() const { return ok_; }
  bool search(const std::string& text) const {
    regmatch_t match;
    return regexec(&regex_, text.c_str(), 1, &match, 0) == 0;
  }

 private:
  regex_t regex_{};
  bool ok_;
};

}  // namespace

std::optional<std::string> routedParams(const MessageContext& ctx, const SipNetwork* network) {
  const MessageState& state = messageState(ctx);
  if (state.strictRoutedParams) {
    if (state.strictRoutedParams->empty()) return std::nullopt;
    return state.strictRoutedParams;
  }
  if (ctx.message == nullptr) return std::nullopt;
  auto routes = ctx.message->headerElements("Route");
  if (routes.empty()) return std::nullopt;
  std::string_view uri = nameAddrUri(routes.front());
  auto parsed = SipUri::parse(uri);
  if (!parsed || !isMyself(*parsed, network)) return std::nullopt;
  std::string_view params = uriParamsText(uri);
  if (params.empty()) return std::nullopt;
  return ";" + std::string(params);
}

std::optional<std::string> paramValue(std::string_view params, std::string_view name) {
  while (!params.empty()) {
    // One parameter, up to a ';' outside quotes.
    std::size_t end = 0;
    bool quoted = false;
    for (; end < params.size() && (quoted || params[end] != ';'); ++end) {
      if (params[end] == '"' && (end == 0 || params[end - 1] != '\\')) quoted = !quoted;
    }
    std::string_view param = params.substr(0, end);
    params.remove_prefix(end < params.size() ? end + 1 : end);
    auto equals = param.find('=');
    if (trimBlanks(param.substr(0, equals)) != name) continue;
    if (equals == std::string_view::npos) return std::string();
    std::string_view value = trimBlanks(param.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return std::nullopt;
}

ParamCheck checkRouteParam(const MessageContext& ctx, const SipNetwork* network,
                           std::string_view expression) {
  Regex regex{std::string(expression)};
  if (!regex.ok()) return ParamCheck::BadExpression;
  auto params = routedParams(ctx, network);
  if (!params) return ParamCheck::NoMatch;
  return regex.search(*params) ? ParamCheck::Matches : ParamCheck::NoMatch;
}

Direction direction(const MessageContext& ctx, const SipNetwork* network) {
  MessageState& state = messageState(ctx);
  if (state.direction) return *state.direction;
  Direction found = Direction::Downstream;
  auto params = routedParams(ctx, network);
  auto ftag = params ? paramValue(*params, "ftag") : std::nullopt;
  if (ftag && !ftag->empty() && ctx.message != nullptr) {
    std::string_view fromTag = ctx.message->from().tag;
    if (!fromTag.empty() && fromTag != *ftag) found = Direction::Upstream;
  }
  state.direction = found;
  return found;
}

}  // namespace kemid::rr
