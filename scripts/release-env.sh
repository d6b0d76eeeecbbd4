# Sourced (not run) by every script that builds the page: test.sh, run.sh, release.sh, repro.sh.
#
# rustc writes the source paths of the code it compiles into the wasm (the panic locations of the
# dependencies: <cargo home>/registry/src/..., this checkout, the toolchain). Mapped to fixed names, the
# same commit gives byte-identical wasm wherever it is built, and the wasm no longer tells the build
# machine's layout. Only the wasm32 target gets these flags, so host builds keep their caches.
_keymint_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_keymint_cargo_home="${CARGO_HOME:-$HOME/.cargo}"
_keymint_cargo_home="$(mkdir -p "$_keymint_cargo_home" && cd "$_keymint_cargo_home" && pwd)"
_keymint_sysroot="$(rustc --print sysroot)"
for _p in "$_keymint_root" "$_keymint_cargo_home" "$_keymint_sysroot"; do
  case "$_p" in
    *" "*) echo "release-env.sh: '$_p' has a space; rustc's flags cannot carry it here: move it" >&2; exit 1 ;;
  esac
done
# The last matching prefix wins: the checkout after the cargo home, in case one holds the other.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$_keymint_sysroot=/rust --remap-path-prefix=$_keymint_cargo_home=/cargo --remap-path-prefix=$_keymint_root=/keymint"
# wasm-bindgen-shared's build script writes `git rev-parse HEAD`, run in its own folder, into the raw wasm:
# with a cargo home inside some git checkout it picks that checkout's commit. wasm-bindgen drops it again,
# but Trunk names the page's files by a hash of the raw wasm, so the names (and index.html) would differ.
# git must not look above the cargo home.
export GIT_CEILING_DIRECTORIES="$_keymint_cargo_home${GIT_CEILING_DIRECTORIES:+:$GIT_CEILING_DIRECTORIES}"
unset _keymint_root _keymint_cargo_home _keymint_sysroot _p
