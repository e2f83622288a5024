#include "kemictl/kamctl_commands.h"

namespace kemid::ctl {

namespace {
// kamctl's default location table.
constexpr const char* kTable = "s:location";
}  // namespace

std::optional<RpcCallText> kamctlCommand(const std::vector<std::string>& words) {
  // kamctl dispatcher show | reload.
  if (words.size() == 2 && words[0] == "dispatcher") {
    if (words[1] == "show") return RpcCallText{"dispatcher.list", {}};
    if (words[1] == "reload") return RpcCallText{"dispatcher.reload", {}};
    return std::nullopt;
  }
  if (words.size() < 2 || words[0] != "ul") return std::nullopt;
  const std::string& action = words[1];
  if (action == "show") {
    if (words.size() == 2) return RpcCallText{"ul.dump", {}};
    if (words[2] == "--brief") return RpcCallText{"ul.dump", {"s:brief"}};
    return RpcCallText{"ul.lookup", {kTable, "s:" + words[2]}};
  }
  if (action == "rm" && words.size() == 3) {
    return RpcCallText{"ul.rm", {kTable, "s:" + words[2]}};
  }
  if (action == "rm" && words.size() == 4) {
    return RpcCallText{"ul.rm_contact", {kTable, "s:" + words[2], "s:" + words[3]}};
  }
  return std::nullopt;
}

}  // namespace kemid::ctl
