#!/usr/bin/env bash
# What the live board costs while nobody touches it: the board on the demo caseload
# and htop, side by side in tmux panes of the same size (80x24), both left alone for
# the same minute. CPU time is read from /proc/PID/stat (utime + stime) at the start
# and end of the window; the bytes each wrote to its terminal are captured with
# `tmux pipe-pane`. Start-up is not counted: the window opens once both have drawn.
#
#   scripts/idle-cost.sh [SECONDS]         (default 60; or IDLE_SECONDS)
#   IDLE_DB=record.db IDLE_SETTLE=20 scripts/idle-cost.sh   # the board on that record
#                                          (e.g. the backlog record kept by the targets
#                                          bench), the window opening IDLE_SETTLE s after
#                                          both drew; the board's peak memory is printed
#
# The binary is $DUTYBOARD_BIN, else $CARGO_TARGET_DIR/release/dutyboard, else
# target/release/dutyboard (build it first: cargo build --release).
# Target (issue 7): dutyboard at most 1 % CPU and 20 KB written per idle minute.
set -euo pipefail

seconds=${1:-${IDLE_SECONDS:-60}}
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 5)); then
    echo "idle-cost: SECONDS must be a whole number, at least 5 (got '$seconds')" >&2
    exit 2
fi

here=$(cd "$(dirname "$0")/.." && pwd)
bin=${DUTYBOARD_BIN:-${CARGO_TARGET_DIR:-$here/target}/release/dutyboard}
if [[ ! -x $bin ]]; then
    echo "idle-cost: no dutyboard binary at $bin: run 'cargo build --release' (or set DUTYBOARD_BIN)" >&2
    exit 2
fi
if ! command -v tmux >/dev/null; then
    echo "idle-cost: tmux is needed: sudo apt-get install tmux" >&2
    exit 2
fi
if ! command -v htop >/dev/null; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
        echo "idle-cost: installing htop (the comparison) with apt-get" >&2
        apt-get install -y -qq htop >/dev/null || { apt-get update -qq && apt-get install -y -qq htop >/dev/null; }
    else
        echo "idle-cost: htop is needed for the comparison: sudo apt-get install htop" >&2
        exit 2
    fi
fi

work=$(mktemp -d)
server="dutyboard-idle-$$"
tmux_() { tmux -L "$server" -f /dev/null "$@"; }
socket=""
cleanup() {
    tmux_ kill-server 2>/dev/null || true
    # The server leaves its socket behind when killed.
    [[ -n $socket ]] && rm -f "$socket"
    rm -rf "$work"
}
trap cleanup EXIT

# Each in its own session of 80x24 on a private tmux server; `exec` so that the
# pane's process is the program itself.
if [[ -n ${IDLE_DB:-} ]]; then
    what="--db '$IDLE_DB'"
else
    what=demo
fi
tmux_ new-session -d -s board -x 80 -y 24 \
    "exec env DUTYBOARD_OPERATOR='Idle Check' TERM=xterm-256color '$bin' --bell off $what"
tmux_ new-session -d -s htop -x 80 -y 24 "exec env TERM=xterm-256color htop"
socket=$(tmux_ display-message -p '#{socket_path}')

# Wait until both have drawn (the board's header, htop's function-key bar).
for _ in $(seq 1 100); do
    if tmux_ capture-pane -p -t board | grep -q DUTYBOARD &&
        tmux_ capture-pane -p -t htop | grep -q Quit; then
        break
    fi
    sleep 0.1
done
tmux_ capture-pane -p -t board | grep -q DUTYBOARD || {
    echo "idle-cost: the board did not draw:" >&2
    tmux_ capture-pane -p -t board >&2
    exit 1
}

pid_of() { tmux_ display-message -p -t "$1" '#{pane_pid}'; }
# utime + stime in clock ticks (fields 14 and 15, counted after the ')' closing the name).
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }

sleep "${IDLE_SETTLE:-0}"
board_pid=$(pid_of board)
htop_pid=$(pid_of htop)
tmux_ pipe-pane -o -t board "cat > '$work/board.out'"
tmux_ pipe-pane -o -t htop "cat > '$work/htop.out'"
board_cpu0=$(cpu_ticks "$board_pid")
htop_cpu0=$(cpu_ticks "$htop_pid")
sleep "$seconds"
board_cpu1=$(cpu_ticks "$board_pid")
htop_cpu1=$(cpu_ticks "$htop_pid")
tmux_ pipe-pane -t board
tmux_ pipe-pane -t htop
sleep 0.2

hz=$(getconf CLK_TCK)
row() {
    local name=$1 ticks=$2 bytes=$3
    awk -v n="$name" -v t="$ticks" -v b="$bytes" -v s="$seconds" -v hz="$hz" 'BEGIN {
        cpu = t / hz
        printf "%-10s %14.0f %16.3f %9.2f %%\n", n, b * 60 / s, cpu * 60 / s, 100 * cpu / s
    }'
}
echo "idle cost over ${seconds} s, 80x24 tmux panes, $(nproc) CPUs, CLK_TCK $hz"
printf "%-10s %14s %16s %11s\n" program "bytes/min" "CPU s/min" "CPU"
row dutyboard $((board_cpu1 - board_cpu0)) "$(stat -c %s "$work/board.out")"
row htop $((htop_cpu1 - htop_cpu0)) "$(stat -c %s "$work/htop.out")"
echo "dutyboard peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' "/proc/$board_pid/status")"
