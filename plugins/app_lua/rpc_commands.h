#pragma once
// app_lua's RPC commands, as Kamailio's.

#include "core/module_abi.h"

namespace kemid::app_lua {

// app_lua.reload [index]: empty result, or fault 500 "Reload Failed" (with
// ": <reason>" when a script does not compile).
void rpcReload(RpcCall& call);
// app_lua.list: "0: [/path/script.lua]" per script (a string for one, an
// array of them for several), "No scripts loaded" for none.
void rpcList(RpcCall& call);
// app_lua.api_list: { msize, methods: [ { func: { ret, module, name, params } } ] }.
void rpcApiList(RpcCall& call);

}  // namespace kemid::app_lua
