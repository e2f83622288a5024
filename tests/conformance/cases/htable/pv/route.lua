-- htable's pseudo-variables through KSR.pv: $sht read and written (a key
-- holding another pseudo-variable, $null deleting), $shtex, $shtinc,
-- $shtdec, $shtcn / $shtcv with their operators, on tables without and
-- with initval; unknown tables.
local function show(v)
  return type(v) .. ":" .. tostring(v)
end

local function get(name)
  return show(KSR.pv.get(name))
end

function ksr_request_route()
  conf("absent", get("$sht(t=>a)") .. "|" .. get("$sht(n=>a)") .. "|" .. get("$sht(nope=>a)"))
  conf("sets", tostring(KSR.pv.sets("$sht(t=>s)", "hello")) .. "|" .. get("$sht(t=>s)"))
  conf("seti", tostring(KSR.pv.seti("$sht(t=>i)", 42)) .. "|" .. get("$sht(t=>i)"))
  conf("sets_nope", tostring(KSR.pv.sets("$sht(nope=>s)", "x")))
  KSR.pv.sets("$var(k)", "dyn")
  conf("key_pv", tostring(KSR.pv.sets("$sht(t=>$var(k))", "via-var")) .. "|" ..
       show(KSR.htable.sht_get("t", "dyn")) .. "|" .. get("$sht(t=>$var(k))"))
  conf("key_si", tostring(KSR.pv.seti("$sht(t=>$si)", 1)) .. "|" ..
       KSR.htable.sht_match_name("t", "eq", KSR.pv.get("$si")))
  conf("unset", tostring(KSR.pv.unset("$sht(t=>s)")) .. "|" .. get("$sht(t=>s)"))
  KSR.pv.sets("$sht(t=>s)", "hello")
  conf("set_null", tostring(KSR.pv.sets("$sht(t=>s)", nil)) .. "|" .. get("$sht(t=>s)"))
  KSR.pv.sets("$sht(t=>s)", "hello")
  conf("inc", get("$shtinc(t=>i)") .. "|" .. get("$shtinc(t=>i)") .. "|" .. get("$shtdec(t=>i)"))
  conf("inc_absent", get("$shtinc(t=>c)") .. "|" .. get("$sht(t=>c)"))
  conf("inc_init", get("$shtinc(n=>c)") .. "|" .. get("$shtdec(n=>d)"))
  conf("inc_str", get("$shtinc(t=>s)"))
  conf("inc_nope", get("$shtinc(nope=>s)"))
  conf("ex_none", get("$shtex(t=>i)") .. "|" .. get("$shtex(t=>absent)"))
  KSR.htable.sht_seti("x", "e", 1)
  conf("ex_auto", get("$shtex(x=>e)"))
  conf("ex_set", tostring(KSR.pv.seti("$shtex(t=>i)", 100)) .. "|" .. get("$shtex(t=>i)"))
  KSR.htable.sht_sets("t", "alpha", "one")
  KSR.htable.sht_sets("t", "alpine", "two")
  KSR.htable.sht_sets("t", "beta", "one")
  conf("cn", get("$shtcn(t=>^al)") .. "|" .. get("$shtcn(t=>~~^al)") .. "|" ..
       get("$shtcn(t=>~%al)") .. "|" .. get("$shtcn(t=>==beta)") .. "|" ..
       get("$shtcn(t=>zz)"))
  conf("cv", get("$shtcv(t=>^on)") .. "|" .. get("$shtcv(t=>==one)") .. "|" ..
       get("$shtcv(t=>~%tw)") .. "|" .. get("$shtcv(t=>42)"))
  conf("cn_nope", get("$shtcn(nope=>a)"))
  conf("cn_ops", get("$shtcn(t=>%~al)") .. "|" .. get("$shtcn(t=>~%ha)") .. "|" ..
       get("$shtcn(t=>~%ne)") .. "|" .. get("$shtcn(t=>%~ne)") .. "|" .. get("$shtcn(t=>=~al)"))
  KSR.htable.sht_setxs("t", "xs", "v", 50)
  KSR.htable.sht_setxs("x", "xs", "v", 50)
  conf("ex_setxs", get("$shtex(t=>xs)") .. "|" .. get("$shtex(x=>xs)"))
  conf("ex_setex", KSR.htable.sht_setex("x", "e", 40) .. "|" .. get("$shtex(x=>e)") .. "|" ..
       KSR.htable.sht_setex("t", "alpha", 40) .. "|" .. get("$shtex(t=>alpha)"))
  conf("ex_pv", tostring(KSR.pv.seti("$shtex(x=>e)", 30)) .. "|" .. get("$shtex(x=>e)"))
  KSR.sl.sl_send_reply(200, "OK")
end
