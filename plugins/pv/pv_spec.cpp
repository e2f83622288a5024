#include "pv_spec.h"

#include <array>
#include <charconv>

#include "provided_vars.h"

namespace kemid::pv {

namespace {

enum class Inner : std::uint8_t { Forbidden, Required };

struct NameEntry {
  std::string_view name;
  PvKind kind;
  Inner inner = Inner::Forbidden;
  bool indexable = false;
};

// Kamailio's names (pv module, core and tmx) for what kemid supports.
constexpr std::array kNames{
    NameEntry{"ru", PvKind::RequestUri},
    NameEntry{"ruri", PvKind::RequestUri},
    NameEntry{"rU", PvKind::RequestUser},
    NameEntry{"ruri.user", PvKind::RequestUser},
    NameEntry{"rd", PvKind::RequestHost},
    NameEntry{"ruri.domain", PvKind::RequestHost},
    NameEntry{"rp", PvKind::RequestPort},
    NameEntry{"rz", PvKind::RequestScheme},
    NameEntry{"rv", PvKind::RequestVersion},
    NameEntry{"ou", PvKind::OriginalUri},
    NameEntry{"ouri", PvKind::OriginalUri},
    NameEntry{"du", PvKind::DstUri},
    NameEntry{"duri", PvKind::DstUri},
    NameEntry{"fu", PvKind::FromUri},
    NameEntry{"from", PvKind::FromUri},
    NameEntry{"fU", PvKind::FromUser},
    NameEntry{"from.user", PvKind::FromUser},
    NameEntry{"fd", PvKind::FromHost},
    NameEntry{"from.domain", PvKind::FromHost},
    NameEntry{"fn", PvKind::FromName},
    NameEntry{"ft", PvKind::FromTag},
    NameEntry{"tu", PvKind::ToUri},
    NameEntry{"to", PvKind::ToUri},
    NameEntry{"tU", PvKind::ToUser},
    NameEntry{"to.user", PvKind::ToUser},
    NameEntry{"td", PvKind::ToHost},
    NameEntry{"to.domain", PvKind::ToHost},
    NameEntry{"tn", PvKind::ToName},
    NameEntry{"tt", PvKind::ToTag},
    NameEntry{"ci", PvKind::CallId},
    NameEntry{"cs", PvKind::CSeq},
    NameEntry{"rm", PvKind::Method},
    NameEntry{"rs", PvKind::ReplyStatus},
    NameEntry{"rr", PvKind::ReplyReason},
    NameEntry{"ua", PvKind::UserAgent},
    NameEntry{"ct", PvKind::Contact},
    NameEntry{"cT", PvKind::ContentType},
    NameEntry{"cl", PvKind::ContentLength},
    NameEntry{"bs", PvKind::BodySize},
    NameEntry{"rb", PvKind::Body},
    NameEntry{"mb", PvKind::MessageBuffer},
    NameEntry{"mbu", PvKind::MessageBuffer},
    NameEntry{"ml", PvKind::MessageLength},
    NameEntry{"mt", PvKind::MessageType},
    NameEntry{"mi", PvKind::MessageId},
    NameEntry{"hdr", PvKind::Header, Inner::Required, true},
    NameEntry{"hdrc", PvKind::HeaderCount, Inner::Required},
    NameEntry{"si", PvKind::SourceIp},
    NameEntry{"sp", PvKind::SourcePort},
    NameEntry{"Ri", PvKind::LocalIp},
    NameEntry{"Rp", PvKind::LocalPort},
    NameEntry{"pr", PvKind::Proto},
    NameEntry{"proto", PvKind::Proto},
    NameEntry{"rc", PvKind::ReturnCode},
    NameEntry{"retcode", PvKind::ReturnCode},
    NameEntry{"?", PvKind::ReturnCode},
    NameEntry{"Ts", PvKind::ReceivedTime},
    NameEntry{"TS", PvKind::CurrentTime},
    NameEntry{"TV", PvKind::TimeValue, Inner::Required},
    NameEntry{"route_uri", PvKind::RouteUri},
    NameEntry{"T_reply_code", PvKind::TmReplyCode},
    NameEntry{"T_branch_idx", PvKind::TmBranchIndex},
    NameEntry{"mf", PvKind::MessageFlags},
    NameEntry{"bf", PvKind::BranchFlags},
    NameEntry{"var", PvKind::Var, Inner::Required},
    NameEntry{"vz", PvKind::Var, Inner::Required},
    NameEntry{"vn", PvKind::VarNullable, Inner::Required},
    NameEntry{"avp", PvKind::Avp, Inner::Required, true},
    NameEntry{"shv", PvKind::Shared, Inner::Required},
    NameEntry{"null", PvKind::Null},
    NameEntry{"ruid", PvKind::Null},
    NameEntry{"fs", PvKind::Null},
    NameEntry{"err.class", PvKind::Null},
    NameEntry{"err.level", PvKind::Null},
    NameEntry{"err.info", PvKind::Null},
    NameEntry{"err.rcode", PvKind::Null},
    NameEntry{"err.rreason", PvKind::Null},
    NameEntry{"snd", PvKind::Null, Inner::Required},
    NameEntry{"branch", PvKind::Branch, Inner::Required, true},
};

constexpr std::array<std::string_view, 6> kTimeValueNames{"s", "u", "sn", "un", "Sn", "Fn"};
constexpr std::array<std::string_view, 10> kBranchAttributes{
    "uri",         "dst_uri", "path",     "q",           "flags",
    "send_socket", "ruid",    "instance", "location_ua", "count"};

bool isNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '?';
}

// The index of the ')' closing the '(' that `text` starts with.
std::size_t balancedClose(std::string_view text) {
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '(') ++depth;
    if (text[i] == ')' && --depth == 0) return i;
  }
  return std::string_view::npos;
}

std::optional<PvSpec> fail(std::string& error, std::string why) {
  error = std::move(why);
  return std::nullopt;
}

}  // namespace

bool isOwnPvName(std::string_view name) {
  for (const auto& entry : kNames) {
    if (entry.name == name) return true;
  }
  return false;
}

std::optional<PvSpec> parsePvSpec(std::string_view text, std::string& error) {
  if (!text.starts_with('$')) return fail(error, "missing pv marker '$'");
  std::string_view rest = text.substr(1);
  // $(name(inner)[index]): the long form, the only one with an index.
  const bool longForm = rest.starts_with('(');
  if (longForm) {
    if (!rest.ends_with(')')) return fail(error, "unterminated $(...)");
    rest = rest.substr(1, rest.size() - 2);
  }
  std::size_t end = 0;
  while (end < rest.size() && isNameChar(rest[end])) ++end;
  const std::string_view name = rest.substr(0, end);
  rest.remove_prefix(end);

  const NameEntry* entry = nullptr;
  for (const auto& candidate : kNames) {
    if (candidate.name == name) entry = &candidate;
  }
  static constexpr NameEntry kProvided{"", PvKind::Provided, Inner::Required, true};
  static constexpr NameEntry kProvidedName{"", PvKind::Provided, Inner::Forbidden};
  if (entry == nullptr) {
    if (const auto* provided = ProvidedVars::instance().find(name)) {
      entry = provided->bare ? &kProvidedName : &kProvided;
    }
  }
  if (entry == nullptr) return fail(error, "unknown pseudo-variable \"" + std::string(name) + "\"");

  PvSpec spec;
  spec.kind = entry->kind;
  if (spec.kind == PvKind::Provided) spec.provided = std::string(name);
  if (rest.starts_with('(')) {
    // A provided class's name may hold pseudo-variables of its own
    // ($sht(ipban=>$var(ip))): its ')' is the one that balances the '('.
    const std::size_t close = spec.kind == PvKind::Provided ? balancedClose(rest) : rest.find(')');
    if (close == std::string_view::npos) return fail(error, "missing ')'");
    if (entry->inner == Inner::Forbidden) return fail(error, "unexpected '(' after the name");
    spec.name = std::string(rest.substr(1, close - 1));
    rest.remove_prefix(close + 1);
    if (spec.name.empty()) return fail(error, "empty name in parentheses");
  } else if (entry->inner == Inner::Required) {
    return fail(error, "a name in parentheses is required");
  }
  if (rest.starts_with('[')) {
    if (!longForm || !entry->indexable) return fail(error, "an index is not allowed here");
    const std::size_t close = rest.find(']');
    if (close == std::string_view::npos) return fail(error, "missing ']'");
    const std::string_view index = rest.substr(1, close - 1);
    if (index == "*") {
      spec.index.kind = PvIndex::Kind::All;
    } else {
      int number = 0;
      auto [ptr, ec] = std::from_chars(index.data(), index.data() + index.size(), number);
      if (ec != std::errc() || ptr != index.data() + index.size() || index.empty()) {
        return fail(error, "bad index [" + std::string(index) + "]");
      }
      spec.index = {PvIndex::Kind::Number, number};
    }
    rest.remove_prefix(close + 1);
  }
  if (!rest.empty()) return fail(error, "unexpected text \"" + std::string(rest) + "\"");

  if (spec.kind == PvKind::TimeValue) {
    bool known = false;
    for (auto v : kTimeValueNames) known = known || v == spec.name;
    if (!known) return fail(error, "unknown $TV attribute \"" + spec.name + "\"");
  }
  if (spec.kind == PvKind::Branch) {
    bool known = false;
    for (auto v : kBranchAttributes) known = known || v == spec.name;
    if (!known) return fail(error, "unknown $branch attribute \"" + spec.name + "\"");
  }
  // $avp(s:name) is $avp(name); "i:" names stay distinct.
  if (spec.kind == PvKind::Avp && spec.name.starts_with("s:")) spec.name.erase(0, 2);
  return spec;
}

}  // namespace kemid::pv
