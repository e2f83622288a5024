#pragma once
// kamctl's management commands that kemictl understands besides RPC method
// names: "ul show [AOR]", "ul rm AOR [CONTACT]", each turned into the RPC
// call kamctl makes (on the "location" table).

#include <optional>
#include <string>
#include <vector>

namespace kemid::ctl {

struct RpcCallText {
  std::string method;
  std::vector<std::string> args;
};

// The RPC call for `words` when they are a kamctl command, else nullopt.
std::optional<RpcCallText> kamctlCommand(const std::vector<std::string>& words);

}  // namespace kemid::ctl
