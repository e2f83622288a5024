-- kex.setdebug lowers the worker's level below info: the line logged
-- meanwhile is not printed; resetdebug brings the cfg's debug=2 back.
-- The admin modules (jsonrpcs, ctl, cfg_rpc) load with the stock modparams.
function ksr_request_route()
  conf("before", "printed")
  local set = KSR.kex.setdebug(1)
  conf("while quiet", "not printed")
  local reset = KSR.kex.resetdebug()
  conf("setdebug", set)
  conf("resetdebug", reset)
  KSR.sl.sl_send_reply(200, "OK")
end
