//! The kill-at-random-moments tests' seeded generator (tests/record/faults.rs, on a
//! file; tests/postgres/kill.rs, on a server): `FAULTS_SEED` replays a failing run's
//! kill points.

/// A small seeded generator (xorshift): the kill points of a failing run can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_f64(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// `FAULTS_SEED`, else one from the clock (odd, so never the generator's zero).
pub fn seed() -> u64 {
    std::env::var("FAULTS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        })
}
