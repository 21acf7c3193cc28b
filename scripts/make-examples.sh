#!/usr/bin/env bash
# Regenerates the synthetic example transcripts in Transcripts/examples/lmi-intern/
# from the scripted interviews in scripts/examples/. Builds nothing: it uses the
# binary in $ASSESS_BIN (default .build/debug/assess, relative to the repo root).
# The clock is scripted (ASSESS_CLOCK), so the output is byte-identical on every run.
#
# Usage (from anywhere):  bash scripts/make-examples.sh
#
# The candidates are invented; any resemblance to real persons is coincidental.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

bin="${ASSESS_BIN:-.build/debug/assess}"
lmi_panel="Ana Lopez:chair,Ben Okafor:member,Chloé Martin:hr"
pa_panel="Amira Haddad:chair,Bram Peeters:member,Claire Dubois:hr,Eva Janssens:examiner"
out="Transcripts/examples"
keys="$out/test-keys"
# Who endorses each example with the published test keys (login:name); C-0103's sign-off is
# left incomplete on purpose, and C-0201's panel has no test keys.
endorsers_C_0101="ana:Ana Lopez|ben:Ben Okafor|chloe:Chloé Martin"
endorsers_C_0102="ana:Ana Lopez|ben:Ben Okafor|chloe:Chloé Martin"
endorsers_C_0103="ana:Ana Lopez|ben:Ben Okafor"
chmod 600 "$keys/ana" "$keys/ben" "$keys/chloe"

# assessment        | panel        | id     | date       | name                  | profile
candidates=(
  "lmi-intern|$lmi_panel|C-0101|2026-03-02|Inès Barrow-Kaldi|strong: 3s and 4s, english C2/C1, french C1/C1"
  "lmi-intern|$lmi_panel|C-0102|2026-03-03|Pieter Wouters-Amani|mixed: some 2s, courage flagged (2,4,3) -> consensus 3, dutch written B2"
  "lmi-intern|$lmi_panel|C-0103|2026-03-04|Lucas Ferrand-Nyberg|weak: 1s and 2s, counter-indicators, french B1/B2"
  "project-assistant|$pa_panel|C-0201|2026-03-10|Sofie Verhaegen-Mbala|blind, indicators, one line per panelist per item: 76 commands"
)

if [[ ! -x "$bin" ]]; then
  echo "make-examples: no executable assess binary at '$bin' (set ASSESS_BIN, or build first)" >&2
  exit 1
fi

for assessment in lmi-intern project-assistant; do
  mkdir -p "$out/$assessment"
  rm -f "$out/$assessment"/*.jsonl
done

for row in "${candidates[@]}"; do
  IFS='|' read -r assessment panel id date name _profile <<<"$row"
  lower="$(tr '[:upper:]' '[:lower:]' <<<"$id")"
  script="scripts/examples/$lower.txt"
  if [[ ! -f "$script" ]]; then
    echo "make-examples: missing script $script" >&2
    exit 1
  fi
  if ! ASSESS_CLOCK="${date}T09:00:00.000Z,20" "$bin" interview "$assessment" \
        --assessments Assessments --candidate "$name" --candidate-id "$id" --panel "$panel" \
        --transcripts "$out" --bail < "$script" > /dev/null; then
    echo "make-examples: FAILED on $script ($name, $id); see the error above" >&2
    exit 1
  fi
  transcript="$out/$assessment/$date-$id.jsonl"
  if [[ ! -f "$transcript" ]]; then
    echo "make-examples: expected transcript $transcript was not written" >&2
    exit 1
  fi
  endorsers_var="endorsers_${id//-/_}"
  if [[ -n "${!endorsers_var:-}" ]]; then
    IFS='|' read -r -a endorsers <<<"${!endorsers_var}"
    for endorser in "${endorsers[@]}"; do
      login="${endorser%%:*}"
      if ! ASSESS_CLOCK="${date}T11:00:00.000Z,20" "$bin" endorse "$transcript" --login "$login" --as "${endorser#*:}" \
            --key "$keys/$login" > /dev/null; then
        echo "make-examples: FAILED to endorse $transcript as $login" >&2
        exit 1
      fi
    done
  fi
  echo "$transcript"
done
