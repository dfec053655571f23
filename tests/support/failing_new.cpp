// The replacement of the global operator new declared in failing_new.hpp. It lives in a file of its
// own so that no call of operator delete is inlined next to a standard new expression (GCC would
// then warn about a mismatched allocation function).
#include "support/failing_new.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long long> allocations_left{-1};  // negative: none fails
std::atomic<long long> allocations{0};
}  // namespace

void sklite::testing::fail_allocation_after(long long count) { allocations_left = count; }
long long sklite::testing::allocation_count() { return allocations; }

void* operator new(std::size_t size) {
  ++allocations;
  if (allocations_left.load(std::memory_order_relaxed) >= 0 && allocations_left-- == 0)
    throw std::bad_alloc();
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
