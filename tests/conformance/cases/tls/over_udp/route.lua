-- KSR.tls.* and $tls_* for a request that did not come over TLS: nothing
-- verified, no attribute, every variable nil. (server.pem / server.key: a
-- throwaway self-signed certificate the tls module needs to start.)
function ksr_request_route()
  conf("is_peer_verified", KSR.tls.is_peer_verified())
  conf("cget tls_version", "[" .. KSR.tls.cget("tls_version") .. "]")
  conf("cget tls_peer_subject_cn", "[" .. KSR.tls.cget("tls_peer_subject_cn") .. "]")
  conf("cget unknown", "[" .. KSR.tls.cget("version") .. "]")
  conf("set_connect_server_id", KSR.tls.set_connect_server_id("peer1"))
  conf("reset server id", KSR.tls.set_connect_server_id(""))
  for _, name in ipairs({"$tls_version", "$tls_cipher_bits", "$tls_peer_verified",
                         "$tls_peer_subject_cn", "$tls_my_subject_cn", "$tls_peer_server_name"}) do
    conf(name, KSR.pv.get(name))
  end
  conf("is_TLS", KSR.is_TLS())
  KSR.sl.sl_send_reply(200, "OK")
end
