// permissions: access control by source address (address table, from
// address_file or db_url) and trusted peers (trusted table), as Kamailio's
// permissions module; the allow/deny rule files are not implemented.

#include <array>
#include <memory>

#include "core/log.h"
#include "core/module_abi.h"
#include "core/module_host.h"
#include "core/module_params.h"
#include "db/db.h"
#include "db/kamailio_schema.h"
#include "permissions_kemi.h"
#include "permissions_module.h"

namespace kemid::permissions {
namespace {

const Logger kLog{"permissions"};

constexpr ParamDef text(std::string_view name, std::string_view value) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = value};
}
constexpr ParamDef ignoredText(std::string_view name, std::string_view value) {
  return ParamDef{.name = name, .type = ParamType::Str, .strDefault = value, .noEffect = true};
}
constexpr ParamDef ignoredInt(std::string_view name, std::int64_t value) {
  return ParamDef{.name = name, .type = ParamType::Int, .intDefault = value, .noEffect = true};
}

constexpr std::array kParams{
    text("db_url", ""),
    text("address_file", ""),
    text("address_table", "address"),
    text("grp_col", "grp"),
    text("ip_addr_col", "ip_addr"),
    text("mask_col", "mask"),
    text("port_col", "port"),
    text("trusted_table", "trusted"),
    text("source_col", "src_ip"),
    text("proto_col", "proto"),
    text("from_col", "from_pattern"),
    text("ruri_col", "ruri_pattern"),
    text("tag_col", "tag"),
    text("priority_col", "priority"),
    text("peer_tag_avp", ""),
    ParamDef{.name = "peer_tag_mode", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    // 0: Kamailio reads the trusted table at each allow_trusted; kemid
    // always keeps it in memory (reloaded by permissions.trustedReload).
    ParamDef{.name = "db_mode", .type = ParamType::Int, .minValue = 0, .maxValue = 1},
    ParamDef{.name = "reload_delta", .type = ParamType::Int, .intDefault = 5, .minValue = 0},
    ignoredInt("max_subnets", 512),  // kemid's subnet list has no fixed size
    ParamDef{.name = "load_backends", .type = ParamType::Int, .intDefault = 0xFFFFFFFF},
    ignoredText("default_allow_file", "permissions.allow"),
    ignoredText("default_deny_file", "permissions.deny"),
    ignoredInt("check_all_branches", 1),
    ignoredText("allow_suffix", ".allow"),
    ignoredText("deny_suffix", ".deny"),
    ignoredInt("trusted_cleanup_interval", 60),
};

// load_backends bits (Kamailio's PERM_LOAD_*).
constexpr std::int64_t kLoadAddress = 1;
constexpr std::int64_t kLoadTrusted = 2;

// The address and trusted tables' version in Kamailio 5.6's schema.
constexpr std::int64_t kTableVersion = 6;

// Kamailio's check at init: each table read from db_url has version 6.
std::optional<std::string> checkVersions(ModuleHost& host, const PermissionsSettings& settings,
                                         bool address, bool trusted) {
  if (settings.dbUrl.empty() || (!address && !trusted)) return std::nullopt;
  auto db = db::connect(host, settings.dbUrl);
  if (!db) return db.error();
  if (address) {
    auto checked = db::requireTableVersion(*db.value(), settings.address.table, kTableVersion);
    if (!checked) return checked.error();
  }
  if (trusted) {
    auto checked = db::requireTableVersion(*db.value(), settings.trusted.table, kTableVersion);
    if (!checked) return checked.error();
  }
  return std::nullopt;
}

HookResult init(ModuleInitContext& ctx) {
  const ModuleParams& p = ctx.params;
  PermissionsSettings settings{
      .addressFile = p.getString("address_file"),
      .dbUrl = p.getString("db_url"),
      .address = {.table = p.getString("address_table"),
                  .group = p.getString("grp_col"),
                  .ipAddr = p.getString("ip_addr_col"),
                  .mask = p.getString("mask_col"),
                  .port = p.getString("port_col"),
                  .tag = p.getString("tag_col")},
      .trusted = {.table = p.getString("trusted_table"),
                  .source = p.getString("source_col"),
                  .proto = p.getString("proto_col"),
                  .from = p.getString("from_col"),
                  .ruri = p.getString("ruri_col"),
                  .tag = p.getString("tag_col"),
                  .priority = p.getString("priority_col")},
      .peerTagAvp = p.getString("peer_tag_avp"),
      .peerTagAll = p.getInt("peer_tag_mode") == 1,
      .reloadDelta = p.getInt("reload_delta"),
  };
  const std::int64_t backends = p.getInt("load_backends");
  const bool addressFromDb = (backends & kLoadAddress) != 0 && settings.addressFile.empty();
  if (auto error =
          checkVersions(ctx.host, settings, addressFromDb, (backends & kLoadTrusted) != 0)) {
    return HookResult::failure("permissions: " + *error);
  }
  auto permissions = std::make_unique<PermissionsModule>(std::move(settings), ctx.host);

  if ((backends & kLoadAddress) != 0) {
    if (!permissions->hasAddressSource()) {
      kLog.info("db_url parameter of permissions module not set, disabling allow_address");
    } else if (auto error = permissions->reloadAddresses()) {
      return HookResult::failure("permissions: reload of address table failed: " + *error);
    }
  }
  if ((backends & kLoadTrusted) != 0) {
    if (permissions->settings().dbUrl.empty()) {
      kLog.info("db_url parameter of permissions module not set, disabling allow_trusted");
    } else if (auto error = permissions->reloadTrusted()) {
      return HookResult::failure("permissions: reload of trusted table failed: " + *error);
    }
  }
  ctx.state = std::move(permissions);
  return HookResult::success();
}

constexpr std::array<KemiType, kMaxKemiParams> kNone{};
constexpr std::array<KemiType, kMaxKemiParams> kInt{KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kIntStrInt{KemiType::Int, KemiType::Str,
                                                          KemiType::Int};
constexpr std::array<KemiType, kMaxKemiParams> kStrInt{KemiType::Str, KemiType::Int};

constexpr std::array kKemi{
    KemiFunctionDef{"allow_source_address", KemiType::Int, kInt, &kemiAllowSourceAddress},
    KemiFunctionDef{"allow_source_address_group", KemiType::Int, kNone,
                    &kemiAllowSourceAddressGroup},
    KemiFunctionDef{"allow_address", KemiType::Int, kIntStrInt, &kemiAllowAddress},
    KemiFunctionDef{"allow_address_group", KemiType::Int, kStrInt, &kemiAllowAddressGroup},
    KemiFunctionDef{"allow_trusted", KemiType::Int, kNone, &kemiAllowTrusted},
};

constexpr std::array kRpc{
    RpcCommandDef{"permissions.addressReload", "Reload permissions address table.",
                  &rpcAddressReload},
    RpcCommandDef{"permissions.addressDump", "Print all entries in address table.",
                  &rpcAddressDump},
    RpcCommandDef{"permissions.subnetDump", "Print all entries in subnet table.", &rpcSubnetDump},
    RpcCommandDef{"permissions.domainDump", "Print all entries in domain name table.",
                  &rpcDomainDump},
    RpcCommandDef{"permissions.trustedReload", "Reload permissions trusted table.",
                  &rpcTrustedReload},
    RpcCommandDef{"permissions.trustedDump", "Print all entries in trusted table.",
                  &rpcTrustedDump},
};

constexpr ModuleDescriptor kDescriptor{
    .abiVersion = kModuleAbiVersion,
    .name = "permissions",
    .params = kParams,
    .kemi = kKemi,
    .rpc = kRpc,
    .init = &init,
};

}  // namespace
}  // namespace kemid::permissions

KEMID_MODULE(kemid::permissions::kDescriptor)
