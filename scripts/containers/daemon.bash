# A private Docker engine for one script run (sourced by scripts/container-test).
#
# No Docker engine runs on this machine, and none may get a bridge network: the daemon starts
# with --bridge=none and no iptables rules, so a container has host networking or none at all.
# Everything it owns (data root, exec root, pid file, socket, log) lives in one temporary
# directory, so it can run beside another developer's daemon, and stop_private_dockerd removes
# it again by its pid. DOCKER_HOST points at its socket for every docker/compose call.

# The directory holding the daemon's state; empty while no daemon runs.
DOCKERD_DIR=""
DOCKERD_PID=""

log() { printf '%s container-test: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# Starts dockerd with overlay2 storage, falling back to vfs when the kernel or the backing
# file system refuses overlay2. Sets DOCKER_HOST. Fails when neither driver starts.
start_private_dockerd() {
    command -v dockerd >/dev/null || die "dockerd is not installed (Debian package docker.io)"
    # A unix socket path must stay under 108 bytes: keep the directory short, in /tmp.
    DOCKERD_DIR="$(mktemp -d /tmp/retrain-dockerd.XXXXXX)"
    # In memory when it can be (CONTAINER_TEST_TMPFS=0 turns it off): loading the cached
    # images is faster, and removing the data root at the end (several GB in a hundred
    # thousand files) is one umount instead of minutes of rm -rf.
    DOCKERD_TMPFS=0
    if [ "${CONTAINER_TEST_TMPFS:-1}" = 1 ] \
        && mount -t tmpfs -o "size=${CONTAINER_TEST_TMPFS_SIZE:-16g},mode=0700" retrain-dockerd "$DOCKERD_DIR"; then
        DOCKERD_TMPFS=1
    fi
    local driver
    for driver in overlay2 vfs; do
        mkdir -p "$DOCKERD_DIR/data" "$DOCKERD_DIR/exec"
        log "starting a private dockerd ($driver) in $DOCKERD_DIR$([ "$DOCKERD_TMPFS" = 1 ] && echo " (tmpfs)")"
        # nice: the daemon, its builds and its containers inherit it (2 shared cores here).
        nice -n "${CONTAINER_TEST_NICE:-10}" dockerd \
            --storage-driver="$driver" \
            --bridge=none --iptables=false --ip6tables=false --ip-forward=false \
            --data-root="$DOCKERD_DIR/data" \
            --exec-root="$DOCKERD_DIR/exec" \
            --pidfile="$DOCKERD_DIR/dockerd.pid" \
            --host="unix://$DOCKERD_DIR/docker.sock" \
            >"$DOCKERD_DIR/dockerd-$driver.log" 2>&1 &
        DOCKERD_PID=$!
        export DOCKER_HOST="unix://$DOCKERD_DIR/docker.sock"
        local waited=0
        while [ $waited -lt 120 ]; do
            if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
                log "dockerd ($driver) exited at start: $(tail -n 1 "$DOCKERD_DIR/dockerd-$driver.log")"
                DOCKERD_PID=""
                break
            fi
            if docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
                log "dockerd $(docker version --format '{{.Server.Version}}') up (pid $DOCKERD_PID, storage $driver)"
                check_no_bridge
                return 0
            fi
            sleep 0.5
            waited=$((waited + 1))
        done
        if [ -n "$DOCKERD_PID" ]; then
            log "dockerd ($driver) did not answer within 60 s"
            stop_private_dockerd_process
        fi
        # Start the next attempt from clean state directories.
        clean_dockerd_dirs
    done
    die "no private dockerd would start; see the logs above"
}

# The network rule: the daemon must have only the host and none networks.
check_no_bridge() {
    local networks
    networks="$(docker network ls --format '{{.Name}}:{{.Driver}}' | sort | tr '\n' ' ')"
    [ "$networks" = "host:host none:null " ] \
        || die "the private dockerd has networks other than host and none: $networks"
}

# Sends SIGTERM to the daemon (it stops its containers and its containerd), SIGKILL after 30 s.
stop_private_dockerd_process() {
    [ -n "$DOCKERD_PID" ] || return 0
    kill -TERM "$DOCKERD_PID" 2>/dev/null || true
    local waited=0
    while kill -0 "$DOCKERD_PID" 2>/dev/null && [ $waited -lt 60 ]; do
        sleep 0.5
        waited=$((waited + 1))
    done
    if kill -0 "$DOCKERD_PID" 2>/dev/null; then
        log "dockerd (pid $DOCKERD_PID) ignored SIGTERM for 30 s: SIGKILL"
        kill -KILL "$DOCKERD_PID" 2>/dev/null || true
    fi
    wait "$DOCKERD_PID" 2>/dev/null || true
    # containerd is the daemon's child; after a SIGKILL of dockerd it may be left behind.
    local containerd_pid
    containerd_pid="$(cat "$DOCKERD_DIR/exec/containerd/containerd.pid" 2>/dev/null || true)"
    if [ -n "$containerd_pid" ] && kill -0 "$containerd_pid" 2>/dev/null; then
        kill -TERM "$containerd_pid" 2>/dev/null || true
    fi
    DOCKERD_PID=""
}

# Unmounts whatever the daemon left mounted under its directory, then removes the directory.
clean_dockerd_dirs() {
    [ -n "$DOCKERD_DIR" ] && [ -d "$DOCKERD_DIR" ] || return 0
    local mount_point
    # Deepest first, so nested mounts come off before their parents.
    awk -v dir="$DOCKERD_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/self/mounts | sort -r \
        | while read -r mount_point; do umount -l "$mount_point" 2>/dev/null || true; done
    rm -rf "$DOCKERD_DIR/data" "$DOCKERD_DIR/exec" "$DOCKERD_DIR/docker.sock" "$DOCKERD_DIR/dockerd.pid"
}

# Gives the memory of the tmpfs back (keeping the logs on disk when they are wanted).
release_dockerd_tmpfs() {
    [ "${DOCKERD_TMPFS:-0}" = 1 ] || return 0
    local logs=()
    if [ "${KEEP_DOCKERD_LOGS:-0}" = 1 ]; then
        logs=("$(mktemp -d /tmp/retrain-dockerd-logs.XXXXXX)")
        cp "$DOCKERD_DIR"/*.log "${logs[0]}/" 2>/dev/null || true
    fi
    umount "$DOCKERD_DIR" 2>/dev/null || umount -l "$DOCKERD_DIR" 2>/dev/null || true
    DOCKERD_TMPFS=0
    if [ ${#logs[@]} -gt 0 ]; then
        cp "${logs[0]}"/*.log "$DOCKERD_DIR/" 2>/dev/null || true
        rm -rf "${logs[0]}"
    fi
}

# Stops the daemon and removes its state. Keeps the daemon logs when KEEP_DOCKERD_LOGS=1.
stop_private_dockerd() {
    [ -n "$DOCKERD_DIR" ] || return 0
    stop_private_dockerd_process
    if [ "${DOCKERD_TMPFS:-0}" = 1 ]; then
        # Nested mounts first, then the tmpfs itself: no file-by-file removal.
        awk -v dir="$DOCKERD_DIR/" 'index($2, dir) == 1 { print $2 }' /proc/self/mounts | sort -r \
            | while read -r mount_point; do umount -l "$mount_point" 2>/dev/null || true; done
        release_dockerd_tmpfs
    fi
    clean_dockerd_dirs
    if [ "${KEEP_DOCKERD_LOGS:-0}" = 1 ]; then
        log "dockerd logs kept in $DOCKERD_DIR"
    else
        rm -rf "$DOCKERD_DIR"
    fi
    DOCKERD_DIR=""
}
