-- KSR.htable.* return values and the values they leave, on a table without
-- initval (t), one with initval=5 (n) and one with autoexpire (x); an
-- unknown table (nope) everywhere. Iteration order is Kamailio's slot order.
local function show(v)
  return type(v) .. ":" .. tostring(v)
end

local function getters(label, t, k)
  conf(label, show(KSR.htable.sht_get(t, k)) .. "|" .. show(KSR.htable.sht_gete(t, k)) .. "|" ..
       show(KSR.htable.sht_getw(t, k)) .. "|" .. show(KSR.htable.sht_is_null(t, k)))
end

local function dump(label, t)
  local seen = {}
  conf(label .. "_start", KSR.htable.sht_iterator_start("it", t))
  while KSR.htable.sht_iterator_next("it") > 0 do
    seen[#seen + 1] = show(KSR.pv.get("$shtitkey(it)")) .. "=" .. show(KSR.pv.get("$shtitval(it)"))
  end
  conf(label .. "_end", KSR.htable.sht_iterator_end("it"))
  conf(label, table.concat(seen, ","))
end

local function set_and_get()
  getters("absent_t", "t", "a")
  getters("absent_n", "n", "a")
  getters("absent_nope", "nope", "a")
  conf("sets", KSR.htable.sht_sets("t", "s", "hello"))
  conf("seti", KSR.htable.sht_seti("t", "i", 42))
  conf("seti_neg", KSR.htable.sht_seti("t", "neg", -7))
  conf("sets_num", KSR.htable.sht_sets("t", "sn", "12"))
  conf("sets_nope", KSR.htable.sht_sets("nope", "s", "x"))
  conf("seti_nope", KSR.htable.sht_seti("nope", "s", 1))
  getters("str", "t", "s")
  getters("int", "t", "i")
  getters("neg", "t", "neg")
  getters("str_num", "t", "sn")
  conf("sets_empty", KSR.htable.sht_sets("t", "e", ""))
  getters("empty", "t", "e")
end

local function counters()
  conf("inc_absent", KSR.htable.sht_inc("t", "c"))
  getters("after_inc_absent", "t", "c")
  conf("inc_int", KSR.htable.sht_inc("t", "i"))
  conf("dec_int", KSR.htable.sht_dec("t", "i"))
  conf("dec_int2", KSR.htable.sht_dec("t", "i"))
  conf("inc_str", KSR.htable.sht_inc("t", "s"))
  conf("inc_str_num", KSR.htable.sht_inc("t", "sn"))
  conf("inc_init", KSR.htable.sht_inc("n", "c"))
  conf("inc_init2", KSR.htable.sht_inc("n", "c"))
  conf("dec_init", KSR.htable.sht_dec("n", "d"))
  conf("inc_nope", KSR.htable.sht_inc("nope", "c"))
  getters("init_after", "n", "c")
end

local function matching()
  for _, op in ipairs({"eq", "ne", "re", "sw", "xx"}) do
    conf("match_name_" .. op, KSR.htable.sht_match_name("t", op, "s") .. "|" ..
         KSR.htable.sht_match_name("t", op, "zz"))
    conf("match_value_" .. op, KSR.htable.sht_match_str_value("t", op, "hello") .. "|" ..
         KSR.htable.sht_match_str_value("t", op, "zz"))
  end
  conf("match_re_prefix", KSR.htable.sht_match_name("t", "re", "^n") .. "|" ..
       KSR.htable.sht_match_str_value("t", "re", "^he") .. "|" ..
       KSR.htable.sht_match_str_value("t", "eq", "42"))
  conf("match_nope", KSR.htable.sht_match_name("nope", "eq", "s"))
end

local function removing()
  KSR.htable.sht_sets("t", "r1", "v1")
  KSR.htable.sht_sets("t", "r2", "v2")
  KSR.htable.sht_sets("t", "q1", "w1")
  KSR.htable.sht_sets("t", "q2", "w2")
  KSR.htable.sht_seti("t", "p1", 1)
  dump("before_rm", "t")
  conf("rm", KSR.htable.sht_rm("t", "r1"))
  conf("rm_absent", KSR.htable.sht_rm("t", "r1"))
  conf("rm_nope", KSR.htable.sht_rm("nope", "r1"))
  conf("rm_name_re", KSR.htable.sht_rm_name_re("t", "^r"))
  conf("rm_value_re", KSR.htable.sht_rm_value_re("t", "^w1$"))
  conf("rm_name_sw", KSR.htable.sht_rm_name("t", "sw", "q"))
  conf("rm_name_eq", KSR.htable.sht_rm_name("t", "eq", "p1"))
  KSR.htable.sht_sets("t", "r3", "v3")
  conf("rm_value_sw", KSR.htable.sht_rm_value("t", "sw", "v"))
  conf("rm_value_re2", KSR.htable.sht_rm_value("t", "re", "^hel"))
  conf("rm_name_re_nope", KSR.htable.sht_rm_name_re("nope", "^r"))
  conf("rm_value_re_nope", KSR.htable.sht_rm_value_re("nope", "^r"))
  conf("rm_name_nope", KSR.htable.sht_rm_name("nope", "re", "^r"))
  conf("rm_value_nope", KSR.htable.sht_rm_value("nope", "sw", "r"))
  conf("rm_name_bad_re", KSR.htable.sht_rm_name_re("t", "(("))
  conf("match_bad_re", KSR.htable.sht_match_name("t", "re", "(("))
  dump("after_rm", "t")
end

local function expiry_and_iterators()
  conf("setex", KSR.htable.sht_setex("t", "i", 100))
  conf("setex_absent", KSR.htable.sht_setex("t", "zz", 100))
  conf("setxs", KSR.htable.sht_setxs("t", "xs", "v", 100))
  conf("setxi", KSR.htable.sht_setxi("t", "xi", 3, 100))
  conf("setex_nope", KSR.htable.sht_setex("nope", "i", 100))
  conf("setxs_nope", KSR.htable.sht_setxs("nope", "xs", "v", 100))
  conf("setxi_nope", KSR.htable.sht_setxi("nope", "xi", 3, 100))
  getters("xs", "t", "xs")
  conf("lock", KSR.htable.sht_lock("t", "i"))
  conf("unlock", KSR.htable.sht_unlock("t", "i"))
  conf("lock_nope", KSR.htable.sht_lock("nope", "i"))
  conf("unlock_nope", KSR.htable.sht_unlock("nope", "i"))
  conf("it_start_nope", KSR.htable.sht_iterator_start("it2", "nope"))
  conf("it_next_unknown", KSR.htable.sht_iterator_next("nosuch"))
  conf("it_end_unknown", KSR.htable.sht_iterator_end("nosuch"))
  KSR.htable.sht_iterator_start("it", "t")
  conf("it_next", KSR.htable.sht_iterator_next("it"))
  conf("it_seti", KSR.htable.sht_iterator_seti("it", 9))
  conf("it_next2", KSR.htable.sht_iterator_next("it"))
  conf("it_sets", KSR.htable.sht_iterator_sets("it", "changed"))
  conf("it_setex", KSR.htable.sht_iterator_setex("it", 50))
  conf("it_next3", KSR.htable.sht_iterator_next("it"))
  conf("it_rm", KSR.htable.sht_iterator_rm("it"))
  conf("it_key_after_rm", show(KSR.pv.get("$shtitkey(it)")))
  conf("it_next4", KSR.htable.sht_iterator_next("it"))
  conf("it_key_next4", show(KSR.pv.get("$shtitkey(it)")))
  while KSR.htable.sht_iterator_next("it") > 0 do end
  conf("it_past_end", KSR.htable.sht_iterator_next("it") .. "|" ..
       show(KSR.pv.get("$shtitkey(it)")) .. "|" .. show(KSR.pv.get("$shtitval(it)")))
  conf("it_end", KSR.htable.sht_iterator_end("it"))
  conf("it_end_again", KSR.htable.sht_iterator_end("it"))
  conf("it_key_ended", show(KSR.pv.get("$shtitkey(it)")))
  dump("after_it", "t")
  conf("reset", KSR.htable.sht_reset("t"))
  conf("reset_nope", KSR.htable.sht_reset("nope"))
  dump("after_reset", "t")
end

function ksr_request_route()
  set_and_get()
  counters()
  matching()
  removing()
  expiry_and_iterators()
  KSR.sl.sl_send_reply(200, "OK")
end
