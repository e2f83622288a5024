#pragma once
// The statements of kamailio.cfg's top level (as Kamailio 5.6 reads them):
// core parameters, loadmodule, modparam and cfgengine, read from the
// preprocessed token stream into a Config.
//
// Where kemid differs from Kamailio 5.6 on purpose:
// - a listen/alias socket list ends at the end of its line (Kamailio runs on
//   over newlines and swallows a next line that looks like a host);
// - native routing blocks, loadmodulex, modparamx, flags and avpflags are
//   refused: kemid routes with cfgengine "lua" only;
// - known Kamailio core parameters kemid does not implement, `group.var`
//   cfg variables and kemi.* callbacks are read and ignored with a warning
//   in Config::warnings;
// - debug, port, children, maxbuffer and udp_mtu are range-checked.

#include "config/preprocessor.h"
#include "core/config.h"

namespace kemid::cfg {

// Reads every statement of `tokens` into `config`. Throws ConfigError at the
// first error, naming what was found and what was expected.
void parseConfig(Preprocessor& tokens, Config& config);

}  // namespace kemid::cfg
