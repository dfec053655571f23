// sklite: advice to the operating system about large buffers.
#ifndef SKLITE_DETAIL_MEMORY_HPP
#define SKLITE_DETAIL_MEMORY_HPP

#include <cstddef>
#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace sklite::detail {

/// Asks Linux to back a large buffer that is about to be written with 2 MiB pages (transparent huge
/// pages in "madvise" mode, the usual default): filling hundreds of megabytes then takes a few
/// hundred page faults instead of tens of thousands. Only advice: no effect elsewhere, on small
/// buffers, or when the kernel declines.
inline void advise_huge_pages(void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  if (data == nullptr || bytes < 4 * huge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(data) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(data) + bytes) & ~(huge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace sklite::detail

#endif  // SKLITE_DETAIL_MEMORY_HPP
