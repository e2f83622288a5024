#pragma once
// KSR.maxfwd.* (kemi-spec §6), and the module state they read; module.cpp
// lists them.

#include "core/module_abi.h"

namespace kemid::maxfwd {

// What init read from the modparams.
class MaxfwdState : public ModuleState {
 public:
  explicit MaxfwdState(int maxLimit) : maxLimit_(maxLimit) {}
  int maxLimit() const { return maxLimit_; }

 private:
  int maxLimit_;
};

KemiValue kemiProcessMaxfwd(KemiCall& call);  // process_maxfwd(limit)
KemiValue kemiIsMaxfwdLt(KemiCall& call);     // is_maxfwd_lt(limit)

}  // namespace kemid::maxfwd
