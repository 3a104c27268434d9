//! `wasi:clocks` and `wasi:random` on the context's backends.

use crate::WasiCtx;
use crate::bindings::wasi::clocks::{monotonic_clock, wall_clock};
use crate::bindings::wasi::random::{insecure, insecure_seed, random};
use crate::io::Pollable;
use airssys_wasm::{Error, Resource};
use alloc::vec::Vec;
use rand_core::RngCore;

impl wall_clock::Host for WasiCtx {
    fn now(&mut self) -> Result<wall_clock::Datetime, Error> {
        let t = self.wall.now();
        Ok(wall_clock::Datetime { seconds: t.seconds, nanoseconds: t.nanoseconds })
    }

    fn resolution(&mut self) -> Result<wall_clock::Datetime, Error> {
        let t = self.wall.resolution();
        Ok(wall_clock::Datetime { seconds: t.seconds, nanoseconds: t.nanoseconds })
    }
}

impl monotonic_clock::Host for WasiCtx {
    fn now(&mut self) -> Result<u64, Error> {
        Ok(self.monotonic.now())
    }

    fn resolution(&mut self) -> Result<u64, Error> {
        Ok(self.monotonic.resolution())
    }

    fn subscribe_instant(&mut self, when: u64) -> Result<Resource<Pollable>, Error> {
        self.table.push(Pollable::MonotonicAt(when))
    }

    fn subscribe_duration(&mut self, when: u64) -> Result<Resource<Pollable>, Error> {
        let at = self.monotonic.now().saturating_add(when);
        self.table.push(Pollable::MonotonicAt(at))
    }
}

impl random::Host for WasiCtx {
    fn get_random_bytes(&mut self, len: u64) -> Result<Vec<u8>, Error> {
        crate::random::draw(&mut self.random, len)
    }

    fn get_random_u64(&mut self) -> Result<u64, Error> {
        Ok(self.random.next_u64())
    }
}

impl insecure::Host for WasiCtx {
    fn get_insecure_random_bytes(&mut self, len: u64) -> Result<Vec<u8>, Error> {
        crate::random::draw(&mut self.insecure_random, len)
    }

    fn get_insecure_random_u64(&mut self) -> Result<u64, Error> {
        Ok(self.insecure_random.next_u64())
    }
}

impl insecure_seed::Host for WasiCtx {
    fn insecure_seed(&mut self) -> Result<(u64, u64), Error> {
        Ok(self.insecure_seed)
    }
}
