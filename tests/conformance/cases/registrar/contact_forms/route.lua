-- Contact fields written in the forms RFC 3261 allows: a bare URI whose
-- parameters belong to the field, the compact form "m", a display name,
-- URI parameters inside the brackets, parameter names in upper case; "*"
-- followed by a URI in one field.
function ksr_request_route()
  conf("save " .. KSR.pv.get("$cs"), KSR.registrar.save("location", 0))
end
