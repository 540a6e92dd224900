//! The shell capture hook, the pure part: the scripts `tempo capture hook bash|zsh|fish`
//! prints, and the parser for the spool file they append to.
//!
//! The hook runs at every prompt, so it may cost no more than a few milliseconds and must never
//! block or print: it uses shell builtins only (no `tempo`; fish, which has no clock of its
//! own, runs `date` once when the hook loads) and appends one line per command to the spool. Draining the spool into
//! the database is done later, by `tempo capture pull shell`, `tempo review` and the daemon.
//!
//! A spool line is tab-separated and ends with a newline:
//!
//! ```text
//! 1 <TAB> start ms <TAB> end ms <TAB> exit status <TAB> shell <TAB> cwd <TAB> command
//! ```
//!
//! The leading `1` is the format's version. In the cwd and the command a backslash, tab,
//! newline and carriage return are written `\\`, `\t`, `\n`, `\r`, so one command is always one
//! line. The hooks only append to a spool that exists (`tempo capture hook` creates it readable
//! by its owner only), so a shell's umask never decides who may read the commands.

use std::path::Path;

use chrono::{DateTime, TimeDelta, Utc};

use crate::capture::{MAX_SIGNAL_DURATION_SECS, Signal, SignalType};

/// The spool's file name, beside the database.
pub const SPOOL_FILE: &str = "capture-spool";
/// `source_type` of the signals the hook produces.
pub const SOURCE_TYPE: &str = "shell";
/// The version field every line this version writes starts with.
const FORMAT_VERSION: &str = "1";

/// The shells a hook is available for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

impl Shell {
    pub fn as_str(self) -> &'static str {
        match self {
            Shell::Bash => "bash",
            Shell::Zsh => "zsh",
            Shell::Fish => "fish",
        }
    }
}

/// The hook script for `shell`, appending to `spool` (baked in, quoted for that shell).
pub fn script(shell: Shell, spool: &Path) -> String {
    let path = spool.to_string_lossy();
    let (template, quoted) = match shell {
        Shell::Bash => (BASH, posix_quote(&path)),
        Shell::Zsh => (ZSH, posix_quote(&path)),
        Shell::Fish => (FISH, fish_quote(&path)),
    };
    template.replace("@SPOOL@", &quoted)
}

/// `'…'` for bash and zsh: nothing inside single quotes is special but the quote itself.
fn posix_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// `'…'` for fish, where a backslash and a quote inside single quotes are escaped.
fn fish_quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', r"\\").replace('\'', r"\'"))
}

// bash 5: PS0 is expanded once a command line is read, before it runs; the arithmetic inside
// the empty substring stores the start time without a subshell. PROMPT_COMMAND then writes the
// line. The command is read back from the history (the one place bash keeps the whole line),
// and only when the history grew, so a line bash kept out of it (HISTCONTROL=ignorespace,
// ignoredups, HISTIGNORE) is not recorded either. The directory a command started in is the one
// the prompt before it was shown in. Our function goes first in PROMPT_COMMAND so
// it sees the command's exit status, and hands that status on to what the user had there.
const BASH: &str = r#"# tempo capture hook for bash 5: eval "$(tempo capture hook bash)"
__tempo_spool=@SPOOL@
if [[ -z ${__tempo_hooked-} && -n ${EPOCHREALTIME-} ]]; then
  __tempo_hooked=1
  __tempo_t0=
  __tempo_none=
  __tempo_histno='\!'
  __tempo_lastno=${__tempo_histno@P}
  __tempo_cwd=$PWD
  __tempo_esc() {
    local v=${1//\\/\\\\}
    v=${v//$'\t'/\\t}
    v=${v//$'\n'/\\n}
    __tempo_v=${v//$'\r'/\\r}
  }
  __tempo_precmd() {
    local s=$? t1=${EPOCHREALTIME/[.,]/} no h num c
    no=${__tempo_histno@P}
    if [[ -n ${__tempo_t0-} && $no != "${__tempo_lastno-}" && -f $__tempo_spool ]]; then
      h=$(HISTTIMEFORMAT= builtin history 1 2>/dev/null)
      h=${h#"${h%%[! ]*}"}
      num=${h%%[!0-9]*}
      c=${h:${#num}+2}
      if [[ -n $c && $c != ' '* ]]; then
        __tempo_esc "$c"; c=$__tempo_v
        __tempo_esc "$__tempo_cwd"
        builtin printf '1\t%s\t%s\t%s\tbash\t%s\t%s\n' "${__tempo_t0%???}" "${t1%???}" "$s" \
          "$__tempo_v" "$c" >>"$__tempo_spool"
      fi
    fi 2>/dev/null
    __tempo_lastno=$no
    __tempo_cwd=$PWD
    __tempo_t0=
    return $s
  }
  PS0="${PS0-}"'${__tempo_none:0:$((__tempo_t0=${EPOCHREALTIME/[.,]/},0))}'
  PROMPT_COMMAND="__tempo_precmd${PROMPT_COMMAND:+; $PROMPT_COMMAND}"
fi
"#;

// zsh: preexec gets the command line as typed; zsh/datetime gives the clock.
const ZSH: &str = r#"# tempo capture hook for zsh: eval "$(tempo capture hook zsh)"
typeset -g __tempo_spool=@SPOOL@
if [[ -z ${__tempo_hooked-} ]] && zmodload zsh/datetime 2>/dev/null; then
  typeset -g __tempo_hooked=1 __tempo_t0= __tempo_cmd= __tempo_cwd=
  __tempo_esc() {
    local v=${1//\\/\\\\}
    v=${v//$'\t'/\\t}
    v=${v//$'\n'/\\n}
    REPLY=${v//$'\r'/\\r}
  }
  __tempo_preexec() {
    emulate -L zsh
    __tempo_t0= __tempo_cmd=
    [[ -z $1 || $1 == ' '* ]] && return 0
    __tempo_cmd=$1 __tempo_cwd=$PWD
    integer t=$(( EPOCHREALTIME * 1000 ))
    __tempo_t0=$t
  }
  __tempo_precmd() {
    local s=$?
    emulate -L zsh
    if [[ -n $__tempo_t0 && -f $__tempo_spool ]]; then
      integer t1=$(( EPOCHREALTIME * 1000 ))
      local REPLY c
      __tempo_esc "$__tempo_cmd"; c=$REPLY
      __tempo_esc "$__tempo_cwd"
      builtin printf '1\t%s\t%s\t%s\tzsh\t%s\t%s\n' "$__tempo_t0" "$t1" "$s" "$REPLY" "$c" \
        >>"$__tempo_spool"
    fi 2>/dev/null
    __tempo_t0=
    return $s
  }
  autoload -Uz add-zsh-hook
  add-zsh-hook preexec __tempo_preexec
  add-zsh-hook precmd __tempo_precmd
fi
"#;

// fish: fish_postexec gets the command line, $status and $CMD_DURATION. fish has no clock
// builtin and a `date` per command costs a few milliseconds, so the time is the epoch at boot
// (worked out once, with `date`, when the hook loads) plus /proc/uptime, read by a builtin;
// without /proc (not Linux) it falls back to `date`. Escaping only runs when there is
// something to escape.
const FISH: &str = r#"# tempo capture hook for fish: tempo capture hook fish | source
set -g __tempo_spool @SPOOL@
if not set -q __tempo_hooked
  set -g __tempo_hooked 1
  set -g __tempo_boot
  if read -l up _ </proc/uptime 2>/dev/null; and set -l now (date +%s%3N 2>/dev/null)
    and string match -qr '^[0-9]+$' -- $now
    set __tempo_boot (math -s0 "$now - $up * 1000")
  end
  function __tempo_now
    if test -n "$__tempo_boot"; and read -l up _ </proc/uptime 2>/dev/null
      math -s0 "$__tempo_boot + $up * 1000"
    else
      date +%s%3N 2>/dev/null
    end
  end
  function __tempo_esc
    if not string match -qr '[\\\\\t\r\n]' -- $argv[1]
      printf '%s\n' $argv[1]
      return
    end
    set -l v (string split -- \n $argv[1])
    set v (string replace -a -- '\\' '\\\\' $v)
    set v (string replace -a -- \t '\t' $v)
    set v (string replace -a -- \r '\r' $v)
    string join -- '\n' $v
  end
  function __tempo_preexec --on-event fish_preexec
    set -g __tempo_cwd $PWD
  end
  function __tempo_postexec --on-event fish_postexec
    set -l s $status
    set -l dur $CMD_DURATION
    string match -q -- ' *' $argv[1]; and return
    test -n "$argv[1]" -a -n "$__tempo_cwd" -a -f "$__tempo_spool"; or return
    set -l t1 (__tempo_now)
    string match -qr '^[0-9]+$' -- $t1; or return
    set -l t0 (math -s0 $t1 - $dur 2>/dev/null); or return
    printf '1\t%s\t%s\t%s\tfish\t%s\t%s\n' $t0 $t1 $s (__tempo_esc $__tempo_cwd) (__tempo_esc $argv[1]) >>$__tempo_spool 2>/dev/null
  end
end
"#;

/// One command the hook recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpoolEntry {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub status: i32,
    pub shell: String,
    pub cwd: String,
    pub command: String,
}

/// What [`parse_spool`] made of a stretch of spool.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpoolRead {
    pub entries: Vec<SpoolEntry>,
    /// Bytes of whole lines read; a torn last line (no newline yet: a hook may still be
    /// writing it) is not, so the next read starts at it.
    pub consumed: usize,
    /// Whole lines that are not in the format (another version's, or damaged): skipped, so one
    /// bad line never holds up the rest.
    pub unreadable: usize,
}

/// Reads the whole lines of `bytes`.
pub fn parse_spool(bytes: &[u8]) -> SpoolRead {
    let mut read = SpoolRead::default();
    let Some(last_newline) = bytes.iter().rposition(|&b| b == b'\n') else {
        return read;
    };
    read.consumed = last_newline + 1;
    for line in bytes[..last_newline].split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        match parse_line(&String::from_utf8_lossy(line)) {
            Some(entry) => read.entries.push(entry),
            None => read.unreadable += 1,
        }
    }
    read
}

fn parse_line(line: &str) -> Option<SpoolEntry> {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let mut fields = line.splitn(7, '\t');
    if fields.next()? != FORMAT_VERSION {
        return None;
    }
    let start = millis(fields.next()?)?;
    let end = millis(fields.next()?)?;
    let status = fields.next()?.trim().parse().ok()?;
    let shell = fields.next()?.to_string();
    let cwd = unescape(fields.next()?);
    let command = unescape(fields.next()?);
    if shell.is_empty() || command.trim().is_empty() {
        return None;
    }
    Some(SpoolEntry {
        start,
        end: end.max(start),
        status,
        shell,
        cwd,
        command,
    })
}

fn millis(field: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(field.trim().parse().ok()?)
}

/// Undoes the hook's escaping; an unknown escape is kept as written.
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('\\'),
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

impl SpoolEntry {
    /// The entry as a capture signal: a command by the shell, lasting as long as it ran (at
    /// most the longest duration a signal may claim). `repository` is found by the caller,
    /// which may look at the disk.
    pub fn to_signal(&self, repository: Option<String>) -> Signal {
        let mut s = Signal::new(self.start, &self.shell, SignalType::Command, SOURCE_TYPE);
        s.title = Some(self.command.clone());
        s.cwd = (!self.cwd.is_empty()).then(|| self.cwd.clone());
        s.repository = repository;
        let longest = TimeDelta::milliseconds((MAX_SIGNAL_DURATION_SECS * 1000.0) as i64);
        let ran = (self.end - self.start).min(longest);
        s.duration = (ran > TimeDelta::zero()).then_some(ran);
        s
    }
}

#[cfg(test)]
#[path = "shell_hook_tests.rs"]
mod tests;
