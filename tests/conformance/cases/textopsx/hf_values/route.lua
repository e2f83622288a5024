-- The comma-separated values of a header field: checks, additions and
-- removals, as Kamailio 5.6 cuts them; the callee sees the result.
function ksr_request_route()
  local X = KSR.textopsx
  conf("exists", X.hf_value_exists("Supported", "path"))
  conf("exists_any_case", X.hf_value_exists("supported", "PATH"))
  conf("exists_not", X.hf_value_exists("Supported", "gruu"))
  conf("exists_no_header", X.hf_value_exists("X-None", "a"))
  conf("include_new", X.include_hf_value("Supported", "gruu"))
  conf("include_present", X.include_hf_value("Supported", "path"))
  conf("include_no_header", X.include_hf_value("X-None", "v1"))
  conf("exclude_middle", X.exclude_hf_value("Allow", "INFO"))
  conf("exclude_absent", X.exclude_hf_value("Allow", "FOO"))
  conf("exclude_first", X.exclude_hf_value("X-List", "c"))
  conf("exclude_last", X.exclude_hf_value("X-List", "b"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
