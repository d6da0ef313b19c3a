# Sums the closing counts of vitest ("Tests  3 failed | 94 passed (97)") and Playwright
# ("  7 passed (51.1s)") runs in a turbo log into one line: "N passed, N failed[, N skipped]".
{
  gsub(/\033\[[0-9;]*m/, "")
  sub(/^@[^ ]+:test: /, "")
}
/^ *Tests +[0-9]/ {
  if (match($0, /[0-9]+ passed/)) passed += substr($0, RSTART, RLENGTH) + 0
  if (match($0, /[0-9]+ failed/)) failed += substr($0, RSTART, RLENGTH) + 0
  if (match($0, /[0-9]+ skipped/)) skipped += substr($0, RSTART, RLENGTH) + 0
  next
}
/^ +[0-9]+ (passed|failed|flaky|skipped)( \(|$)/ {
  n = $1 + 0
  if ($2 == "passed" || $2 == "flaky") passed += n
  else if ($2 == "failed") failed += n
  else skipped += n
}
END {
  line = (passed + 0) " passed, " (failed + 0) " failed"
  if (skipped) line = line ", " skipped " skipped"
  print line
}
