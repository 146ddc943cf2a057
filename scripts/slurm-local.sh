#!/usr/bin/env bash
# A throw-away single-node Slurm cluster for tests (docs/slurm.md describes what a real cluster needs; no systemd).
#   scripts/slurm-local.sh start DIR   write DIR/slurm.conf, start munged (unless one runs), slurmctld, slurmd;
#                                      wait until the node is idle; print `export SLURM_CONF=DIR/slurm.conf`
#   scripts/slurm-local.sh stop DIR    stop exactly the daemons this script started (PID files in DIR)
# Needs root and Debian's slurmctld slurmd slurm-client munge. Ports 16817/16818 so a real cluster's
# daemons on this host are not disturbed. State, spool, logs and PID files all live under DIR.
set -euo pipefail
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
dir=$(realpath -m "$dir")

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

stop_pidfile() { # name pidfile
  local pf=$2
  [ -f "$pf" ] || return 0
  local pid; pid=$(cat "$pf")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "slurm-local: $1 ($pid) ignored SIGTERM; SIGKILL" >&2; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  rm -f "$pf"
}

if [ "$cmd" = stop ]; then
  stop_pidfile slurmd "$dir/run/slurmd.pid"
  stop_pidfile slurmctld "$dir/run/slurmctld.pid"
  [ -f "$dir/run/munged.started" ] && { stop_pidfile munged "$(cat "$dir/run/munged.started")"; rm -f "$dir/run/munged.started"; }
  echo "slurm-local: stopped"
  exit 0
fi
[ "$cmd" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "slurm-local: needs root" >&2; exit 3; }
for b in slurmctld slurmd munged sinfo; do command -v "$b" >/dev/null || { echo "slurm-local: $b not installed" >&2; exit 3; }; done

host=$(hostname -s); cpus=$(nproc)
mkdir -p "$dir"/{state,spool,log,run}
chmod 755 "$dir"
chown -R slurm:slurm "$dir"/state "$dir"/log "$dir"/run
runuser -u slurm -- test -w "$dir/state" || { echo "slurm-local: user slurm cannot write $dir/state (a parent folder is not traversable? chmod 755 it)" >&2; exit 3; }
cat > "$dir/slurm.conf" <<CONF
ClusterName=hpslocal
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=slurm
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.log
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerParameters=batch_sched_delay=0
MaxArraySize=100001
MaxJobCount=200000
KillWait=10
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"

# munge: reuse a running munged (it serves every Slurm on the host), else start one and remember it.
mkdir -p /run/munge && chown munge:munge /run/munge && chmod 755 /run/munge
if ! alive /run/munge/munged.pid; then
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 1 50); do alive /run/munge/munged.pid && break; sleep 0.1; done
  alive /run/munge/munged.pid || { echo "slurm-local: munged did not start" >&2; exit 1; }
  echo /run/munge/munged.pid > "$dir/run/munged.started"
fi

fail() { echo "slurm-local: $1; log tail:" >&2; tail -5 "$dir/log/$2.log" >&2 2>/dev/null || true; "$0" stop "$dir" >&2; exit 1; }
slurmctld -f "$SLURM_CONF"
for _ in $(seq 1 100); do alive "$dir/run/slurmctld.pid" && break; sleep 0.1; done
alive "$dir/run/slurmctld.pid" || fail "slurmctld did not start" slurmctld
slurmd -f "$SLURM_CONF"
for _ in $(seq 1 100); do alive "$dir/run/slurmd.pid" && break; sleep 0.1; done
alive "$dir/run/slurmd.pid" || fail "slurmd did not start" slurmd
for _ in $(seq 1 200); do
  alive "$dir/run/slurmctld.pid" || fail "slurmctld stopped" slurmctld
  st=$(sinfo -h -o %t 2>/dev/null | head -1 || true)
  [ "$st" = idle ] && { echo "export SLURM_CONF=$SLURM_CONF"; exit 0; }
  sleep 0.2
done
fail "node not idle after 40 s (sinfo: ${st:-none})" slurmd
