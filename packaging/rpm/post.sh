# kemid %post: the state directory (StateDirectory=kemid), there before
# the first start so that `kemictl db init` can create the default
# database; then what the %systemd_post macro does: the distribution's
# preset decides whether the service is enabled on a first install.
install -d -o kemid -g kemid -m 0750 /var/lib/kemid
if [ "$1" -eq 1 ] && [ -d /run/systemd/system ]; then
    systemctl --no-reload preset kemid.service >/dev/null 2>&1 || :
fi
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload >/dev/null 2>&1 || :
fi
exit 0
