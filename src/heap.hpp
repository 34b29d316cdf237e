#pragma once

namespace tally {

// Puts the next 2 MiB of the process heap in one transparent huge page, so
// that a short command (a scanner's `asset show`, a script's `rack install`)
// takes one page fault for its heap instead of one per 4 KiB page: SQLite
// alone touches about 1.2 MB of heap parsing the schema at the first
// prepare, and on a virtual machine each of those 4 KiB faults costs 5 to 10
// microseconds (README, Performance). Called first thing in `main`.
//
// It only advises the kernel (MADV_HUGEPAGE) about address space nobody has
// touched yet, and sets three malloc parameters; nothing changes where the
// kernel has no huge pages (THP "never"), under another allocator
// (sanitizers, valgrind), or with TALLY_HUGE_HEAP=0 in the environment.
// Costs: up to 2 MiB of untouched address space, and a resident set about
// 0.6 MiB larger than a small command's own heap.
void prepare_heap();

}  // namespace tally
