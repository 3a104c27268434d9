//! What differs between the boards: semihosting output and exit, and the
//! handlers that turn a panic or a fault into a failing exit status, so that
//! the firmware never hangs.

use core::fmt;

/// The target the firmware was built for.
#[cfg(target_arch = "arm")]
pub const TARGET: &str = "thumbv7em-none-eabihf (qemu mps2-an386, Cortex-M4)";
/// The target the firmware was built for.
#[cfg(target_arch = "riscv32")]
pub const TARGET: &str = "riscv32imac-unknown-none-elf (qemu virt)";

/// Whether the firmware was built with optimizations (release profiles).
pub const OPTIMIZED: bool = !cfg!(debug_assertions);

#[cfg(target_arch = "arm")]
use cortex_m_semihosting::{debug, hprint, hprintln};
#[cfg(target_arch = "riscv32")]
use riscv_semihosting::{debug, hprint, hprintln};

/// Prints one line over semihosting.
pub fn print_line(args: fmt::Arguments<'_>) {
    hprintln!("{}", args);
}

/// Prints text as it is (no newline added) over semihosting.
pub fn print_str(text: &str) {
    hprint!("{}", text);
}

/// Ends the program: QEMU exits with status 0 when `success`, 1 otherwise.
pub fn exit(success: bool) -> ! {
    debug::exit(if success { debug::EXIT_SUCCESS } else { debug::EXIT_FAILURE });
    // Only reached without a semihosting host; run.sh also has a timeout.
    #[allow(clippy::empty_loop)]
    loop {}
}

/// Executes an undefined instruction, to test the fault handler.
#[cfg(target_arch = "arm")]
pub fn undefined_instruction() -> ! {
    cortex_m::asm::udf()
}

/// Executes an undefined instruction, to test the exception handler.
#[cfg(target_arch = "riscv32")]
#[allow(unsafe_code)]
pub fn undefined_instruction() -> ! {
    // SAFETY: `unimp` raises an illegal-instruction exception, which the
    // handler below turns into a failing exit; nothing returns here.
    unsafe { core::arch::asm!("unimp", options(noreturn)) }
}

/// Gives the heap its memory; call first.
pub fn init() {
    crate::heap::init();
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
    print_line(format_args!("panic: {info}"));
    exit(false)
}

#[cfg(target_arch = "arm")]
mod cortex_m_handlers {
    use cortex_m_rt::{ExceptionFrame, exception};

    // A fault (a bad access, an undefined instruction, a stack that ran
    // into the statics below it) ends the run with a failure.
    #[allow(unsafe_code)]
    #[exception]
    unsafe fn HardFault(frame: &ExceptionFrame) -> ! {
        super::print_line(format_args!("HardFault: {frame:?}"));
        super::exit(false)
    }

    #[allow(unsafe_code)]
    #[exception]
    unsafe fn DefaultHandler(irqn: i16) {
        super::print_line(format_args!("unexpected exception or interrupt {irqn}"));
        super::exit(false)
    }
}

#[cfg(target_arch = "riscv32")]
mod riscv_handlers {
    // Any exception (a bad access, an illegal instruction) ends the run
    // with a failure instead of riscv-rt's default loop.
    #[allow(unsafe_code)]
    #[unsafe(export_name = "ExceptionHandler")]
    fn exception_handler(frame: &riscv_rt::TrapFrame) -> ! {
        let cause = riscv::register::mcause::read();
        let pc = riscv::register::mepc::read();
        super::print_line(format_args!("exception: mcause {:#x} at pc {pc:#x}, ra {:#x}", cause.bits(), frame.ra));
        super::exit(false)
    }
}

/// The most stack used so far, in bytes: cortex-m-rt paints the stack at
/// boot (its `paint-stack` feature) and this finds the lowest word that is
/// no longer paint. `None` on targets that do not paint.
#[cfg(target_arch = "arm")]
#[allow(unsafe_code)]
pub fn stack_peak() -> Option<usize> {
    const PAINT: u32 = 0xCCCC_CCCC;
    unsafe extern "C" {
        static _stack_end: u32;
        static _stack_start: u32;
    }
    let bottom = (&raw const _stack_end) as usize;
    let top = (&raw const _stack_start) as usize;
    let mut at = bottom;
    // SAFETY: every word between the linker's `_stack_end` and
    // `_stack_start` is RAM reserved for the stack and readable; words
    // below the stack pointer are read, never written.
    while at < top && unsafe { core::ptr::read_volatile(at as *const u32) } == PAINT {
        at += 4;
    }
    Some(top - at)
}

/// See the Cortex-M version: riscv-rt does not paint the stack.
#[cfg(target_arch = "riscv32")]
pub fn stack_peak() -> Option<usize> {
    None
}
