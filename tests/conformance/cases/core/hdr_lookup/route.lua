-- KSR.hdr.get_idx / gete_idx / getw_idx (negative counts from the end)
-- and match_content with each operator and field selector.
function ksr_request_route()
  conf("get_idx0", KSR.hdr.get_idx("X-A", 0))
  conf("get_idx1", KSR.hdr.get_idx("x-a", 1))
  conf("get_idx_last", KSR.hdr.get_idx("X-A", -1))
  conf("get_idx_past_end", KSR.hdr.get_idx("X-A", 5))
  conf("get_idx_before_start", KSR.hdr.get_idx("X-A", -5))
  conf("gete_idx_past_end", KSR.hdr.gete_idx("X-A", 5))
  conf("getw_idx_past_end", KSR.hdr.getw_idx("X-A", 5))
  conf("get_idx_absent", KSR.hdr.get_idx("X-B", 0))
  for _, c in ipairs({{"eq", "one", "f"}, {"eq", "ONE", "f"}, {"eq", "four", "l"},
                      {"eq", "one", "a"}, {"eq", "four", "o"}, {"ne", "x", "a"},
                      {"ne", "one", "a"}, {"sw", "tw", "o"}, {"in", "THR", "o"},
                      {"in", "thr", "f"}, {"re", "o", "f"}, {"eq", "one", "z"},
                      {"xx", "one", "f"}, {"eq", "two , three", "o"}}) do
    conf("match_" .. table.concat(c, "_"), KSR.hdr.match_content("X-A", c[1], c[2], c[3]))
  end
  conf("match_absent", KSR.hdr.match_content("X-B", "ne", "x", "o"))
  KSR.sl.sl_send_reply(200, "OK")
end
