-- Prepended to every conformance case's route.lua (tests/conformance/README.md).
-- conf(label, value) logs one result the runner compares between proxies.
function conf(label, value)
  KSR.info("conf: " .. label .. "=" .. tostring(value) .. "\n")
end
