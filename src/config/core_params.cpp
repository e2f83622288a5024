#include "config/core_params.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/ip_networks.h"
#include "core/log.h"
#include "core/suggest.h"

namespace kemid::cfg {

namespace {

constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// Integer settings are ints in CoreSettings; the table's ranges keep the casts exact.
constexpr std::array kCoreParams = {
    CoreParam{.name = "listen", .type = CoreParamType::Sockets},
    CoreParam{.name = "alias", .type = CoreParamType::Aliases},
    CoreParam{.name = "port",
              .type = CoreParamType::Int,
              .min = 1,
              .max = 65535,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.port = static_cast<int>(v); },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.port; }},
    CoreParam{
        .name = "children",
        .type = CoreParamType::Int,
        .min = 1,
        .max = 1024,  // worker threads per socket
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.children = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.children; }},
    CoreParam{.name = "debug",
              .type = CoreParamType::Int,
              .min = -5,
              .max = 3,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.debug = static_cast<int>(v); },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.debug; }},
    CoreParam{.name = "log_stderror",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.logStderror = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.logStderror; }},
    CoreParam{.name = "log_facility",
              .type = CoreParamType::Keyword,
              .setString = [](CoreSettings& s, std::string v) { s.logFacility = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.logFacility; },
              .check = &checkFacility,
              .hint = "a syslog facility name without quotes, such as LOG_LOCAL0"},
    CoreParam{.name = "log_prefix",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.logPrefix = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.logPrefix; }},
    CoreParam{.name = "log_name",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.logName = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.logName; }},
    CoreParam{.name = "fork",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.fork = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.fork; }},
    CoreParam{.name = "mpath",
              .alias = "loadpath",
              .type = CoreParamType::String,
              .equalsOptional = true,
              .setString = [](CoreSettings& s, std::string v) { s.mpath = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.mpath; }},
    CoreParam{.name = "server_header",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.serverHeader = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.serverHeader; }},
    CoreParam{.name = "user_agent_header",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.userAgentHeader = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.userAgentHeader; }},
    CoreParam{.name = "server_signature",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.serverSignature = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.serverSignature; }},
    CoreParam{
        .name = "maxbuffer",
        .type = CoreParamType::Int,
        .min = 0,
        .max = kIntMax,
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.maxbuffer = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.maxbuffer; }},
    // kemid's own: how many received datagrams each worker may have waiting
    // (transport/worker_pool.h says what is shed first).
    CoreParam{
        .name = "worker_queue_limit",
        .type = CoreParamType::Int,
        .min = 16,
        .max = 1'000'000,
        .setNumber = [](CoreSettings& s,
                        std::int64_t v) { s.workerQueueLimit = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.workerQueueLimit; }},
    CoreParam{.name = "udp_mtu",
              .type = CoreParamType::Int,
              .min = 0,
              .max = 65535,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.udpMtu = static_cast<int>(v); },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.udpMtu; }},
    // A request relayed over UDP that came out larger than udp_mtu goes over
    // this transport instead (its Via says so; the rest is left as built).
    CoreParam{.name = "udp_mtu_try_proto",
              .type = CoreParamType::Keyword,
              .setString =
                  [](CoreSettings& s, std::string v) {
                    for (char& c : v)
                      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                    s.udpMtuTryProto = transportFromName(v).value_or(Transport::Udp);
                  },
              .getString =
                  [](const CoreSettings& s) {
                    std::string name(transportName(s.udpMtuTryProto));
                    for (char& c : name)
                      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    return name;
                  },
              .check = &checkFallbackTransport,
              .hint = "a transport without quotes: TCP, TLS, SCTP or UDP"},
    // TLS: listen=tls:..., and listen without a transport on its port + 1
    // (tls_port_no without a port), when enable_tls is set; the tls module
    // holds the certificates.
    CoreParam{.name = "enable_tls",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.enableTls = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.enableTls; }},
    CoreParam{.name = "tls_port_no",
              .type = CoreParamType::Int,
              .min = 1,
              .max = 65535,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.tlsPort = static_cast<int>(v); },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tlsPort; }},
    // TCP: listen=tcp:..., and listen without a transport unless disable_tcp.
    CoreParam{.name = "disable_tcp",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.disableTcp = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.disableTcp; }},
    CoreParam{
        .name = "tcp_max_connections",
        .type = CoreParamType::Int,
        .min = 1,
        .max = kIntMax,
        .setNumber = [](CoreSettings& s,
                        std::int64_t v) { s.tcpMaxConnections = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpMaxConnections; }},
    CoreParam{
        .name = "tcp_connection_lifetime",
        .type = CoreParamType::Int,
        .min = 1,
        .max = kIntMax,
        .setNumber = [](CoreSettings& s,
                        std::int64_t v) { s.tcpConnectionLifetime = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpConnectionLifetime; }},
    CoreParam{
        .name = "tcp_connect_timeout",
        .type = CoreParamType::Int,
        .min = 1,
        .max = 3600,
        .setNumber = [](CoreSettings& s,
                        std::int64_t v) { s.tcpConnectTimeout = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpConnectTimeout; }},
    CoreParam{.name = "tcp_send_timeout",
              .type = CoreParamType::Int,
              .min = 1,
              .max = 3600,
              .setNumber = [](CoreSettings& s,
                              std::int64_t v) { s.tcpSendTimeout = static_cast<int>(v); },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpSendTimeout; }},
    CoreParam{.name = "tcp_keepalive",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpKeepalive = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpKeepalive; }},
    // The keep-alive probes' timing (TCP_KEEPIDLE, TCP_KEEPINTVL,
    // TCP_KEEPCNT); 0 leaves the system's.
    CoreParam{
        .name = "tcp_keepidle",
        .type = CoreParamType::Int,
        .min = 0,
        .max = 32767,
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpKeepidle = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpKeepidle; }},
    CoreParam{
        .name = "tcp_keepintvl",
        .type = CoreParamType::Int,
        .min = 0,
        .max = 32767,
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpKeepintvl = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpKeepintvl; }},
    CoreParam{
        .name = "tcp_keepcnt",
        .type = CoreParamType::Int,
        .min = 0,
        .max = 127,
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpKeepcnt = static_cast<int>(v); },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpKeepcnt; }},
    CoreParam{
        .name = "tcp_accept_aliases",
        .type = CoreParamType::Bool,
        .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpAcceptAliases = v != 0; },
        .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpAcceptAliases; }},
    CoreParam{.name = "tcp_accept_no_cl",
              .type = CoreParamType::Bool,
              .setNumber = [](CoreSettings& s, std::int64_t v) { s.tcpAcceptNoCl = v != 0; },
              .getNumber = [](const CoreSettings& s) -> std::int64_t { return s.tcpAcceptNoCl; }},
    // kemid's own: the HTTP listener for /metrics and /RPC.
    CoreParam{.name = "http_listen",
              .type = CoreParamType::HostPort,
              .setString = [](CoreSettings& s, std::string v) { s.httpListen = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.httpListen; }},
    // kemid's own: who may call /RPC.
    CoreParam{.name = "http_allow",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.httpAllow = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.httpAllow; },
              .check = &checkIpNetworks},
    CoreParam{.name = "http_token",
              .type = CoreParamType::String,
              .setString = [](CoreSettings& s, std::string v) { s.httpToken = std::move(v); },
              .getString = [](const CoreSettings& s) { return s.httpToken; }},
};

// Kamailio 5.6.3 core parameters (each checked with `kamailio -c`) that kemid
// does not implement. Sorted.
constexpr std::array<std::string_view, 188> kIgnoredParams = {
    "advertised_address",
    "advertised_port",
    "async_nonblock",
    "async_usleep",
    "async_workers",
    "async_workers_group",
    "auto_aliases",
    "auto_bind_ipv6",
    "bind_ipv6_link_local",
    "check_via",
    "chroot",
    "corelog",
    "disable_core_dump",
    "disable_sctp",
    "disable_tls",
    "dns",
    "dns_cache_del_nonexp",
    "dns_cache_flags",
    "dns_cache_gc_interval",
    "dns_cache_init",
    "dns_cache_max_ttl",
    "dns_cache_mem",
    "dns_cache_min_ttl",
    "dns_cache_negative_ttl",
    "dns_cache_rec_pref",
    "dns_naptr_ignore_rfc",
    "dns_retr_no",
    "dns_retr_time",
    "dns_sctp_pref",
    "dns_search_full_match",
    "dns_servers_no",
    "dns_slow_query_ms",
    "dns_srv_lb",
    "dns_srv_loadbalancing",
    "dns_tcp_pref",
    "dns_tls_pref",
    "dns_try_ipv6",
    "dns_try_naptr",
    "dns_udp_pref",
    "dns_use_search_list",
    "dst_blocklist_expire",
    "dst_blocklist_gc_interval",
    "dst_blocklist_init",
    "dst_blocklist_mem",
    "dst_blocklist_sctp_imask",
    "dst_blocklist_tcp_imask",
    "dst_blocklist_tls_imask",
    "dst_blocklist_ttl",
    "dst_blocklist_udp_imask",
    "enable_sctp",
    "exit_timeout",
    "force_rport",
    "fork_delay",
    "gid",
    "group",
    "hdr_name_extra_chars",
    "http_reply_hack",
    "http_reply_parse",
    "ip_free_bind",
    "ipfreebind",
    "ipv6_hex_style",
    "latency_cfg_log",
    "latency_limit_action",
    "latency_limit_cfg",
    "latency_limit_db",
    "latency_log",
    "local_rport",
    "log_color",
    "log_engine_data",
    "log_engine_type",
    "log_prefix_mode",
    "max_branches",
    "max_recursive_level",
    "max_while_loops",
    "mcast",
    "mcast_loopback",
    "mcast_ttl",
    "mem_dbg",
    "mem_join",
    "mem_log",
    "mem_safety",
    "mem_status_mode",
    "mem_summary",
    "memdbg",
    "memlog",
    "mhomed",
    "mlock_pages",
    "modinit_delay",
    "msg_time",
    "onsend_route_reply",
    "open_files_limit",
    "phone2tel",
    "pmtu_discovery",
    "pv_buffer_size",
    "pv_buffer_slots",
    "pv_cache_action",
    "pv_cache_limit",
    "real_time",
    "received_route_mode",
    "reply_to_via",
    "rev_dns",
    "route_locks_size",
    "rt_policy",
    "rt_prio",
    "rt_timer1_policy",
    "rt_timer1_prio",
    "rt_timer2_policy",
    "rt_timer2_prio",
    "run_dir",
    "rundir",
    "sctp_children",
    "ser_kill_timeout",
    "server_id",
    "shm",
    "shm_force_alloc",
    "shm_mem",
    "shm_mem_size",
    "sip_parser_log",
    "sip_parser_log_oneline",
    "sip_parser_mode",
    "sip_warning",
    "socket_workers",
    "sql_buffer_size",
    "stats_name_separator",
    "tcp_accept_haproxy",
    "tcp_accept_hep3",
    "tcp_accept_unique",
    "tcp_async",
    "tcp_buf_write",
    "tcp_children",
    "tcp_clone_rcvbuf",
    "tcp_conn_wq_max",
    "tcp_connection_match",
    "tcp_crlf_ping",
    "tcp_defer_accept",
    "tcp_delayed_ack",
    "tcp_fd_cache",
    "tcp_linger2",
    "tcp_no_connect",
    "tcp_poll_method",
    "tcp_rd_buf_size",
    "tcp_reuse_port",
    "tcp_script_mode",
    "tcp_source_ipv4",
    "tcp_source_ipv6",
    "tcp_syncnt",
    "tcp_wait_data",
    "tcp_wq_blk_size",
    "tcp_wq_max",
    "tls_ca_list",
    "tls_certificate",
    "tls_disable",
    "tls_enable",
    "tls_handshake_timeout",
    "tls_log",
    "tls_max_connections",
    "tls_method",
    "tls_private_key",
    "tls_require_certificate",
    "tls_send_timeout",
    "tls_verify",
    "tlslog",
    "tos",
    "udp4_raw",
    "udp4_raw_mtu",
    "udp4_raw_ttl",
    "uid",
    "uri_host_extra_chars",
    "use_dns_cache",
    "use_dns_failover",
    "use_dst_blocklist",
    "user",
    "verbose_startup",
    "version_table",
    "wait_worker1_mode",
    "wait_worker1_time",
    "wait_worker1_usleep",
    "wdir",
    "workdir",
    "xavp_via_fields",
    "xavp_via_params",
};

// Statements that are not parameters, so a typo of them gets a suggestion too.
constexpr std::array<std::string_view, 5> kStatementKeywords = {
    "loadmodule", "modparam", "cfgengine", "include_file", "import_file"};

}  // namespace

const CoreParam* findCoreParam(std::string_view name) {
  for (const auto& param : kCoreParams) {
    if (param.name == name || (!param.alias.empty() && param.alias == name)) return &param;
  }
  return nullptr;
}

bool isIgnoredCoreParam(std::string_view name) {
  return std::binary_search(kIgnoredParams.begin(), kIgnoredParams.end(), name);
}

std::span<const CoreParam> coreParams() {
  return kCoreParams;
}

std::vector<std::string_view> knownCoreParamNames() {
  std::vector<std::string_view> names;
  for (const auto& param : kCoreParams) {
    names.push_back(param.name);
    if (!param.alias.empty()) names.push_back(param.alias);
  }
  names.insert(names.end(), kIgnoredParams.begin(), kIgnoredParams.end());
  return names;
}

std::string suggestCoreParam(std::string_view name) {
  std::vector<std::string_view> candidates = knownCoreParamNames();
  candidates.insert(candidates.end(), kStatementKeywords.begin(), kStatementKeywords.end());
  return closestName(name, candidates);
}

std::string ignoredParamWarning(std::string_view name) {
  return "parameter '" + std::string(name) + "' is not implemented by kemid and is ignored";
}

std::string checkCoreRange(const CoreParam& param, std::int64_t value) {
  if (param.type != CoreParamType::Int || (value >= param.min && value <= param.max)) return {};
  return "must be between " + std::to_string(param.min) + " and " + std::to_string(param.max) +
         ", found " + std::to_string(value);
}

std::string checkFacility(std::string_view name) {
  if (logging::syslogFacility(name)) return {};
  return "unknown syslog facility '" + std::string(name) +
         "' (expected LOG_DAEMON, LOG_USER, LOG_LOCAL0 ... LOG_LOCAL7, ...)";
}

std::string checkFallbackTransport(std::string_view name) {
  for (std::string_view known : {"UDP", "TCP", "TLS", "SCTP"}) {
    if (name.size() == known.size() &&
        std::equal(name.begin(), name.end(), known.begin(), [](char a, char b) {
          return std::toupper(static_cast<unsigned char>(a)) == b;
        })) {
      return {};
    }
  }
  return "unknown transport '" + std::string(name) + "' (expected UDP, TCP, TLS or SCTP)";
}

std::string checkHostPort(std::string_view text) {
  if (text.empty()) return {};  // no listener (http_listen="" turns HTTP off)
  ListenAddress address;
  try {
    address = parseListenAddress(text);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  if (address.transport != Transport::Any || !address.port || !address.advertiseHost.empty()) {
    return "expected \"IP:PORT\" such as \"127.0.0.1:9060\", found \"" + std::string(text) + "\"";
  }
  return {};
}

}  // namespace kemid::cfg
