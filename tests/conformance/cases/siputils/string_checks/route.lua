-- The string predicates and URI comparisons, which need no message data.
local S = KSR.siputils

function ksr_request_route()
  for _, s in ipairs({"sip:a@b", "SIP:a@b", "sips:a@b.c:5061;transport=tls", "tel:+1-234",
                      "urn:service:sos", "sip:[::1]:5060", "sip:", "mailto:a@b", "sip:a@",
                      "a@b", "", "sip:a@b:99999"}) do
    conf("is_uri[" .. s .. "]", S.is_uri(s))
  end
  for _, s in ipairs({"+1234", "1234", "+", "", "12a", "1+2", "0"}) do
    conf("is_tel_number[" .. s .. "]", S.is_tel_number(s))
    conf("is_numeric[" .. s .. "]", S.is_numeric(s))
  end
  for _, s in ipairs({"abc123", "", "a_b", "a-b", "a.b"}) do
    conf("is_alphanum[" .. s .. "]", S.is_alphanum(s))
    conf("is_alphanumex[" .. s .. "]", S.is_alphanumex(s, "-_"))
  end
  local uris = {
    {"sip:a@b", "SIP:a@B"}, {"sip:a@b", "sip:A@b"}, {"sip:a@b", "sip:a@b:5060"},
    {"sip:a@b;transport=udp", "sip:a@b"}, {"sip:a@b;transport=UDP", "sip:a@b;transport=udp"},
    {"sip:a@b;transport=udp", "sip:a@b;transport=tcp"}, {"sip:a@b;x=1", "sip:a@b;x=2"},
    {"sip:a@b;x=1;y=2", "sip:a@b;Y=2;x=1"}, {"sip:a@b;x=A", "sip:a@b;x=a"},
    {"sip:a@b;user=phone", "sip:a@b"}, {"sip:a@b;ttl=1", "sip:a@b"},
    {"sip:a@b;maddr=c", "sip:a@b"}, {"sip:a@b;lr", "sip:a@b;lr=on"}, {"sip:a@b?h=1", "sip:a@b"},
    {"sip:%61@b", "sip:a@b"}, {"sip:a:pw@b", "sip:a@b"}, {"sip:a@b", "sips:a@b"},
    {"sip:a@b", "tel:a"}, {"tel:+1", "tel:+1"}, {"bad", "sip:a@b"},
  }
  for _, pair in ipairs(uris) do
    local label = "[" .. pair[1] .. "|" .. pair[2] .. "]"
    conf("cmp_uri" .. label, S.cmp_uri(pair[1], pair[2]))
    conf("cmp_aor" .. label, S.cmp_aor(pair[1], pair[2]))
  end
  for _, pair in ipairs({{"Call-ID", "i"}, {"t", "To"}, {"X-A", "x-a"}, {"X-A", "X-B"}, {"", ""}}) do
    conf("cmp_hdr_name[" .. pair[1] .. "|" .. pair[2] .. "]", S.cmp_hdr_name(pair[1], pair[2]))
  end
  KSR.sl.sl_send_reply(200, "Checked")
end
