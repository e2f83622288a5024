-- KSR.jsonrpcs.exec runs RPC commands in the proxy; $jsonrpl(code|text|body)
-- and KSR.jsonrpcs.response() read the last answer.
-- A body on one line, so that all of it is compared.
local function oneLine(text)
  return (string.gsub(tostring(text), "\n", "\\n"))
end

local function answer(label)
  conf(label .. " code", KSR.pv.get("$jsonrpl(code)"))
  conf(label .. " text", KSR.pv.get("$jsonrpl(text)"))
end

function ksr_request_route()
  conf("before code", KSR.pv.get("$jsonrpl(code)"))
  conf("before body", KSR.pv.get("$jsonrpl(body)"))
  conf("before response", KSR.jsonrpcs.response())
  conf("exec tm.stats", KSR.jsonrpcs.exec('{"jsonrpc": "2.0", "method": "tm.stats", "id": 1}'))
  answer("tm.stats")
  conf("exec no.such",
       KSR.jsonrpcs.exec('{"jsonrpc": "2.0", "method": "no.such", "id": 7}'))
  answer("no.such")
  conf("no.such body", oneLine(KSR.pv.get("$jsonrpl(body)")))
  conf("response is body", KSR.jsonrpcs.response() == KSR.pv.get("$jsonrpl(body)"))
  conf("exec garbage", KSR.jsonrpcs.exec("garbage"))
  answer("after garbage")
  conf("execx no.such",
       KSR.jsonrpcs.execx('{"jsonrpc": "2.0", "method": "no.such.$rm", "id": "x"}'))
  conf("execx body", oneLine(KSR.pv.get("$jsonrpl(body)")))
  KSR.sl.sl_send_reply(200, "OK")
end
