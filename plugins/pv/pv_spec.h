#pragma once
// A pseudo-variable name parsed once: "$ru", "$var(x)", "$(hdr(Via)[1])",
// "$(avp(x)[*])". PvCache keeps the parsed form per thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kemid::pv {

enum class PvKind : std::uint8_t {
  // Request line and destination (§3.1)
  RequestUri,      // $ru $ruri
  RequestUser,     // $rU $ruri.user
  RequestHost,     // $rd $ruri.domain
  RequestPort,     // $rp
  RequestScheme,   // $rz
  RequestVersion,  // $rv
  OriginalUri,     // $ou $ouri
  DstUri,          // $du $duri
  // Headers and message (§3.2)
  FromUri,        // $fu $from
  FromUser,       // $fU $from.user
  FromHost,       // $fd $from.domain
  FromName,       // $fn
  FromTag,        // $ft
  ToUri,          // $tu $to
  ToUser,         // $tU $to.user
  ToHost,         // $td $to.domain
  ToName,         // $tn
  ToTag,          // $tt
  CallId,         // $ci
  CSeq,           // $cs
  Method,         // $rm
  ReplyStatus,    // $rs
  ReplyReason,    // $rr
  UserAgent,      // $ua
  Contact,        // $ct
  ContentType,    // $cT
  ContentLength,  // $cl
  BodySize,       // $bs
  Body,           // $rb
  MessageBuffer,  // $mb $mbu
  MessageLength,  // $ml
  MessageType,    // $mt
  MessageId,      // $mi
  Header,         // $hdr(name), with an index
  HeaderCount,    // $hdrc(name)
  // Network, time, misc (§3.3)
  SourceIp,      // $si
  SourcePort,    // $sp
  LocalIp,       // $Ri
  LocalPort,     // $Rp
  Proto,         // $pr $proto
  ReturnCode,    // $rc $retcode $?
  ReceivedTime,  // $Ts
  CurrentTime,   // $TS
  TimeValue,     // $TV(s|u|sn|un|Sn|Fn)
  // rr
  RouteUri,  // $route_uri
  // tmx (§3.5)
  TmReplyCode,    // $T_reply_code
  TmBranchIndex,  // $T_branch_idx
  // flags
  MessageFlags,  // $mf
  BranchFlags,   // $bf
  // The destination set (core/destination_set.h)
  Branch,  // $branch(uri|dst_uri|path|q|flags|send_socket|ruid|instance|location_ua|count), with an
           // index
  // Variables and storage (§3.4)
  Var,          // $var(x) $vz(x): per worker thread, 0 when unset
  VarNullable,  // $vn(x): per worker thread, null when unset
  Avp,          // $avp(x), with an index: per message
  Shared,       // $shv(x): shared by all threads
  // A class another module provides (PvApi::provide), with an index
  Provided,
  // Always null: $null, $err.*, $snd(...), $ruid, $fs
  Null,
};

// An index written as $(name[n]): nothing, a number (negative counts from
// the end) or "*" (all values).
struct PvIndex {
  enum class Kind : std::uint8_t { None, Number, All };
  Kind kind = Kind::None;
  int number = 0;
  bool operator==(const PvIndex&) const = default;
};

struct PvSpec {
  PvKind kind = PvKind::Null;
  std::string name;  // what is inside the parentheses: "x" of $var(x), "Via" of $hdr(Via)
  PvIndex index;
  std::string provided;  // Provided: the class name ("ulc")
  bool operator==(const PvSpec&) const = default;
};

// Whether `name` ("ru", "hdr") is one of pv's own names.
bool isOwnPvName(std::string_view name);

// nullopt when `text` is not a pseudo-variable kemid knows (Kamailio: parse
// error, KSR.pv.get returns nil). `error` says why.
std::optional<PvSpec> parsePvSpec(std::string_view text, std::string& error);

}  // namespace kemid::pv
