-- KSR.textops.regex_substring: which group of the first match lands in the
-- variable, and the return codes of the failures.
local text = "___ abc123def ___ ghi456 ___"
local pattern = "([a-z]*)([0-9]+)([a-z]*)"

local function substring(label, itext, regexp, mindex, mcount)
  KSR.pv.sets("$var(out)", "unset")
  conf(label, KSR.textops.regex_substring(itext, regexp, mindex, mcount, "$var(out)"))
  conf(label .. " out", KSR.pv.get("$var(out)"))
end

function ksr_request_route()
  substring("group 1", text, pattern, 1, 3)
  substring("whole match", text, pattern, 0, 3)
  substring("group 3", text, pattern, 3, 4)
  substring("index = count", text, pattern, 3, 3)
  substring("count 0", text, pattern, 0, 0)
  substring("group past the last", text, pattern, 4, 5)
  substring("group not taking part", "___ abc ___", "(x)|(abc)", 1, 3)
  substring("other alternative", "___ abc ___", "(x)|(abc)", 2, 3)
  substring("empty group", "___ 123 ___", "([a-z]*)([0-9]+)", 1, 2)
  substring("no match", "nothing", "[0-9]+", 0, 1)
  substring("case-sensitive", "ABC", "b", 0, 1)
  substring("empty text", "", "^$", 0, 1)
  substring("bad expression", "abc", "(", 0, 1)
  substring("$ru user", KSR.pv.get("$ru"), "sip:([^@]+)@", 1, 2)
  conf("not a variable", KSR.textops.regex_substring("abc", "b", 0, 1, "notapv"))
  KSR.sl.sl_send_reply(200, "OK")
end
