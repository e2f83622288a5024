# Measuring a proxy from bench scripts (sourced): its processes, their CPU
# time and their memory.

ticks=$(getconf CLK_TCK)

# All processes of a proxy: its main pid and every descendant.
family() {
  local pids=($1) all=($1)
  while ((${#pids[@]})); do
    local next=()
    for p in "${pids[@]}"; do
      mapfile -t kids < <(pgrep -P "$p" || true)
      next+=("${kids[@]}")
    done
    all+=("${next[@]}")
    pids=("${next[@]}")
  done
  echo "${all[@]}"
}

cpu_ticks() {  # utime + stime of every thread of every process given
  local total=0
  for p in "$@"; do
    [[ -r /proc/$p/stat ]] || continue
    read -r -a f < <(sed 's/^.*) //' "/proc/$p/stat")
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

pss_kib() {
  local total=0
  for p in "$@"; do
    local v
    v=$(awk '/^Pss:/ {print $2}' "/proc/$p/smaps_rollup" 2>/dev/null || echo 0)
    total=$((total + ${v:-0}))
  done
  echo "$total"
}

# A call count from SIPp's final screen: sipp_calls FILE Successful|Failed
sipp_calls() {
  grep -E "^ +$2 call" "$1" | awk -F'|' '{gsub(/ /,"",$3); print $3}'
}

# The call rate SIPp reached over its whole run (calls/s, integer).
sipp_rate() {
  awk -F'|' '/Call Rate/ {gsub(/[ a-z]/, "", $3); printf "%d", $3}' "$1"
}

# How many times SIPp's uac got a message of the scenario: sipp_messages FILE 180
sipp_messages() {
  awk -v what="$2" '$1 == what && $2 ~ /(--->|<---)/ {print $3; exit}' "$1"
}

# Retransmissions SIPp made or saw, summed over its scenario's messages.
sipp_retransmissions() {
  awk '/Messages +Retrans/ {on = 1; next} /Test Terminated/ {on = 0}
       on && /(--->|<---)/ {
         for (i = 1; i <= NF && $i !~ /(--->|<---)/; i++) {}
         for (n = 0; i <= NF; i++) if ($i ~ /^[0-9]+$/ && ++n == 2) s += $i
       }
       END {print s + 0}' "$1"
}
