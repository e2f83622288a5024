#pragma once
// The pre-KEMI `sr` object (Kamailio's app_lua_sr), mapped
// onto the KEMI exports that do the same thing.

#include <lua.hpp>

#include <span>

#include "ksr_binding.h"

namespace kemid::app_lua {

// Sets the global `sr` in `L`: sr.probe and sr.modf always; every other
// entry only when the export it maps onto is registered (sr.pv.* onto
// KSR.pv.*, sr.hdr.* onto KSR.hdr.*, sr.setflag... onto the core functions
// of the same name). The optional module sub-tables of app_lua_sr
// ("register" modparam) and sr.xavp are not provided.
void installLegacySr(lua_State* L, std::span<const Binding> bindings);

}  // namespace kemid::app_lua
