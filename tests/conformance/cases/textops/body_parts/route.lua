-- The parts of a multipart body: read (get_body_part, get_body_part_raw),
-- removed and appended (each change applied with msg_apply_changes before
-- the next, as Kamailio's documentation asks); the callee sees the result.
local T = KSR.textops

-- A value on one line, so that all of it is compared.
local function oneLine(text)
  return (string.gsub(tostring(text), "\r\n", "\\r\\n"))
end

local function part(label, fn, ctype)
  KSR.pv.sets("$var(part)", "unset")
  conf(label, fn(ctype, "$var(part)"))
  conf(label .. " text", oneLine(KSR.pv.get("$var(part)")))
end

local function applied(label, result)
  conf(label, result)
  conf(label .. " applied", KSR.textopsx.msg_apply_changes())
end

function ksr_request_route()
  part("get text/plain", T.get_body_part, "text/plain")
  part("get sdp", T.get_body_part, "application/SDP")
  part("get raw text/plain", T.get_body_part_raw, "text/plain")
  part("get raw sdp", T.get_body_part_raw, "application/sdp")
  part("get absent", T.get_body_part, "image/png")
  conf("get to no variable", T.get_body_part("text/plain", "novariable"))
  conf("remove absent", T.remove_body_part("image/png"))
  applied("remove text/plain", T.remove_body_part("text/plain"))
  applied("append", T.append_body_part("first added", "text/x-one"))
  applied("append cd", T.append_body_part_cd("second added", "text/x-two", "render"))
  applied("append hex", T.append_body_part_hex("6b 61 6d 61 69 6c 69 6f", "application/x-three"))
  conf("append hex bad", T.append_body_part_hex("6b 6", "application/x-bad"))
  applied("append hex cd",
          T.append_body_part_hex_cd("6B656D6964", "application/x-four", "signal;handling=optional"))
  part("get added", T.get_body_part, "application/x-four")
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
