-- The address table from address_file: whole addresses, subnets, a domain
-- name; port 0 matches any port. SIPp sends from 127.0.0.1:5070. The tag of
-- each match goes to $avp(tag) (peer_tag_avp).
local P = KSR.permissions

local function tag()
  return KSR.pv.get("$avp(tag)") or "none"
end

function ksr_request_route()
  conf("allow_source_address 1", P.allow_source_address(1))
  conf("tag after group 1", tag())
  conf("allow_source_address 2", P.allow_source_address(2))
  conf("tag after group 2", tag())
  conf("allow_source_address 3", P.allow_source_address(3))
  conf("allow_source_address_group", P.allow_source_address_group())
  conf("allow_address 1 10.1.2.3:5060", P.allow_address(1, "10.1.2.3", 5060))
  conf("tag after subnet", tag())
  conf("allow_address 1 10.1.2.3:5061", P.allow_address(1, "10.1.2.3", 5061))
  conf("allow_address 1 11.0.0.1:5060", P.allow_address(1, "11.0.0.1", 5060))
  conf("allow_address 5 172.16.0.1:5060", P.allow_address(5, "172.16.0.1", 5060))
  conf("allow_address 5 172.16.0.1:0", P.allow_address(5, "172.16.0.1", 0))
  conf("allow_address 2 192.168.1.10:9", P.allow_address(2, "192.168.1.10", 9))
  conf("allow_address 3 ::1:7", P.allow_address(3, "::1", 7))
  conf("allow_address 3 [::1]:7", P.allow_address(3, "[::1]", 7))
  conf("allow_address 6 2001:db8:5::1", P.allow_address(6, "2001:db8:5::1", 1))
  conf("allow_address 6 2001:db9::1", P.allow_address(6, "2001:db9::1", 1))
  conf("allow_address 4 example.com:9", P.allow_address(4, "example.com", 9))
  conf("tag after domain", tag())
  conf("allow_address 4 example.org:9", P.allow_address(4, "example.org", 9))
  conf("allow_address_group 127.0.0.9:5070", P.allow_address_group("127.0.0.9", 5070))
  conf("allow_address_group 127.0.0.9:5071", P.allow_address_group("127.0.0.9", 5071))
  conf("allow_address_group 192.168.1.10:1", P.allow_address_group("192.168.1.10", 1))
  conf("allow_address_group 10.9.9.9:5060", P.allow_address_group("10.9.9.9", 5060))
  conf("allow_address_group 8.8.8.8:1", P.allow_address_group("8.8.8.8", 1))
  conf("allow_address_group example.com:1", P.allow_address_group("example.com", 1))
  conf("tag after group lookups", tag())
  if P.allow_source_address(1) > 0 then
    KSR.sl.sl_send_reply(200, "Trusted")
  else
    KSR.sl.sl_send_reply(403, "Forbidden")
  end
end
