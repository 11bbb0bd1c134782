use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
static mut X: u64 = 0;
static WROTE: AtomicBool = AtomicBool::new(false);
fn main() {
    let h = thread::spawn(|| unsafe {
        X = 1;
        WROTE.store(true, Ordering::Relaxed);
    });
    // Relaxed: orders the two writes in time only, not by happens-before.
    while !WROTE.load(Ordering::Relaxed) {}
    unsafe { X = 2 };
    h.join().unwrap();
}
