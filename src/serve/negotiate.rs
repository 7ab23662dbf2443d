//! HTTP content negotiation (RFC 9110 §12.5.1): the `Accept` header's media ranges with their
//! quality values, matched against what the server can write.

/// One media range of an `Accept` header: `type/subtype`, `type/*` or `*/*`, with its weight.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    kind: String,
    subtype: String,
    q: f32,
}

/// Parses an `Accept` header; malformed entries are skipped, a malformed `q` counts as 1.
fn ranges(accept: &str) -> Vec<Range> {
    accept
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let media = parts.next()?.trim().to_ascii_lowercase();
            let (kind, subtype) = media.split_once('/')?;
            let mut q = 1.0;
            for param in parts {
                if let Some((name, value)) = param.split_once('=')
                    && name.trim().eq_ignore_ascii_case("q")
                {
                    q = value.trim().parse::<f32>().ok().filter(|q| (0.0..=1.0).contains(q)).unwrap_or(1.0);
                }
            }
            Some(Range { kind: kind.trim().to_string(), subtype: subtype.trim().to_string(), q })
        })
        .collect()
}

/// The weight `accept` gives `media` (`type/subtype`): that of the most specific range matching
/// it, 0 when none does.
fn weight(accept: &[Range], media: &str) -> f32 {
    let (kind, subtype) = media.split_once('/').unwrap_or((media, ""));
    accept
        .iter()
        .filter_map(|r| {
            let specificity = match (r.kind.as_str(), r.subtype.as_str()) {
                (k, s) if k == kind && s == subtype => 3,
                (k, "*") if k == kind => 2,
                ("*", "*") => 1,
                _ => return None,
            };
            Some((specificity, r.q))
        })
        .max_by_key(|(specificity, _)| *specificity)
        .map_or(0.0, |(_, q)| q)
}

/// The offer `accept` weighs highest, of `offers` (media type, value) listed in the server's order
/// of preference, which breaks ties; the first offer when there is no `Accept` header (or an empty
/// one); `None` when every offer weighs 0 (answer 406 Not Acceptable).
pub fn choose<T: Copy>(accept: Option<&str>, offers: &[(&str, T)]) -> Option<T> {
    let accept = match accept.map(str::trim) {
        None | Some("") => return offers.first().map(|(_, v)| *v),
        Some(a) => ranges(a),
    };
    let mut best: Option<(f32, T)> = None;
    for (media, value) in offers {
        let q = weight(&accept, media);
        if q > 0.0 && best.is_none_or(|(b, _)| q > b) {
            best = Some((q, *value));
        }
    }
    best.map(|(_, v)| v)
}

#[cfg(test)]
mod tests {
    use super::choose;

    const OFFERS: [(&str, u8); 3] = [("application/json", 1), ("application/xml", 2), ("text/csv", 3)];

    #[test]
    fn quality_values_decide_and_the_server_order_breaks_ties() {
        // RFC 9110 §12.5.1: the most specific range gives the weight.
        assert_eq!(choose(Some("text/csv;q=0.5, application/xml"), &OFFERS), Some(2));
        assert_eq!(choose(Some("text/*;q=0.9, */*;q=0.1"), &OFFERS), Some(3));
        assert_eq!(choose(Some("*/*"), &OFFERS), Some(1));
        assert_eq!(choose(Some("text/csv, application/xml"), &OFFERS), Some(2));
        assert_eq!(choose(None, &OFFERS), Some(1));
        // q=0 refuses; a range matching nothing leaves nothing.
        assert_eq!(choose(Some("application/json;q=0, */*;q=0.2"), &OFFERS), Some(2));
        assert_eq!(choose(Some("image/png"), &OFFERS), None);
        assert_eq!(choose(Some("*/*;q=0"), &OFFERS), None);
        // Case and spaces do not matter.
        assert_eq!(choose(Some(" Text/CSV ; Q=1 "), &OFFERS), Some(3));
    }
}
