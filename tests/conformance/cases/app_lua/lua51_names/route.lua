-- Lua 5.1 names (Kamailio's Debian build embeds Lua 5.1; kemid provides
-- them under modparam app_lua lua51_compat, on by default).
function ksr_request_route()
  local parts = {}
  for word in string.gfind("a,b,c", "[^,]+") do table.insert(parts, word) end
  local first, second = unpack(parts)
  conf("unpack", first .. second)
  conf("table.getn", table.getn(parts))
  conf("table.maxn", table.maxn({[1] = 1, [7] = 1}))
  conf("loadstring", loadstring("return 6 * 7")())
  conf("math.pow", tostring(math.pow(2, 10)))
  conf("math.mod", tostring(math.mod(7, 3)))
  conf("division", tostring(10 / 2) .. " " .. tostring(7 / 2))
  KSR.sl.sl_send_reply(200, "OK")
end
