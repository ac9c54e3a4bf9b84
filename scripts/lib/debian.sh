# Shared by the service scripts (sourced, not run): logging to stderr, so that the scripts' stdout
# stays `export NAME=value` lines, and installing missing Debian packages.

log() { printf '%s\n' "$*" >&2; }

apt_install() {
  # Install the Debian packages among "$@" that are missing (needs root, as on the project's machines).
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq "${missing[@]}" >&2
}
