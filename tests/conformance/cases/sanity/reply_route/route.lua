-- Replies are checked (the stock script's masks) but never answered: the
-- callee's 200 carries an Expires that is not a number.
function ksr_request_route()
  conf("request:sanity_check", KSR.sanity.sanity_check(17895, 7))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end

function ksr_reply_route()
  conf("reply:sanity_check", KSR.sanity.sanity_check(17604, 6))
  conf("reply:sanity_check_expires", KSR.sanity.sanity_check(256, 0))
end
