//! The shape of the code, checked: dependencies point down the layers of ARCHITECTURE.md,
//! no two top-level modules or sibling files import each other (directly or round a
//! loop), and no file in `src/` is over 600 lines.
//!
//! The checker reads the `crate::`, `super::` and `self::` paths of every file in `src/`
//! (test modules excluded: a test may reach anywhere) and resolves each to the deepest
//! module the folder tree holds. What is still wrong is listed exactly in `KNOWN_*`
//! below: the test fails on a new violation and on a listed one that has gone, so the
//! lists only ever shrink.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first. A module may import its own layer or any below it.
const LAYERS: &[(&str, u8)] = &[
    ("calendar", 0),
    ("record", 1),
    ("procedures", 2),
    ("triage", 2),
    ("views", 3),
    ("render", 3),
    ("demo", 3),
    ("desk", 4),
    ("cli", 5),
    ("tui", 5),
];

/// Violations still in the code, each to be removed by the change that fixes it.
const KNOWN_VIOLATIONS: &[&str] = &[];

/// Files still over 600 lines.
const KNOWN_LONG_FILES: &[&str] = &[];

const MAX_LINES: usize = 600;

#[test]
fn dependencies_point_down_and_nothing_imports_in_a_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&read_tree(&root), LAYERS);
    assert_exact(
        found,
        KNOWN_VIOLATIONS,
        "layering changed",
        "new violations (fix them)",
        "fixed (delete from KNOWN_VIOLATIONS)",
    );
}

#[test]
fn no_file_in_src_is_over_six_hundred_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found: BTreeSet<String> = rust_files(&root)
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MAX_LINES)
        .map(|(file, _)| format!("src/{file}"))
        .collect();
    assert_exact(
        found,
        KNOWN_LONG_FILES,
        "file sizes changed",
        &format!("new files over {MAX_LINES} lines (split them)"),
        "now short enough (delete from KNOWN_LONG_FILES)",
    );
}

/// What was found must be exactly what is listed: a new entry and a listed one that has
/// gone both fail, so the lists only ever shrink.
fn assert_exact(found: BTreeSet<String>, known: &[&str], what: &str, new: &str, gone: &str) {
    let known: BTreeSet<String> = known.iter().map(|s| s.to_string()).collect();
    let lines = |set: Vec<&String>| {
        if set.is_empty() {
            "(none)".to_string()
        } else {
            set.iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        }
    };
    let added: Vec<_> = found.difference(&known).collect();
    let removed: Vec<_> = known.difference(&found).collect();
    assert!(
        added.is_empty() && removed.is_empty(),
        "{what}.\n{new}:\n  {}\n{gone}:\n  {}",
        lines(added),
        lines(removed)
    );
}

/// Every `.rs` file under `root`: its path from `root` (`tui/ui/detail.rs`) and its text.
fn rust_files(root: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.push((rel, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Every `.rs` file under `root`, keyed by its module path (`tui::ui::detail`; the crate
/// root files `lib.rs` and `main.rs` are the empty path).
fn read_tree(root: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (rel, text) in rust_files(root) {
        let mut parts: Vec<&str> = rel.trim_end_matches(".rs").split('/').collect();
        if matches!(parts.last(), Some(&("mod" | "lib" | "main"))) {
            parts.pop();
        }
        // lib.rs and main.rs are both the root: keep both texts.
        out.entry(parts.join("::"))
            .and_modify(|t: &mut String| t.push_str(&text))
            .or_insert(text);
    }
    out
}

/// Every violation in `files` (module path -> source text) under `layers`, as sentences.
fn violations(files: &BTreeMap<String, String>, layers: &[(&str, u8)]) -> BTreeSet<String> {
    let modules: BTreeSet<&str> = files.keys().map(String::as_str).collect();
    // (parent, from child, to child)
    let mut edges: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (module, text) in files {
        let here: Vec<&str> = if module.is_empty() {
            vec![]
        } else {
            module.split("::").collect()
        };
        for path in referenced_paths(&strip_tests(&clean(text))) {
            let Some(target) = resolve(&here, &path) else {
                continue;
            };
            let target = deepest_module(&modules, &target);
            edges.extend(sibling_edge(&here, &target));
        }
    }
    let mut out = BTreeSet::new();
    let layer = |m: &str| layers.iter().find(|(n, _)| *n == m).map(|(_, l)| *l);
    for (_, a, b) in edges.iter().filter(|(p, _, _)| p.is_empty()) {
        match (layer(a), layer(b)) {
            (Some(la), Some(lb)) if la < lb => {
                out.insert(format!("upward: {a} (layer {la}) imports {b} (layer {lb})"));
            }
            (None, _) => {
                out.insert(format!("unlisted top-level module: {a}"));
            }
            (_, None) => {
                out.insert(format!("unlisted top-level module: {b}"));
            }
            _ => {}
        }
    }
    // Cycles: within each parent, any strongly connected group of more than one child.
    let mut by_parent: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for (parent, a, b) in &edges {
        by_parent
            .entry(parent)
            .or_default()
            .entry(a)
            .or_default()
            .insert(b);
    }
    for (parent, graph) in &by_parent {
        for group in cycles(graph) {
            let place = if parent.is_empty() {
                "top level".to_string()
            } else {
                format!("in {parent}")
            };
            out.insert(format!("cycle {place}: {}", group.join(" <-> ")));
        }
    }
    out
}

/// The groups of two or more nodes that reach each other (strongly connected
/// components), each sorted. Plain reachability from every node: the graphs here are
/// a dozen nodes.
fn cycles<'a>(graph: &BTreeMap<&'a str, BTreeSet<&'a str>>) -> Vec<Vec<&'a str>> {
    let nodes: BTreeSet<&str> = graph
        .iter()
        .flat_map(|(a, bs)| std::iter::once(*a).chain(bs.iter().copied()))
        .collect();
    let reach = |from: &'a str| -> BTreeSet<&'a str> {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from];
        while let Some(n) = todo.pop() {
            for &m in graph.get(n).into_iter().flatten() {
                if seen.insert(m) {
                    todo.push(m);
                }
            }
        }
        seen
    };
    let reaches: BTreeMap<&str, BTreeSet<&str>> = nodes.iter().map(|&n| (n, reach(n))).collect();
    let mut groups: BTreeSet<Vec<&str>> = BTreeSet::new();
    for &n in &nodes {
        let group: Vec<&str> = nodes
            .iter()
            .copied()
            .filter(|&m| m == n || (reaches[n].contains(m) && reaches[m].contains(n)))
            .collect();
        if group.len() > 1 {
            groups.insert(group);
        }
    }
    groups.into_iter().collect()
}

/// The import as an edge between two children of their nearest common module, or `None`
/// when one contains the other (a module and its own parts may use each other).
fn sibling_edge(from: &[&str], to: &[String]) -> Option<(String, String, String)> {
    let common = from
        .iter()
        .zip(to.iter())
        .take_while(|(a, b)| **a == b.as_str())
        .count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((
        from[..common].join("::"),
        from[common].to_string(),
        to[common].clone(),
    ))
}

fn deepest_module(modules: &BTreeSet<&str>, path: &[String]) -> Vec<String> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p.join("::").as_str()))
        .unwrap_or_default()
}

/// A path as written (`crate::a::b`, `super::super::x`, `self::y`) made absolute.
fn resolve(here: &[&str], path: &[String]) -> Option<Vec<String>> {
    let mut base: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => vec![],
        Some("super") | Some("self") => here.iter().map(|s| s.to_string()).collect(),
        _ => return None,
    };
    let mut rest = if path[0] == "crate" { &path[1..] } else { path };
    while let Some(first) = rest.first() {
        match first.as_str() {
            "super" => {
                base.pop()?;
            }
            "self" => {}
            _ => break,
        }
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// Source with comments, string and char literals blanked, so that paths in prose or
/// text do not count.
fn clean(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r' && (b.get(i + 1) == Some(&b'"') || b.get(i + 1) == Some(&b'#')) {
            // raw string r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&b'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            j += 1;
            let close: Vec<u8> = std::iter::once(b'"')
                .chain(std::iter::repeat_n(b'#', hashes))
                .collect();
            while j < b.len() && !b[j..].starts_with(&close) {
                j += 1;
            }
            i = j + close.len();
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                if b[i] == b'\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && b.get(i + 2) == Some(&b'\'') {
            i += 3;
            out.push_str("' '");
        } else if b[i] == b'\'' && b.get(i + 1) == Some(&b'\\') {
            i += 2;
            while i < b.len() && b[i] != b'\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            let ch = text[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Source without its `#[cfg(test)]` items (a test module may import anything).
fn strip_tests(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        // The item runs to the end of its braces, or to `;` if it has none first.
        let brace = after.find('{');
        let semi = after.find(';');
        match (brace, semi) {
            (Some(bp), s) if s.is_none_or(|s| bp < s) => {
                let mut depth = 0;
                let mut end = after.len();
                for (k, c) in after[bp..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = bp + k + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                rest = &after[end..];
            }
            (_, Some(s)) => rest = &after[s + 1..],
            _ => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Every path that starts `crate::`, `super::` or `self::`, with use-groups expanded:
/// `use crate::a::{b, c::d}` gives `crate::a::b` and `crate::a::c::d`.
fn referenced_paths(text: &str) -> Vec<Vec<String>> {
    let tokens = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let starts = matches!(t, "crate" | "super" | "self")
            && tokens.get(i + 1).map(String::as_str) == Some("::")
            && (i == 0 || tokens[i - 1] != "::");
        if starts {
            let (paths, next) = parse_tree(&tokens, i);
            out.extend(paths);
            i = next.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

/// Parses `a::b::{c, d::e}` from `tokens[i]`, returning the leaf paths and where it ended.
fn parse_tree(tokens: &[String], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    loop {
        match tokens.get(i).map(String::as_str) {
            Some("{") => {
                let mut out = Vec::new();
                i += 1;
                loop {
                    match tokens.get(i).map(String::as_str) {
                        Some("}") => return (out, i + 1),
                        Some(",") => i += 1,
                        None => return (out, i),
                        _ => {
                            let (inner, next) = parse_tree(tokens, i);
                            for p in inner {
                                let mut full = prefix.clone();
                                full.extend(p);
                                out.push(full);
                            }
                            if next == i {
                                i += 1;
                            } else {
                                i = next;
                            }
                            // skip `as name`
                            if tokens.get(i).map(String::as_str) == Some("as") {
                                i += 2;
                            }
                        }
                    }
                }
            }
            Some(t) if is_ident(t) => {
                prefix.push(t.to_string());
                i += 1;
                if tokens.get(i).map(String::as_str) == Some("::") {
                    i += 1;
                } else {
                    return (vec![prefix], i);
                }
            }
            Some("*") => return (vec![prefix], i + 1),
            _ => return (vec![prefix], i),
        }
    }
}

fn is_ident(t: &str) -> bool {
    t.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
        && t.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn tokenize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".into());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

// The checker itself, on hand-built trees: it must see what it is there to see.

fn tree(files: &[(&str, &str)]) -> BTreeMap<String, String> {
    files
        .iter()
        .map(|(m, t)| (m.to_string(), t.to_string()))
        .collect()
}

const TOY_LAYERS: &[(&str, u8)] = &[("calendar", 0), ("record", 1), ("tui", 5)];

#[test]
fn the_checker_sees_an_upward_import() {
    let files = tree(&[
        ("", "pub mod calendar; pub mod record;"),
        ("calendar", "use crate::record::Event;"),
        ("record", "pub struct Event;"),
    ]);
    assert_eq!(
        violations(&files, TOY_LAYERS),
        BTreeSet::from(["upward: calendar (layer 0) imports record (layer 1)".to_string()])
    );
}

#[test]
fn the_checker_sees_a_cycle_of_siblings_through_groups_and_super() {
    let files = tree(&[
        ("", "pub mod tui;"),
        ("tui", "pub mod app; pub mod ui;"),
        ("tui::app", "use crate::tui::{ui::{detail::draw, other}};"),
        ("tui::ui", "pub mod detail;"),
        ("tui::ui::detail", "fn f(a: &super::super::app::App) {}"),
    ]);
    assert_eq!(
        violations(&files, TOY_LAYERS),
        BTreeSet::from(["cycle in tui: app <-> ui".to_string()])
    );
}

#[test]
fn the_checker_ignores_paths_in_comments_strings_and_tests_and_a_module_using_its_parent() {
    let files = tree(&[
        ("", "pub mod calendar; pub mod record;"),
        (
            "calendar",
            "// see crate::record::Event\n/// [`crate::record::Event`]\nconst S: &str = \"crate::record::x\";\n\
             #[cfg(test)]\nmod tests { use crate::record::Event; }\nuse super::calendar::inner;",
        ),
        ("record", "use crate::calendar::Day; use self::inner::X; mod inner;"),
        ("record::inner", "use super::Y; use crate::record::Z;"),
    ]);
    assert_eq!(violations(&files, TOY_LAYERS), BTreeSet::new());
}

#[test]
fn the_checker_sees_a_loop_of_three_at_the_top() {
    let files = tree(&[
        ("calendar", "use crate::record::A;"),
        ("record", "use crate::tui::B;"),
        ("tui", "use crate::calendar::C;"),
    ]);
    let found = violations(&files, TOY_LAYERS);
    assert!(
        found.contains("cycle top level: calendar <-> record <-> tui"),
        "{found:?}"
    );
}
