-- The message checks and R-URI parameter functions over requests that
-- differ in To tag, Vias, R-URI parameters (user=phone, gr) and Date.
local S = KSR.siputils

function ksr_request_route()
  local p = KSR.pv.gete("$hdr(X-Case)") .. ":"
  conf(p .. "has_totag", S.has_totag())
  conf(p .. "is_request", S.is_request())
  conf(p .. "is_reply", S.is_reply())
  conf(p .. "is_first_hop", S.is_first_hop())
  conf(p .. "is_first_hop_mode1", S.is_first_hop_mode(1))
  conf(p .. "is_gruu", S.is_gruu())
  conf(p .. "is_user", S.is_user("alice"))
  conf(p .. "uri_param_foo", S.uri_param("foo"))
  conf(p .. "uri_param_FOO", S.uri_param("FOO"))
  conf(p .. "uri_param_bar", S.uri_param("bar"))
  conf(p .. "uri_param_value_bar_1", S.uri_param_value("bar", "1"))
  conf(p .. "uri_param_value_bar_2", S.uri_param_value("bar", "2"))
  conf(p .. "uri_param_value_baz_abc", S.uri_param_value("baz", "abc"))
  conf(p .. "uri_param_value_isub_5", S.uri_param_value("isub", "5"))
  conf(p .. "uri_param_value_user_phone", S.uri_param_value("user", "phone"))
  conf(p .. "uri_param_any_BAR", S.uri_param_any("BAR"))
  conf(p .. "uri_param_any_user", S.uri_param_any("user"))
  conf(p .. "uri_param_any_isub", S.uri_param_any("isub"))
  conf(p .. "hdr_date_check_0", S.hdr_date_check(0))
  conf(p .. "hdr_date_check_large", S.hdr_date_check(2000000000))
  conf(p .. "uri_param_rm_bar", S.uri_param_rm("bar"))
  conf(p .. "uri_param_rm_X", S.uri_param_rm("X"))
  conf(p .. "add_uri_param", S.add_uri_param("nat=yes"))
  conf(p .. "add_uri_param_flag", S.add_uri_param("x"))
  conf(p .. "ruri", KSR.pv.get("$ru"))
  conf(p .. "uri_param_value_nat", S.uri_param_value("nat", "yes"))
  local answered = S.options_reply()
  conf(p .. "options_reply", answered)
  if answered ~= 1 then
    KSR.sl.sl_send_reply(404, "Not Here")
  end
end
