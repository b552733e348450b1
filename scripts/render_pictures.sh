#!/usr/bin/env bash
# Render every role's plan picture with Graphviz and with Mermaid, on a light and on a dark
# (#0d1117, GitHub's dark theme) page, as PNGs a person can look at.
#
# Usage: scripts/render_pictures.sh [OUTDIR]          (default: /tmp/aipath-pictures)
#
# Needs: aipath (the checkout's .venv, or on PATH), Graphviz's dot, chromium, and for Mermaid
# the npm CLI:  mkdir -p /tmp/mmdc && (cd /tmp/mmdc && PUPPETEER_SKIP_DOWNLOAD=1 npm install
# @mermaid-js/mermaid-cli). MMDC may name another mmdc; CHROMIUM another browser; TODAY the date
# the plans are made on. Without mmdc the Mermaid pictures are skipped, with a note.
# Not run by the test suite (it needs a browser); the suite checks the DOT layout and the
# Mermaid text itself.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/aipath-pictures}
today=${TODAY:-2026-12-01}
aipath=$root/.venv/bin/aipath
[ -x "$aipath" ] || aipath=$(command -v aipath)
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome)}
mmdc=${MMDC:-/tmp/mmdc/node_modules/.bin/mmdc}
mkdir -p "$out"

# Puppeteer (inside mmdc) uses the system browser; --no-sandbox because this may run as root.
cat >"$out/puppeteer.json" <<EOF
{"executablePath": "$chromium", "args": ["--no-sandbox"]}
EOF

# The SVG as GitHub shows it: an <img> on a light or a dark page.
page() {  # page SVG BACKGROUND PNG
    local html="${3%.png}.html"
    printf '<!doctype html><body style="margin:0;padding:24px;background:%s"><img src="%s"></body>\n' \
        "$2" "$(basename "$1")" >"$html"
    local size
    size=$(python3 - "$1" <<'PY'
import re, sys
head = open(sys.argv[1], encoding="utf-8").read(2000)
w, h = (int(float(x)) for x in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', head).groups())
print(f"{w * 4 // 3 + 48},{h * 4 // 3 + 48}")
PY
)
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="$size" \
        --screenshot="$3" "file://$html" >/dev/null 2>&1
}

roles=$("$aipath" roles --format json | python3 -c 'import json, sys; print(*[r["id"] for r in json.load(sys.stdin)["roles"]])')
for role in $roles; do
    "$aipath" plan --role "$role" --today "$today" --format dot --output "$out/$role.dot"
    dot -Tsvg "$out/$role.dot" -o "$out/$role.svg"
    page "$out/$role.svg" "#ffffff" "$out/$role.dot-light.png"
    page "$out/$role.svg" "#0d1117" "$out/$role.dot-dark.png"
    "$aipath" plan --role "$role" --today "$today" --format mermaid --output "$out/$role.mmd"
    if [ -x "$mmdc" ]; then
        # -t: the theme GitHub would pick for the page; the picture's own theme block should win.
        "$mmdc" -q -p "$out/puppeteer.json" -i "$out/$role.mmd" -o "$out/$role.mermaid-light.png" \
            -t default -b "#ffffff" -w 2400
        "$mmdc" -q -p "$out/puppeteer.json" -i "$out/$role.mmd" -o "$out/$role.mermaid-dark.png" \
            -t dark -b "#0d1117" -w 2400
    fi
    echo "$role: $out/$role.{dot,mermaid}-{light,dark}.png"
done
[ -x "$mmdc" ] || echo "no mmdc at $mmdc: Mermaid pictures skipped (see the header for the install)" >&2
