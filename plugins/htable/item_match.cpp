#include "item_match.h"

#include <memory>
#include <regex>
#include <string>

#include "core/log.h"

namespace kemid::htable {
namespace {
constexpr Logger kLog{"htable"};
}  // namespace

std::optional<MatchOp> parseMatchOp(std::string_view op) {
  if (op == "eq") return MatchOp::Eq;
  if (op == "ne") return MatchOp::Ne;
  if (op == "re") return MatchOp::Re;
  if (op == "sw") return MatchOp::Sw;
  return std::nullopt;
}

std::optional<std::function<bool(const Item&)>> itemMatcher(MatchOp op, std::string_view pattern,
                                                            bool onValue) {
  const auto subject = [onValue](const Item& i) -> const std::string* {
    if (!onValue) return &i.name;
    return i.value.isStr() ? &i.value.text() : nullptr;
  };
  std::string text(pattern);
  switch (op) {
    case MatchOp::Eq:
      return [=](const Item& i) {
        const std::string* s = subject(i);
        return s != nullptr && *s == text;
      };
    case MatchOp::Ne:
      return [=](const Item& i) {
        const std::string* s = subject(i);
        return s != nullptr && *s != text;
      };
    case MatchOp::Sw:
      return [=](const Item& i) {
        const std::string* s = subject(i);
        return s != nullptr && s->starts_with(text);
      };
    case MatchOp::Ew:
      return [=](const Item& i) {
        const std::string* s = subject(i);
        return s != nullptr && s->ends_with(text);
      };
    case MatchOp::Re:
      break;
  }
  std::shared_ptr<const std::regex> re;
  try {
    re = std::make_shared<const std::regex>(text, std::regex::extended | std::regex::nosubs);
  } catch (const std::regex_error&) {
    kLog.err("bad regular expression: ", text);
    return std::nullopt;
  }
  return [=](const Item& i) {
    const std::string* s = subject(i);
    return s != nullptr && std::regex_search(*s, *re);
  };
}

}  // namespace kemid::htable
