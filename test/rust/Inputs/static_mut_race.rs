use std::thread;
static mut X: u64 = 0;
fn main() {
    let h = thread::spawn(|| unsafe { X += 1 });
    unsafe { X += 1 };
    h.join().unwrap();
    println!("{}", unsafe { X });
}
