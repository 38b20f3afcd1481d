#!/usr/bin/env bash
# The example evaluation report (benchmarks/results/eval-example.{txt,html}): a real, held-out run of
# the CLI. Fold 0 of dev.txt (sentences 0, 5, 10, …) is the test set; a gazetteer and blocks are
# learned from the other four folds with `sertag learn`, and the fold is tagged with them plus the
# curated lists — the same recipe as the shipped default, never scored on its own training data.
# Usage: npm run build && bash benchmarks/eval-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
gold=../shared/data/wikiser/dev.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sertag() { node dist/bin/sertag.js "$@"; }

# Split into folds by sentence index mod 5 (a sentence is <s> … </s>).
awk -v test="$work/test.txt" -v train="$work/train.txt" '
  /^<s>$/ { n++ }
  { if ((n - 1) % 5 == 0) print > test; else print > train }' "$gold"

sertag learn "$work/train.txt" -o "$work/learned.yaml" --blocks "$work/blocks.yaml" >/dev/null
sertag tag --input wikiser --no-default-gazetteers --no-default-rules \
  --gazetteers "$work/learned.yaml" --gazetteers gazetteers/curated-languages.yaml \
  --gazetteers gazetteers/curated-licenses.yaml --rules "$work/blocks.yaml" --rules rules/head-words.yaml \
  --rules rules/passes.yaml -o "$work/pred.txt" "$work/test.txt"
repo=$PWD
# From inside the work folder, so the report names the files fold0-gold.txt and fold0-pred.txt.
mv "$work/test.txt" "$work/fold0-gold.txt" && mv "$work/pred.txt" "$work/fold0-pred.txt"
(cd "$work" && node "$repo/dist/bin/sertag.js" eval fold0-gold.txt fold0-pred.txt --top 5 \
  --html "$repo/benchmarks/results/eval-example.html") | tee benchmarks/results/eval-example.txt
