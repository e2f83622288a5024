-- hf_iterator_*: a walk over the header fields, removing and adding around
-- the current one; the callee sees the changes.
function ksr_request_route()
  local X = KSR.textopsx
  conf("hname_before_start", X.hf_iterator_hname("i1"))
  conf("next_before_start", X.hf_iterator_next("i1"))
  conf("start", X.hf_iterator_start("i1"))
  conf("hname_at_start", X.hf_iterator_hname("i1"))
  conf("prev_at_start", X.hf_iterator_prev("i1"))
  local names = {}
  while X.hf_iterator_next("i1") > 0 do
    local name = X.hf_iterator_hname("i1")
    names[#names + 1] = name
    if name == "Subject" then
      conf("subject_body", X.hf_iterator_hbody("i1"))
      conf("insert", X.hf_iterator_insert("i1", "X-Before: 1\r\n"))
    elseif name == "X-A1" then
      conf("rm", X.hf_iterator_rm("i1"))
    elseif name == "X-B2" then
      conf("append", X.hf_iterator_append("i1", "X-After: 1\r\n"))
    end
    if #names > 40 then break end
  end
  conf("names", table.concat(names, ","))
  conf("next_after_last", X.hf_iterator_next("i1"))
  conf("hname_after_last", X.hf_iterator_hname("i1"))
  conf("prev_after_last", X.hf_iterator_prev("i1"))
  conf("end", X.hf_iterator_end("i1"))
  conf("next_after_end", X.hf_iterator_next("i1"))
  conf("hname_after_end", X.hf_iterator_hname("i1"))
  conf("present_removed", KSR.textops.is_present_hf("X-A1"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
