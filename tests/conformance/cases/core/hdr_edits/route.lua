-- KSR.hdr changes are pending until the message is sent: reads still see
-- the received message, and the callee sees every change.
function ksr_request_route()
  conf("method", KSR.pv.get("$rm"))
  conf("has_subject", KSR.hdr.is_present("Subject"))
  conf("remove_subject", KSR.hdr.remove("Subject"))
  conf("has_subject_after_remove", KSR.hdr.is_present("Subject"))
  conf("append", KSR.hdr.append("X-Added: one\r\n"))
  conf("has_added", KSR.hdr.is_present("X-Added"))
  conf("insert", KSR.hdr.insert("X-First: yes\r\n"))
  conf("remove_absent", KSR.hdr.remove("X-Absent"))
  KSR.pv.sets("$du", "sip:127.0.0.1:5080")
  conf("relay", KSR.tm.t_relay())
end
