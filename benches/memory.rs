//! Where the memory goes: heap in use and its peak, phase by phase, on the 200k
//! record, counted by a global allocator (heaptrack is not to hand on every desk).
//!
//!     DUTYBOARD_BENCH_DB=path cargo bench --bench memory
//!
//! `path` is a record kept by `DUTYBOARD_BENCH_KEEP=path cargo bench --bench engine`;
//! without it the record is generated and imported first. The resident peak of the
//! real binary (heap plus code plus the database pages it mapped) is in the engine
//! and first_frame benches; this one says which phase the heap peak comes from.

mod support;

use dutyboard::calendar::Calendar;
use dutyboard::desk::Desk;
use dutyboard::procedures::{evaluate_scoped, Policy, Scope};
use dutyboard::record::{EventLog, Store};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size > layout.size() {
                let now =
                    IN_USE.fetch_add(new_size - layout.size(), Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn mb(bytes: usize) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// Runs a phase and prints the heap it left in use and the peak it reached.
fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    PEAK.store(IN_USE.load(Relaxed), Relaxed);
    let before = IN_USE.load(Relaxed);
    let started = std::time::Instant::now();
    let out = f();
    let took = started.elapsed();
    println!(
        "{name:<52} {:>7.1} ms  peak {:>9}  kept {:>9}  (in use before {})",
        took.as_secs_f64() * 1000.0,
        mb(PEAK.load(Relaxed)),
        mb(IN_USE.load(Relaxed).saturating_sub(before)),
        mb(before)
    );
    out
}

/// What the folded record holds, to say where its memory goes.
fn describe(state: &dutyboard::record::State) {
    let eps = &state.episodes;
    let count =
        |f: &dyn Fn(&dutyboard::record::Episode) -> usize| -> usize { eps.iter().map(f).sum() };
    println!(
        "  state: {} children, {} episodes ({} open); per episode lists: {} timeline places, {} actions, {} updates, {} gradings, {} acknowledgements",
        state.children.len(),
        eps.len(),
        eps.iter().filter(|e| e.is_open()).count(),
        count(&|e| e.events.len()),
        count(&|e| e.actions.len()),
        count(&|e| e.updates.len()),
        count(&|e| e.gradings.len()),
        count(&|e| e.acknowledgements.len()),
    );
}

fn main() {
    let now = support::bench_now();
    let dir = tempfile::tempdir().unwrap();
    let db = support::bench_db(dir.path());
    let store = Store::open(&db).unwrap();
    println!(
        "record: {} events at {}",
        store.count().unwrap(),
        db.display()
    );
    let policy = Policy::shipped("cumbria").unwrap();
    let cal = Calendar::embedded();

    let cache = phase("read the snapshot blob", || store.fold_cache().unwrap());
    if let Some(c) = &cache {
        println!("  (the blob is {})", mb(c.state.len()));
    }
    drop(cache);
    let state = phase("fold from the snapshot (cold board)", || {
        dutyboard::record::state_at(&store, Some(now)).unwrap()
    });
    describe(&state);
    let eval = phase("evaluate, live scope (cold board)", || {
        evaluate_scoped(&state, &policy, &cal, now, Scope::Live)
    });
    let board = phase("board", || {
        dutyboard::views::board::build(&state, &eval, now, false)
    });
    phase("board as JSON text", || {
        serde_json::to_string(&dutyboard::render::json::board_json(&board)).unwrap()
    });
    drop((board, eval));
    let all = phase("evaluate, every instance (the old live board)", || {
        evaluate_scoped(&state, &policy, &cal, now, Scope::All)
    });
    drop(all);
    // The live board's first snapshot, step by step (as tui::Controller does it).
    let board = {
        let live = evaluate_scoped(&state, &policy, &cal, now, Scope::Live);
        dutyboard::views::board::build(&state, &live, now, false)
    };
    let on_board: Vec<_> = board
        .rows
        .iter()
        .filter_map(|r| state.episode(&r.episode))
        .collect();
    let children: std::collections::HashSet<&str> =
        on_board.iter().map(|e| e.child.as_str()).collect();
    let detail = phase("evaluate, every instance of the board's children", || {
        dutyboard::procedures::engine::evaluate_children(&state, &policy, &cal, now, &|c| {
            children.contains(c.reference.as_str())
        })
    });
    let mut places: Vec<usize> = on_board.iter().flat_map(|e| e.events.clone()).collect();
    places.sort_unstable();
    places.dedup();
    let mut timeline = std::collections::HashMap::new();
    phase(
        &format!("read the board's {} timeline events", places.len()),
        || {
            store
                .visit_places(&places, &mut |p, s| {
                    timeline.insert(p, s.event);
                })
                .unwrap()
        },
    );
    phase("the screens' snapshot", || {
        dutyboard::views::detail::Snapshot::of_state(
            &state,
            detail,
            board,
            &|p| timeline.get(&p),
            &policy,
            now,
        )
    });
    drop((timeline, on_board, children));
    drop(state);

    let desk = Desk {
        store,
        governs: dutyboard::procedures::governs::Governs::single(policy.clone()),
        policy,
        calendar: cal,
        operator: "bench".into(),
        privacy: false,
    };
    let theme = dutyboard::tui::theme::Theme::resolve(None, false, None).unwrap();
    let mut ctl = phase("the live board's controller (first snapshot)", || {
        dutyboard::tui::Controller::new(desk, theme, false, now, (120, 40)).unwrap()
    });
    phase("the live board's refresh (a minute on)", || {
        ctl.reload(now + chrono::Duration::minutes(1), false)
    });
    println!("whole-process heap peak: {}", mb(PEAK.load(Relaxed)));
}
