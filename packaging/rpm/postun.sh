# kemid %postun: after an upgrade restart a running service on the new
# binary. The kemid user stays on erase (files may still belong to it).
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
    if [ "$1" -ge 1 ]; then
        systemctl try-restart kemid.service >/dev/null 2>&1 || :
    fi
fi
exit 0
