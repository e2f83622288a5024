#pragma once
// The one configuration model. Both frontends (kamailio.cfg subset in
// src/config/cfg_*, YAML later) produce a Config; nothing downstream knows
// which file it came from.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sip/transport.h"

namespace kemid {

// Where a setting was written, so later stages (plugin loader, startup) can
// name the file and line in their errors.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column" (or "file:line" when no column is known).
  std::string toString() const;
  bool operator==(const SourceLocation&) const = default;
};

struct CoreSettings;

// One `listen` socket: [proto:]host[:port] [advertise host[:port]] [name "x"].
struct ListenAddress {
  Transport transport = Transport::Udp;
  std::string host;
  std::optional<int> port;  // unset: the global `port` applies
  std::string advertiseHost;
  std::optional<int> advertisePort;
  std::string name;
  SourceLocation where;

  // Kamailio's "udp: 127.0.0.1:5060" form as printed by `-c`, port resolved.
  std::string describe(int defaultPort) const;
  // True when this socket serves `transport`: the one it names, or with
  // none named UDP, TCP unless disable_tcp, and TLS when enable_tls is set
  // (as Kamailio; TLS also needs TCP).
  bool serves(Transport served, const CoreSettings& core) const;
  // The port it listens on for `served`: the one given (plus one for TLS
  // on a listen without a transport, as Kamailio), else the global `port`
  // (tls_port_no for TLS).
  int portFor(Transport served, const CoreSettings& core) const;
  bool operator==(const ListenAddress& o) const;
};

// One socket in text form, as `-l` takes it and `listen` writes it:
// [proto:]host[:port][/advertise-host[:port]], host an IPv4 address, a name
// or a bracketed IPv6 address. No proto means every transport (Kamailio's
// "listen=IP:PORT"). Throws std::invalid_argument naming the text and what is
// wrong with it.
ListenAddress parseListenAddress(std::string_view text);

// A modparam value: kamailio.cfg knows only integers and strings.
using ParamValue = std::variant<std::int64_t, std::string>;

std::string_view paramValueTypeName(const ParamValue& v);  // "int" or "string"

struct ModuleParam {
  std::string name;
  ParamValue value;
  SourceLocation where;
  bool operator==(const ModuleParam& o) const { return name == o.name && value == o.value; }
};

// One `loadmodule`, with the modparams that were applied to it, in order.
struct ModuleEntry {
  std::string name;  // module name: "tm" for "tm", "tm.so" or "/x/tm.so"
  std::string path;  // as written in loadmodule
  std::vector<ModuleParam> params;
  SourceLocation where;
  bool operator==(const ModuleEntry& o) const {
    return name == o.name && path == o.path && params == o.params;
  }
};

// Core (global) parameters. Defaults are Kamailio 5.6's where it has one.
struct CoreSettings {
  std::vector<ListenAddress> listen;
  int port = 5060;
  int children = 8;
  int debug = 0;  // -5..3, Kamailio's levels (0 = warning)
  bool logStderror = false;
  std::string logFacility = "LOG_DAEMON";
  std::string logPrefix;
  std::string logName;
  bool fork = true;
  std::string mpath;  // colon-separated module directories; empty = built-in default
  std::vector<std::string> aliases;
  std::string serverHeader;  // full header line; empty = kemid's default
  // Full header line for requests kemid originates; kemid originates none
  // yet (tm's CANCEL and ACK are built from the INVITE), so it is only kept.
  std::string userAgentHeader;
  bool serverSignature = true;
  int maxbuffer = 262144;
  int udpMtu = 0;                             // 0: no limit
  Transport udpMtuTryProto = Transport::Udp;  // what a larger request goes over
  std::string httpListen = "127.0.0.1:9060";  // kemid's own: /metrics and /RPC
  std::string httpAllow;        // kemid's own: networks allowed to call /RPC; empty = any
  std::string httpToken;        // kemid's own: bearer token /RPC requires; empty = none
  int workerQueueLimit = 4096;  // kemid's own: datagrams queued per worker
  // TCP (RFC 3261 §18), with Kamailio's defaults; times in seconds.
  bool disableTcp = false;
  int tcpMaxConnections = 2048;
  int tcpConnectionLifetime = 120;  // an idle connection is closed after it
  int tcpConnectTimeout = 10;
  int tcpSendTimeout = 10;
  bool tcpAcceptNoCl = false;     // a message without Content-Length is an error
  bool tcpAcceptAliases = false;  // a Via's ";alias" makes its port reuse the connection
  bool tcpKeepalive = true;       // SO_KEEPALIVE on every connection
  int tcpKeepidle = 0;            // seconds idle before the first probe; 0: the system's
  int tcpKeepintvl = 0;           // seconds between probes; 0: the system's
  int tcpKeepcnt = 0;             // probes unanswered before the connection is dropped
  bool enableTls = false;         // listen=tls: needs it (and the tls module)
  int tlsPort = 5061;             // tls_port_no: a TLS listen without a port

  bool operator==(const CoreSettings&) const = default;
};

// The Server: header line kemid adds to the replies it generates
// (server_header, server_signature); empty when server_signature = no.
std::string serverHeaderLine(const CoreSettings& core);

struct Config {
  std::string sourceFile;  // the main file given with -f
  CoreSettings core;
  std::vector<ModuleEntry> modules;  // load order
  std::string cfgengine;             // "lua", or empty when none was selected
  // Known Kamailio parameters that kemid accepts but does not implement; one
  // warning each is logged at startup.
  std::vector<std::string> warnings;
  // The preprocessor's defines as the file left them (#!define, -A and the
  // predefined names), each with its value or "" (KSR.kx.get_def, ifdef).
  std::map<std::string, std::string, std::less<>> defines;

  const ModuleEntry* findModule(std::string_view name) const;
  bool operator==(const Config& o) const {
    return core == o.core && modules == o.modules && cfgengine == o.cfgengine;
  }
};

}  // namespace kemid
