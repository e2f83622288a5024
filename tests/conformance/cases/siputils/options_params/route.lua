-- options_reply() answers with the header values the modparams give.
function ksr_request_route()
  conf("options_reply", KSR.siputils.options_reply())
end
