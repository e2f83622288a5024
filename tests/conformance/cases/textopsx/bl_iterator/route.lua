-- bl_iterator_*: a walk over the body lines of an SDP offer, removing and
-- adding lines; the callee sees the new body and its Content-Length.
function ksr_request_route()
  local X = KSR.textopsx
  if KSR.pv.get("$rm") == "ACK" then
    return -- the ACK of the busy reply: tm answered the callee already
  end
  conf("value_before_start", X.bl_iterator_value("b1"))
  conf("next_before_start", X.bl_iterator_next("b1"))
  conf("start", X.bl_iterator_start("b1"))
  conf("value_at_start", X.bl_iterator_value("b1"))
  local count = 0
  while X.bl_iterator_next("b1") > 0 do
    count = count + 1
    local line = X.bl_iterator_value("b1")
    if line:sub(1, 2) == "s=" then
      conf("rm", X.bl_iterator_rm("b1"))
    elseif line:sub(1, 2) == "t=" then
      conf("append", X.bl_iterator_append("b1", "x=after\r\n"))
    elseif line:sub(1, 2) == "m=" then
      conf("insert", X.bl_iterator_insert("b1", "x=before\r\n"))
      conf("m_line", line)
    end
    if count > 40 then break end
  end
  conf("count", count)
  conf("next_after_last", X.bl_iterator_next("b1"))
  conf("value_after_last", X.bl_iterator_value("b1"))
  conf("end", X.bl_iterator_end("b1"))
  conf("next_after_end", X.bl_iterator_next("b1"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
