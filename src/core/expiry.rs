//! A key's expiry. Atlas API keys have no expiry field, so Keymint writes the date into the
//! description, in one machine-readable form that Atlas keeps as it is: a trailing
//! `[expires YYYY-MM-DD]` (see [`stamp`] and [`read_stamp`]). The date is the last day the key is
//! meant to work; nothing at Atlas enforces it: Project keys and cleanup read it back.

use std::fmt;

/// The choices "Expires" offers in days, besides a date and "Never".
pub const DAY_CHOICES: [u32; 4] = [30, 90, 180, 365];

/// The default choice, unless the policy allows less.
pub const DEFAULT_DAYS: u32 = 90;

/// The longest lifetime Keymint counts in days (and the largest `maxKeyLifetimeDays`).
pub const MAX_DAYS: u32 = 3650;

/// A calendar day (proleptic Gregorian), as Keymint stamps it and reads it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    /// Days since 1970-01-01.
    since_epoch: i64,
}

impl Day {
    /// The day of a year, month (1-12) and day of the month, when there is one.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day {
            since_epoch: days_from_civil(i64::from(year), month, day),
        })
    }

    /// `YYYY-MM-DD` exactly (the form of `<input type="date">` and of the stamp), years 1970-9999.
    pub fn parse(text: &str) -> Option<Day> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            if !part.bytes().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        if year < 1970 {
            return None;
        }
        Day::from_ymd(year, digits(5..7)?, digits(8..10)?)
    }

    /// The day a Unix time (seconds, UTC) falls on.
    pub fn from_unix_seconds(seconds: i64) -> Day {
        Day {
            since_epoch: seconds.div_euclid(86_400),
        }
    }

    /// `days` later.
    pub fn plus_days(self, days: u32) -> Day {
        Day {
            since_epoch: self.since_epoch + i64::from(days),
        }
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        later.since_epoch - self.since_epoch
    }

    /// Year, month, day.
    pub fn ymd(self) -> (i64, u32, u32) {
        civil_from_days(self.since_epoch)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's `days_from_civil` and `civil_from_days` (public domain), for the Gregorian
// calendar: exact for every day, no table.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The stamp for `day`: `[expires 2027-03-03]`.
pub fn stamp(day: Day) -> String {
    format!("[expires {day}]")
}

/// The description as sent: the text, a space and the stamp (the text alone without an expiry).
pub fn stamped(desc: &str, expires: Option<Day>) -> String {
    match expires {
        Some(day) => format!("{desc} {}", stamp(day)),
        None => desc.to_string(),
    }
}

/// The expiry a description carries: a trailing `[expires YYYY-MM-DD]` with a real date, as
/// [`stamped`] writes it (white space after it is allowed). Anything else carries none.
pub fn read_stamp(desc: &str) -> Option<Day> {
    let rest = desc.trim_end().strip_suffix(']')?;
    let at = rest.rfind("[expires ")?;
    Day::parse(&rest[at + "[expires ".len()..])
}

/// The description without a trailing stamp (trimmed): the text as typed.
pub fn unstamped(desc: &str) -> &str {
    let trimmed = desc.trim();
    if read_stamp(trimmed).is_none() {
        return trimmed;
    }
    trimmed
        .rfind("[expires ")
        .map_or(trimmed, |at| trimmed[..at].trim_end())
}

/// What "Expires" holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpiryChoice {
    /// This many days from today.
    Days(u32),
    /// The date typed in the date field (`YYYY-MM-DD`).
    On(String),
    /// No expiry: offered only when the deployment does not cap key lifetimes.
    Never,
}

/// The organization's policy (config.json's `maxKeyLifetimeDays`) and today's date, which the
/// choice is resolved against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExpiryRules {
    /// Today, from the browser; `None` until the page knows it.
    pub today: Option<Day>,
    /// The longest a key may live, in days: an expiry is then required and capped.
    pub max_days: Option<u32>,
}

/// Why "Expires" cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpiryProblem {
    /// The date field is empty or not a date.
    NotADate { text: String },
    /// Today or earlier.
    NotInFuture { day: Day },
    /// Later than the policy allows.
    BeyondPolicy { max_days: u32, latest: Day },
    /// "Never" under a policy that caps lifetimes.
    Required { max_days: u32 },
    /// The page does not know today's date (the browser gave none).
    NoToday,
}

impl ExpiryRules {
    /// The choices "Expires" offers in days under this policy: those of [`DAY_CHOICES`] it allows,
    /// and its own maximum when that is not one of them.
    pub fn day_choices(&self) -> Vec<u32> {
        let mut days: Vec<u32> = DAY_CHOICES
            .into_iter()
            .filter(|days| self.max_days.is_none_or(|max| *days <= max))
            .collect();
        if let Some(max) = self.max_days.filter(|max| !DAY_CHOICES.contains(max)) {
            days.push(max);
            days.sort_unstable();
        }
        days
    }

    /// Whether "Never" is offered.
    pub fn allows_never(&self) -> bool {
        self.max_days.is_none()
    }

    /// The choice a new form starts with: 90 days, or the policy's maximum when it is shorter.
    pub fn default_choice(&self) -> ExpiryChoice {
        ExpiryChoice::Days(
            self.max_days
                .map_or(DEFAULT_DAYS, |max| max.min(DEFAULT_DAYS)),
        )
    }

    /// The choice a key made outside the form gets (a rotation's new key): the default once the page
    /// knows the date or the organization caps lifetimes; none for a request built without the
    /// page's rules.
    pub fn new_key_choice(&self) -> ExpiryChoice {
        if self.today.is_some() || self.max_days.is_some() {
            self.default_choice()
        } else {
            ExpiryChoice::Never
        }
    }

    /// The last day the key is meant to work, for this choice; `None` for "Never".
    pub fn resolve(&self, choice: &ExpiryChoice) -> Result<Option<Day>, ExpiryProblem> {
        if *choice == ExpiryChoice::Never {
            return match self.max_days {
                Some(max_days) => Err(ExpiryProblem::Required { max_days }),
                None => Ok(None),
            };
        }
        let today = self.today.ok_or(ExpiryProblem::NoToday)?;
        let day = match choice {
            ExpiryChoice::Days(days) => today.plus_days(*days),
            ExpiryChoice::On(text) => {
                Day::parse(text.trim()).ok_or_else(|| ExpiryProblem::NotADate {
                    text: super::text::clip(text.trim(), 20),
                })?
            }
            ExpiryChoice::Never => return Ok(None),
        };
        if day <= today {
            return Err(ExpiryProblem::NotInFuture { day });
        }
        if let Some(max_days) = self.max_days {
            let latest = today.plus_days(max_days);
            if day > latest {
                return Err(ExpiryProblem::BeyondPolicy { max_days, latest });
            }
        }
        Ok(Some(day))
    }
}

impl ExpiryProblem {
    /// What is wrong, naming the field.
    pub fn message(&self) -> String {
        match self {
            ExpiryProblem::NotADate { text } if text.is_empty() => {
                "Expires: no date is given.".to_string()
            }
            ExpiryProblem::NotADate { text } => {
                format!("Expires: \"{text}\" is not a date (YYYY-MM-DD).")
            }
            ExpiryProblem::NotInFuture { day } => {
                format!("Expires: {day} is not in the future.")
            }
            ExpiryProblem::BeyondPolicy { max_days, latest } => format!(
                "Expires: this organization allows keys to live at most {max_days} days, until {latest}."
            ),
            ExpiryProblem::Required { max_days } => format!(
                "Expires: this organization requires an expiry, at most {max_days} days away."
            ),
            ExpiryProblem::NoToday => {
                "Expires: the page does not know today's date, so it cannot count days.".to_string()
            }
        }
    }

    /// How to fix it.
    pub fn fix(&self) -> String {
        match self {
            ExpiryProblem::NotADate { .. } | ExpiryProblem::NotInFuture { .. } => {
                "Pick a date after today, or a number of days.".to_string()
            }
            ExpiryProblem::BeyondPolicy { latest, .. } => {
                format!("Pick {latest} or an earlier date, or a shorter number of days.")
            }
            ExpiryProblem::Required { .. } => "Pick a number of days or a date.".to_string(),
            ExpiryProblem::NoToday => "Pick \"Never\", or reload the page.".to_string(),
        }
    }
}

impl Default for ExpiryChoice {
    /// No expiry: what a request built without the form's rules (a rotation's, a test's) carries.
    fn default() -> Self {
        ExpiryChoice::Never
    }
}

impl ExpiryChoice {
    /// The value of this choice's option in the "Expires" select.
    pub fn select_value(&self) -> String {
        match self {
            ExpiryChoice::Days(days) => days.to_string(),
            ExpiryChoice::On(_) => "date".to_string(),
            ExpiryChoice::Never => "never".to_string(),
        }
    }

    /// The choice an option of the "Expires" select stands for; `None` for a value it never has.
    pub fn from_select_value(value: &str) -> Option<ExpiryChoice> {
        match value {
            "date" => Some(ExpiryChoice::On(String::new())),
            "never" => Some(ExpiryChoice::Never),
            days => days
                .parse()
                .ok()
                .filter(|d| (1..=MAX_DAYS).contains(d))
                .map(ExpiryChoice::Days),
        }
    }
}
