#include "tm_settings.h"

#include "core/module_params.h"

namespace kemid::tm {

TmSettings TmSettings::fromParams(const ModuleParams& params) {
  TmSettings s;
  s.frTimer = Millis(params.getInt("fr_timer"));
  s.frInvTimer = Millis(params.getInt("fr_inv_timer"));
  s.wtTimer = Millis(params.getInt("wt_timer"));
  s.t1 = Millis(params.getInt("retr_timer1"));
  s.t2 = Millis(params.getInt("retr_timer2"));
  s.maxInvLifetime = Millis(params.getInt("max_inv_lifetime"));
  s.maxNonInvLifetime = Millis(params.getInt("max_noninv_lifetime"));
  s.restartFrOnEachReply = params.getInt("restart_fr_on_each_reply") != 0;
  s.autoInv100 = params.getInt("auto_inv_100") != 0;
  s.autoInv100Reason = params.getString("auto_inv_100_reason");
  s.noisyCtimer = params.getInt("noisy_ctimer") != 0;
  s.unmatchedCancel = static_cast<UnmatchedCancel>(params.getInt("unmatched_cancel"));
  s.cancelBMethod = static_cast<CancelUnrepliedBranch>(params.getInt("cancel_b_method"));
  s.failureReplyMode = static_cast<int>(params.getInt("failure_reply_mode"));
  s.remap503To500 = params.getInt("remap_503_500") != 0;
  s.maxTransactions = static_cast<std::uint64_t>(params.getInt("max_transactions"));
  s.overloadRetryAfter = static_cast<int>(params.getInt("overload_retry_after"));
  s.relay100 = params.getInt("relay_100") != 0;
  s.disable6xxBlock = params.getInt("disable_6xx_block") != 0;
  s.onSlReply = params.getString("on_sl_reply");
  s.contactsAvp = params.getString("contacts_avp");
  return s;
}

}  // namespace kemid::tm
