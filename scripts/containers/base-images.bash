# The base images the Dockerfile builds on, made on this machine and cached between runs
# (sourced by scripts/container-test after daemon.bash).
#
# No image registry is reachable here, so nothing is pulled:
# - the runtime base is `debootstrap --variant=minbase` of the runtime's Debian release from the
#   mirror apt uses on this machine, brought up to date from the same sources (security
#   included), trimmed, and `docker import`ed under the tag the Dockerfile names;
# - the builder base is that same root file system (exported back out of the runtime base) plus
#   the Debian packages a Swift toolchain needs, this machine's toolchain (/opt/swift, without
#   the debugger, the language server and the other parts a build never runs), the local Swift
#   package mirror (/opt/swift-packages) and the git `insteadOf` rule that sends
#   https://github.com/OWNER/NAME to it. The legacy builder cannot bind-mount, so the mirror
#   is inside the image.
# Both are saved with `docker save` as tarballs in CACHE_DIR, named by a key over everything
# that goes into them, so a new daemon loads them in seconds and a changed recipe, toolchain
# or mirror makes them anew. RETRAIN_REFRESH_BASES=1 makes them anew regardless.

BASE_WORK_DIR=""
CACHE_DIR="${RETRAIN_CONTAINER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/retrain-containers}"

# Bump when the recipe below changes in a way the key does not see.
BASE_RECIPE_VERSION=1
RUNTIME_PACKAGES=(ca-certificates curl tzdata)
# What a Swift toolchain needs on Debian 12 (checked with ldd over /opt/swift), plus the
# -dev packages that `--static-swift-stdlib` links against (libstdc++, libcurl, libxml2, zlib).
BUILDER_PACKAGES=(
    binutils git pkg-config tzdata ca-certificates
    libc6-dev libgcc-12-dev libstdc++-12-dev
    libncurses6 libedit2 libsqlite3-0 libxml2-dev libcurl4-openssl-dev zlib1g-dev uuid-dev
)
SWIFT_TOOLCHAIN="${SWIFT_TOOLCHAIN:-/opt/swift}"
SWIFT_PACKAGE_MIRROR="${SWIFT_PACKAGE_MIRROR:-/opt/swift-packages}"
# Parts of the toolchain no `swift build` runs: debugger, language server, docs, formatter,
# Wasm runtime and the Embedded Swift libraries (about 1.7 GB of the 3.3 GB).
TOOLCHAIN_EXCLUDES=(
    usr/bin/lldb* usr/bin/sourcekit-lsp usr/bin/clangd usr/bin/docc usr/bin/swift-format
    usr/bin/wasmkit usr/bin/repl_swift usr/lib/liblldb* usr/lib/libsourcekitdInProc.so
    usr/lib/libSwiftSourceKit* usr/lib/libclang.so* usr/lib/swift/embedded
)

# The tag the Dockerfile gives an ARG by default: "ARG NAME=value".
dockerfile_default() {
    local name="$1" value
    value="$(sed -n "s/^ARG $name=//p" Dockerfile | head -n 1)"
    [ -n "$value" ] || die "Dockerfile has no default for ARG $name"
    printf '%s' "$value"
}

# Options that apt on this machine runs with and a chroot's apt must share (a snapshot mirror
# needs Check-Valid-Until off; a proxy must be used the same way).
host_apt_options() {
    local key value
    for key in Acquire::Check-Valid-Until Acquire::Check-Date Acquire::http::Proxy Acquire::https::Proxy; do
        value="$(apt-config dump "$key" 2>/dev/null | sed -n "s/^$key \"\\(.*\\)\";$/\\1/p" | head -n 1)"
        [ -n "$value" ] && printf -- '-o\n%s=%s\n' "$key" "$value"
    done
}

# The first URI that this machine's apt sources give for a suite (deb822 .sources files first,
# then one-line .list files). Prints nothing when no source names the suite.
host_apt_uri() {
    local suite="$1" file
    for file in /etc/apt/sources.list.d/*.sources; do
        [ -f "$file" ] || continue
        awk -v suite="$suite" '
            function flush() {
                if (types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ") && enabled != "no" && uri != "") { print uri; found = 1; exit }
                types = ""; suites = ""; uri = ""; enabled = ""
            }
            /^[ \t]*$/ { flush(); next }
            /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
            /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
            /^URIs:/ { uri = $2 }
            /^Enabled:/ { enabled = tolower($2) }
            END { if (!found) flush() }
        ' "$file" | head -n 1 | grep . && return 0
    done
    for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$file" ] || continue
        awk -v suite="$suite" '
            $1 == "deb" {
                i = 2
                if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                if ($(i + 1) == suite) { print $i; exit }
            }
        ' "$file" | head -n 1 | grep . && return 0
    done
    return 0
}

# A short fingerprint of a directory tree: names, sizes and times of every file.
tree_fingerprint() {
    find "$1" -xdev \( -type f -o -type l \) -printf '%P %s %T@\n' | LC_ALL=C sort | sha256sum | cut -c1-16
}

base_key() {
    printf '%s\n' "$@" | sha256sum | cut -c1-16
}

# Runs apt-get inside a root file system, with this machine's apt options. Its chatter (no
# /dev/pts, debconf, tzdata) goes to a log that is shown only when apt fails.
chroot_apt() {
    local root="$1"
    shift
    local options
    mapfile -t options < <(host_apt_options)
    DEBIAN_FRONTEND=noninteractive LC_ALL=C nice -n 10 chroot "$root" apt-get -qq "${options[@]}" "$@" \
        >>"$BASE_WORK_DIR/apt.log" 2>&1 \
        || { tail -n 30 "$BASE_WORK_DIR/apt.log" >&2; die "apt-get $* in $root failed (log above)"; }
}

# Writes the chroot's apt sources: the suite and its updates from this machine's mirror, and
# the security suite from wherever this machine takes it.
write_chroot_sources() {
    local root="$1" suite="$2" mirror="$3" security
    security="$(host_apt_uri "$suite-security")"
    rm -f "$root/etc/apt/sources.list"
    {
        printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\n' "$mirror" "$suite" "$suite"
        printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
        if [ -n "$security" ]; then
            printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\n' "$security" "$suite"
            printf 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n'
        fi
    } >"$root/etc/apt/sources.list.d/debian.sources"
}

# Leaves only what a container needs: no package lists or downloaded packages, no manuals,
# translations or documentation beyond the copyright files, no host files.
trim_rootfs() {
    local root="$1"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
        "$root"/var/cache/debconf/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
        "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
        "$root"/etc/resolv.conf "$root"/etc/hostname
    find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
    find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
}

make_runtime_base() {
    local tag="$1" key="$2" suite="$3" mirror="$4" work="$5"
    local root="$work/runtime-rootfs"
    log "runtime base: debootstrap --variant=minbase $suite from $mirror"
    mkdir -p "$CACHE_DIR/debs"
    local includes
    includes="$(IFS=,; echo "${RUNTIME_PACKAGES[*]}")"
    nice -n 10 debootstrap --variant=minbase --cache-dir="$CACHE_DIR/debs" --include="$includes" \
        "$suite" "$root" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -n 20 "$work/debootstrap.log" >&2; die "debootstrap of $suite failed (log above)"; }
    log "runtime base: updates from this machine's apt sources"
    write_chroot_sources "$root" "$suite" "$mirror"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    chroot_apt "$root" update
    chroot_apt "$root" -y dist-upgrade
    chroot_apt "$root" clean
    trim_rootfs "$root"
    log "runtime base: docker import as $tag"
    tar -C "$root" --numeric-owner -cf - . \
        | docker import \
            --change 'ENV LANG=C.UTF-8' \
            --change "LABEL org.retrain.base-key=$key" \
            --change 'CMD ["/bin/bash"]' \
            - "$tag" >/dev/null
    rm -rf "$root"
}

make_builder_base() {
    local tag="$1" key="$2" runtime_tag="$3" suite="$4" mirror="$5" work="$6"
    local root="$work/builder-rootfs"
    log "builder base: the runtime base's root file system plus ${#BUILDER_PACKAGES[@]} build packages"
    mkdir -p "$root"
    local container
    container="$(docker create --network none "$runtime_tag" /bin/true)"
    docker export "$container" | tar -C "$root" -xf -
    docker rm "$container" >/dev/null
    write_chroot_sources "$root" "$suite" "$mirror"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    chroot_apt "$root" update
    chroot_apt "$root" -y install --no-install-recommends "${BUILDER_PACKAGES[@]}"
    chroot_apt "$root" clean
    trim_rootfs "$root"
    # The build reaches GitHub packages through the mirror, as git on this machine does.
    printf '[url "%s/"]\n\tinsteadOf = https://github.com/\n\tinsteadOf = git@github.com:\n' \
        "$SWIFT_PACKAGE_MIRROR" >"$root/etc/gitconfig"
    mkdir -p "$root$(dirname "$SWIFT_TOOLCHAIN")" "$root$(dirname "$SWIFT_PACKAGE_MIRROR")"
    log "builder base: streaming $SWIFT_TOOLCHAIN and $SWIFT_PACKAGE_MIRROR into docker import as $tag"
    local excludes=() pattern
    for pattern in "${TOOLCHAIN_EXCLUDES[@]}"; do
        excludes+=("--exclude=${SWIFT_TOOLCHAIN#/}/$pattern")
    done
    tar --numeric-owner -cf - "${excludes[@]}" \
            -C "$root" . \
            -C / "${SWIFT_TOOLCHAIN#/}" "${SWIFT_PACKAGE_MIRROR#/}" \
        | docker import \
            --change "ENV PATH=$SWIFT_TOOLCHAIN/usr/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
            --change 'ENV LANG=C.UTF-8' \
            --change "LABEL org.retrain.base-key=$key" \
            --change 'CMD ["/bin/bash"]' \
            - "$tag" >/dev/null
    rm -rf "$root"
}

# True when the daemon has the tag with the given key.
image_has_key() {
    local tag="$1" key="$2"
    [ "$(docker image inspect --format '{{index .Config.Labels "org.retrain.base-key"}}' "$tag" 2>/dev/null)" = "$key" ]
}

# Loads a cached tarball when there is one for the key; otherwise runs the maker and saves the
# result (written under a temporary name and renamed, so a crash leaves no half tarball).
# Extra tags (the build cache) are saved into the same tarball when present.
ensure_image() {
    local kind="$1" tag="$2" key="$3"
    shift 3
    local tarball="$CACHE_DIR/$kind-$key.tar"
    if image_has_key "$tag" "$key"; then
        return 0
    fi
    if [ -f "$tarball" ] && [ "${RETRAIN_REFRESH_BASES:-0}" != 1 ]; then
        log "$kind base: loading $(du -h "$tarball" | cut -f1) from $tarball"
        docker load -q -i "$tarball" >/dev/null || die "docker load of $tarball failed"
        image_has_key "$tag" "$key" && return 0
        log "$kind base: $tarball did not hold $tag with key $key; making it anew"
    fi
    "$@"
    image_has_key "$tag" "$key" || die "$kind base: making $tag did not give an image with key $key"
    save_images "$tarball" "$tag"
    # Older tarballs of the same kind belong to recipes no longer in use.
    find "$CACHE_DIR" -maxdepth 1 -name "$kind-*.tar" ! -name "$kind-$key.tar" -delete
}

save_images() {
    local tarball="$1"
    shift
    log "saving $* to $tarball"
    docker save -o "$tarball.tmp.$$" "$@" || { rm -f "$tarball.tmp.$$"; die "docker save of $* failed"; }
    mv -f "$tarball.tmp.$$" "$tarball"
}

# Makes or loads both base images under the tags the Dockerfile names. Sets RUNTIME_BASE_TAG,
# BUILDER_BASE_TAG and BUILDER_CACHE_TARBALL (the builder tarball, which the build cache joins).
ensure_base_images() {
    mkdir -p "$CACHE_DIR"
    RUNTIME_BASE_TAG="$(dockerfile_default RUNTIME_IMAGE)"
    BUILDER_BASE_TAG="$(dockerfile_default BUILDER_IMAGE)"
    local suite="${RUNTIME_BASE_TAG##*:}"
    local mirror
    mirror="$(host_apt_uri "$suite")"
    [ -n "$mirror" ] || mirror="http://deb.debian.org/debian"
    [ -x "$SWIFT_TOOLCHAIN/usr/bin/swift" ] || die "no Swift toolchain at $SWIFT_TOOLCHAIN"
    [ -d "$SWIFT_PACKAGE_MIRROR" ] || die "no Swift package mirror at $SWIFT_PACKAGE_MIRROR"
    local swift_version
    swift_version="$("$SWIFT_TOOLCHAIN/usr/bin/swift" --version 2>/dev/null | sed -n 's/.*Swift version \([0-9.]*\).*/\1/p' | head -n 1)"
    case "${BUILDER_BASE_TAG##*:}" in
        "$swift_version"-*) ;;
        *) log "warning: the Dockerfile's builder tag ${BUILDER_BASE_TAG##*:} does not name Swift $swift_version from $SWIFT_TOOLCHAIN" ;;
    esac

    local runtime_key builder_key
    runtime_key="$(base_key "recipe $BASE_RECIPE_VERSION" "$suite" "$mirror" "${RUNTIME_PACKAGES[*]}")"
    builder_key="$(base_key "$runtime_key" "${BUILDER_PACKAGES[*]}" "${TOOLCHAIN_EXCLUDES[*]}" \
        "$("$SWIFT_TOOLCHAIN/usr/bin/swift" --version 2>&1)" "$(tree_fingerprint "$SWIFT_TOOLCHAIN/usr/bin")" \
        "$(tree_fingerprint "$SWIFT_PACKAGE_MIRROR")")"
    # shellcheck disable=SC2034 # read by scripts/container-test
    BUILDER_CACHE_TARBALL="$CACHE_DIR/builder-$builder_key.tar"

    # One base build at a time per cache (another developer's run may be making them too).
    exec 9>"$CACHE_DIR/lock"
    flock 9
    # Root file systems are made here; the caller removes it if a step fails.
    BASE_WORK_DIR="$(mktemp -d "$CACHE_DIR/work.XXXXXX")"
    ensure_image runtime "$RUNTIME_BASE_TAG" "$runtime_key" \
        make_runtime_base "$RUNTIME_BASE_TAG" "$runtime_key" "$suite" "$mirror" "$BASE_WORK_DIR"
    ensure_image builder "$BUILDER_BASE_TAG" "$builder_key" \
        make_builder_base "$BUILDER_BASE_TAG" "$builder_key" "$RUNTIME_BASE_TAG" "$suite" "$mirror" "$BASE_WORK_DIR"
    rm -rf "$BASE_WORK_DIR"
    BASE_WORK_DIR=""
    flock -u 9
}
