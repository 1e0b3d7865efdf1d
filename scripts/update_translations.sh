#!/bin/bash
# Refreshes the Chinese UI strings after code changes: lupdate collects every tr() text (no
# source locations, so the file changes only when a text does), then finish_translations.py
# keeps translations of texts that moved between classes and lists any left untranslated.
# New translations: pass them as 'English=中文' arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
ts=app/ui/translations/planview_zh_CN.ts
/usr/lib/qt6/bin/lupdate -silent -locations none app -ts "$ts"
python3 scripts/finish_translations.py "$ts" "$@"
