//! Line-based differences between two versions of a policy document.

use similar::{ChangeTag, TextDiff};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineChange {
    Same,
    Added,
    Removed,
}

impl LineChange {
    pub fn as_str(self) -> &'static str {
        match self {
            LineChange::Same => "same",
            LineChange::Added => "added",
            LineChange::Removed => "removed",
        }
    }

    /// The marker shown before the line, so that the difference does not rest on colour alone.
    pub fn marker(self) -> &'static str {
        match self {
            LineChange::Same => " ",
            LineChange::Added => "+",
            LineChange::Removed => "−",
        }
    }
}

/// One line of a difference, with its number in the old and in the new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub change: LineChange,
    pub old_no: Option<usize>,
    pub new_no: Option<usize>,
    pub text: String,
}

/// Every line of both texts, in order, each marked same, added or removed.
pub fn diff_lines(old: &str, new: &str) -> Vec<DiffLine> {
    TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|c| DiffLine {
            change: match c.tag() {
                ChangeTag::Equal => LineChange::Same,
                ChangeTag::Insert => LineChange::Added,
                ChangeTag::Delete => LineChange::Removed,
            },
            old_no: c.old_index().map(|i| i + 1),
            new_no: c.new_index().map(|i| i + 1),
            text: c.value().trim_end_matches(['\n', '\r']).to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_added_removed_and_same_lines_with_numbers() {
        let lines = diff_lines("a\nb\nc\n", "a\nc\nd\n");
        let summary: Vec<_> = lines.iter().map(|l| (l.change.marker(), l.old_no, l.new_no, l.text.as_str())).collect();
        assert_eq!(
            summary,
            vec![
                (" ", Some(1), Some(1), "a"),
                ("−", Some(2), None, "b"),
                (" ", Some(3), Some(2), "c"),
                ("+", None, Some(3), "d"),
            ]
        );
    }

    #[test]
    fn a_first_version_is_all_added() {
        let lines = diff_lines("", "{\n}");
        assert!(lines.iter().all(|l| l.change == LineChange::Added));
        assert_eq!(lines.len(), 2);
        assert!(diff_lines("x", "x").iter().all(|l| l.change == LineChange::Same));
    }
}
