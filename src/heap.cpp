#include "heap.hpp"

#include <cstdint>
#include <cstdlib>
#include <cstring>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || __has_feature(memory_sanitizer)
#define TALLY_OTHER_ALLOCATOR 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TALLY_OTHER_ALLOCATOR 1
#endif

// glibc's malloc only, and not under a sanitizer's allocator.
#if defined(__GLIBC__) && !defined(TALLY_OTHER_ALLOCATOR)
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>
#define TALLY_HUGE_HEAP 1
#endif

namespace tally {

namespace {

#ifdef TALLY_HUGE_HEAP
// The allocation that fills the heap up to the 2 MiB boundary. It is never
// used or freed: only its first and last bytes' pages are ever touched, so
// it is address space, not memory.
void* volatile g_gap = nullptr;
#endif

}  // namespace

void prepare_heap() {
#ifdef TALLY_HUGE_HEAP
  const char* off = std::getenv("TALLY_HUGE_HEAP");
  if (off && std::strcmp(off, "0") == 0) {
    return;
  }
  constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
  // Serve allocations up to 4 MiB from the heap (the gap below is up to 3
  // MiB) and return its top to the kernel only past 8 MiB, so that a free
  // does not cut the huge page; glibc's defaults are 128 KiB for both,
  // rising as the program frees large blocks.
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  // The next growth of the heap reaches past the boundary by a whole 2 MiB.
  mallopt(M_TOP_PAD, static_cast<int>(huge + (64 << 10)));

  // Where the heap's free top starts: a block of a size nothing has freed
  // comes from there.
  void* probe = std::malloc(4000);
  const auto top = reinterpret_cast<std::uintptr_t>(probe) + 4000;
  const auto brk = reinterpret_cast<std::uintptr_t>(sbrk(0));
  // Another allocator (valgrind's), or a heap that is not the brk segment
  // or whose top is larger than 1 MiB: nothing to do.
  if (probe && top <= brk && brk - top < (std::uintptr_t{1} << 20)) {
    // The first 2 MiB boundary at or above the break: the pages above the
    // break have never been touched (those below it may have been, by
    // blocks freed before `main`).
    const std::uintptr_t boundary = (brk + 256 + huge - 1) & ~(huge - 1);
    // The gap ends (and the free top's header lies) just below the
    // boundary, so no page above it is touched before the advice.
    g_gap = std::malloc(boundary - top - 64);
    const auto end = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // The gap must start where the probe ended (it came from the top, as
    // glibc's chunk headers of 16 bytes put it), or the top was elsewhere.
    const bool from_top = reinterpret_cast<std::uintptr_t>(g_gap) == top + 16;
    if (from_top && end >= boundary + huge) {
      madvise(reinterpret_cast<void*>(boundary), (end - boundary) & ~(huge - 1), MADV_HUGEPAGE);
    }
  }
  std::free(probe);
  mallopt(M_TOP_PAD, 128 << 10);  // glibc's default again
#endif
}

}  // namespace tally
