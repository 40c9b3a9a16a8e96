/**
 * VERIFY.txt: the exact standard commands (openssl, sha256sum, POSIX sh) that check an evidence
 * package on any machine, without Vaultline. The integration tests run these very commands.
 */
export function verifyText(packageId: string, fingerprintHex: string): string {
  return `Vaultline evidence package ${packageId}
How to check it on any machine, without Vaultline (needs openssl, sha256sum and a POSIX shell).
Unzip the package into an empty folder and run each command in that folder.

1. The public key is the console's. Compare the printed hash with the console identity
   fingerprint you hold from a trusted source (the console's Home screen, the firm's key register):
     openssl pkey -pubin -in console-public-key.pem -outform DER | sha256sum
   Expected: ${fingerprintHex}

2. The list of files is signed by that key:
     openssl dgst -sha256 -verify console-public-key.pem -signature SHA256SUMS.sig SHA256SUMS
   Expected: Verified OK

3. Every file is exactly as listed (nothing changed, nothing missing):
     sha256sum -c SHA256SUMS
   Expected: every line ends in ": OK"

4. The manifest is signed by the same key:
     openssl dgst -sha256 -verify console-public-key.pem -signature manifest.json.sig manifest.json
   Expected: Verified OK

5. The audit checkpoint is signed by the same key:
     openssl dgst -sha256 -verify console-public-key.pem -signature audit/checkpoint.sig audit/checkpoint.json
   Expected: Verified OK

6. The audit slice chains, entry by entry, up to the signed checkpoint. Each line of
   audit/entries.jsonl is the exact text whose SHA-256 is that entry's hash, and each line names
   the hash of the line before it (prevHash):
     sh -c 'prev=""; while IFS= read -r line; do
       p=$(printf "%s" "$line" | sed -n "s/.*\\"prevHash\\":\\"\\([0-9a-f]*\\)\\".*/\\1/p")
       [ -z "$prev" ] || [ "$p" = "$prev" ] || { echo "BROKEN before: $line"; exit 1; }
       prev=$(printf "%s" "$line" | sha256sum | cut -d" " -f1)
     done < audit/entries.jsonl; echo "chain ends in $prev"'
     sed -n 's/.*"headHash":"\\([0-9a-f]*\\)".*/checkpoint signed \\1/p' audit/checkpoint.json
   Expected: no BROKEN line, and the two hashes printed are the same.

7. Each record's content matches the checksum the vault kept for it: records/<id>/record.json
   holds "sha256"; step 3 already checked the file against SHA256SUMS; compare the two:
     for d in records/*/; do echo "$d $(sed -n 's/.*"sha256":"\\([0-9a-f]*\\)".*/\\1/p' "$d/record.json") $(sha256sum "$d"content* | cut -d" " -f1)"; done
   Expected: each record shows the same hash twice.

The same checks, in one command, with Vaultline: vaultline evidence verify <package.zip>
`;
}
