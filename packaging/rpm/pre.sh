# kemid %pre: the system user the service runs as (User=kemid). Its home is
# the runtime directory systemd creates (RuntimeDirectory=kemid).
getent group kemid >/dev/null || groupadd -r kemid
getent passwd kemid >/dev/null || \
    useradd -r -g kemid -d /run/kemid -M -s /sbin/nologin -c "kemid SIP proxy" kemid
exit 0
