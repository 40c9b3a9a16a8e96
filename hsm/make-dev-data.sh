#!/usr/bin/env bash
# Make a dev/demo data directory with SoftHSM2 tokens: one custody token and one per operator.
#
#   hsm/make-dev-data.sh DATA_DIR CUSTODY_LABEL:PIN [OPERATOR_LABEL:PIN ...]
#
# PINs arrive as arguments because this is a dev/demo tool for throwaway tokens; the console itself
# never takes a secret from argv. Every token gets the same dev SO PIN (printed at the end) so a
# locked user PIN can be reset with `softhsm2-util --init-pin`. Never use these tokens for real keys.
set -euo pipefail

if [ "$#" -lt 2 ]; then
  echo "usage: $0 DATA_DIR CUSTODY_LABEL:PIN [OPERATOR_LABEL:PIN ...]" >&2
  exit 64
fi
if ! command -v softhsm2-util >/dev/null 2>&1; then
  echo "softhsm2-util not found: install SoftHSM2 (Debian/Ubuntu: apt-get install softhsm2)" >&2
  exit 69
fi

data_dir=$(mkdir -p "$1" && cd "$1" && pwd)
shift
here=$(cd "$(dirname "$0")" && pwd)
so_pin=${VAULTLINE_DEV_SO_PIN:-vaultline-dev-so}

mkdir -p "$data_dir/tokens"
chmod 700 "$data_dir" "$data_dir/tokens"
sed "s#@TOKENDIR@#$data_dir/tokens#" "$here/softhsm2.conf.template" > "$data_dir/softhsm2.conf"
export SOFTHSM2_CONF="$data_dir/softhsm2.conf"

for spec in "$@"; do
  label=${spec%%:*}
  pin=${spec#*:}
  if [ -z "$label" ] || [ -z "$pin" ] || [ "$label" = "$spec" ]; then
    echo "bad token spec '$label:…' (expected LABEL:PIN)" >&2
    exit 64
  fi
  if softhsm2-util --show-slots 2>/dev/null | grep -q "Label:[[:space:]]*$label[[:space:]]*$"; then
    echo "token '$label' already exists in $data_dir/tokens" >&2
    exit 65
  fi
  softhsm2-util --init-token --free --label "$label" --pin "$pin" --so-pin "$so_pin" >/dev/null
  echo "token $label"
done
echo "SoftHSM2 config: $data_dir/softhsm2.conf (dev SO PIN: $so_pin)"
