#!/usr/bin/env bash
# Plays a communicator who follows CONTRIBUTING to the letter, as in GitHub's web editor:
# in a clean clone, add a bilingual article (header pasted from the guide) and a news post
# that names an agency, commit, and run the whole of .ci/run. It must pass: a first pull
# request needs no hand-kept line anywhere (menu, lists, urls.txt, CODEOWNERS).
# Usage: scripts/communicator-trial.sh [repository, default: this one]
# TRIAL_COMMAND replaces the final command (default: the whole CI, `bash .ci/run`).
set -euo pipefail
source_repo="${1:-$(cd "$(dirname "$0")/.." && pwd)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
git clone -q "$source_repo" "$work/repo"
cd "$work/repo"
today="$(TZ=Asia/Ho_Chi_Minh date +%F)"

page() {  # file title description tags... (the header exactly as CONTRIBUTING shows it)
  local file="$1" title="$2" description="$3" extra="$4" body="$5"
  {
    printf -- '---\ntitle: "%s"\ndescription: "%s"\ndate: "%s"\n%stags:\n  - "ASEAN"\n---\n\n# %s\n\n%s\n' \
      "$title" "$description" "$today" "$extra" "$title" "$body"
  } >"$file"
}

note_en='!!! note "Unofficial translation"
    The English text on this site, including the English text of Plan 179/KH-UBND, is an unofficial translation. Only the Vietnamese text of the plan is official.

'
page docs/tim-hieu/thu-nghiem-cong-tac-vien.vi.md "Bài thử của cộng tác viên" \
  "Một bài thử viết theo đúng hướng dẫn đóng góp." "" \
  "Bài này chỉ dùng để thử quy trình đóng góp.

## Nguồn

1. Ủy ban nhân dân tỉnh Tiền Giang, [Kế hoạch số 179/KH-UBND](../ke-hoach/toan-van.md), 15/6/2017."
page docs/tim-hieu/thu-nghiem-cong-tac-vien.en.md "A contributor's trial article" \
  "A trial article written exactly as the contributing guide says." "" \
  "${note_en}This article only tries the contribution steps.

## Sources

1. People's Committee of Tiền Giang Province, [Plan 179/KH-UBND](../ke-hoach/toan-van.md), 15 June 2017."
page docs/tin-tuc/thu-nghiem-tin.vi.md "Tin thử của cộng tác viên" \
  "Một tin thử nêu cơ quan liên quan." 'agency: "so-y-te"
' "Tin này chỉ dùng để thử quy trình đăng tin."
page docs/tin-tuc/thu-nghiem-tin.en.md "A contributor's trial news post" \
  "A trial news post that names the agency concerned." 'agency: "so-y-te"
' "${note_en}This post only tries the news steps."

git add docs
git -c user.name="Cộng tác viên" -c user.email="ctv@example.invalid" commit -q -m "Bài thử và tin thử theo CONTRIBUTING"
CI=true bash -c "${TRIAL_COMMAND:-bash .ci/run}"
