#pragma once
// A Config written back as text: as YAML (docs/config.md) or as
// kamailio.cfg, for `kemid --dump-config`. Each text loads back as the same
// Config (Config::operator==); the round-trip tests hold every config of
// etc/ and tests/ to that.
//
// What is written is what a person would write: a comment saying where it
// came from, then core parameters that differ from their default, modules in
// load order with their parameters, and the cfgengine. Kamailio parameters
// kemid ignores (Config::warnings) are listed in the comment only.

#include <string>

#include "core/config.h"

namespace kemid {

// Throws ConfigError for the rare value one syntax cannot spell, such as a
// listen host with ':' that is not a bracketed IPv6 address.
std::string writeYamlConfig(const Config& config);
std::string writeCfgConfig(const Config& config);

}  // namespace kemid
