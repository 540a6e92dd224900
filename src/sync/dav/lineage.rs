//! Whether a collection's sync token can follow the one we hold. A calendar deleted and made
//! again at the same URL is a new collection: some servers (counter tokens, like sabre/dav's
//! `http://sabre.io/ns/sync/7`) still accept the old token and list only what the new one
//! received, so what the old one held would never be seen as deleted. A counter that went
//! back, or a token of another form, means the history we hold is not this collection's.

/// `theirs` cannot be a later state of the collection `ours` was a token of.
pub fn broken(ours: &str, theirs: &str) -> bool {
    match (counter(ours), counter(theirs)) {
        (Some((p, n)), Some((q, m))) => p != q || m < n,
        // Opaque tokens (a hash, say) tell nothing about order.
        _ => false,
    }
}

/// A token as a prefix and a decimal counter ending it, whole (`…/sync/7`, not the digits
/// ending a hash such as `…/sync/9f86d081`).
fn counter(token: &str) -> Option<(&str, u128)> {
    let prefix = token.trim_end_matches(|c: char| c.is_ascii_digit());
    if prefix.len() == token.len() || prefix.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((prefix, token[prefix.len()..].parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_counter_that_goes_back_or_changes_form_is_broken() {
        let t = |n: u32| format!("http://sabre.io/ns/sync/{n}");
        assert!(!broken(&t(7), &t(9)));
        assert!(!broken(&t(7), &t(7)));
        assert!(broken(&t(7), &t(2)));
        assert!(broken(&t(7), "http://other.example/sync/9"));
        let hash = |h: &str| format!("http://radicale.org/ns/sync/{h}");
        assert!(!broken(&hash("9f86d08"), &hash("60303ae2")));
        assert!(!broken(&hash("9f86d081"), &hash("60303ae0")));
        assert!(!broken("", &t(1)));
    }
}
