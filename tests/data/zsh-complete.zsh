#!/bin/zsh -f
# What zsh offers when TAB is pressed after a command line, with a
# completion script loaded as a user's zsh loads it (compinit, then the
# script). Usage: zsh -f zsh-complete.zsh SCRIPT 'kdbx-audit audit --fo'
# Prints one `MATCH:word` line per word offered.
#
# zsh completes only inside its line editor, so a second, interactive zsh
# runs in a pseudo-terminal (the zsh/zpty module); `compadd`, which every
# completion function calls to offer words, is wrapped to print them.
zmodload zsh/zpty || exit 3
zpty z zsh -f -i
zpty -w z "PS1= ; PS2= "
zpty -w z "autoload -U compinit && compinit -u -D"
zpty -w z "source ${(q)1}"
zpty -w z 'compadd () {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  (( $#__hits )) || return 1
  local h; for h in $__hits; do print -r -- "MATCH:$h"; done
  builtin compadd "$@"
}'
zpty -w z "print -r -- READY"
# The command echoed, then its output.
zpty -r z line '*READY*'
zpty -r z line '*READY*'
zpty -w -n z "$2"$'\t'
# Read until the line editor has offered something and then been quiet
# for a second (on a loaded machine the offer can take a while: up to 20 s).
out=''
integer quiet=0 waited=0
while (( quiet < 10 || ( ${out[(I)MATCH:]} == 0 && waited < 200 ) )); do
  if zpty -r -t z chunk; then out+=$chunk; quiet=0; else sleep 0.1; (( quiet++ )); fi
  (( waited++ ))
done
zpty -d z
print -r -- $out
