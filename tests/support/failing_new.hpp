// A global operator new that can be told to fail (tests/support/failing_new.cpp): linked only into
// the exception-safety test program.
#ifndef SKLITE_TESTS_SUPPORT_FAILING_NEW_HPP
#define SKLITE_TESTS_SUPPORT_FAILING_NEW_HPP

namespace sklite::testing {

/// The next `allocations` calls of operator new succeed and the one after throws std::bad_alloc;
/// a negative count makes none fail (the default).
void fail_allocation_after(long long allocations);

/// The calls of operator new so far (those that failed included).
long long allocation_count();

}  // namespace sklite::testing

#endif  // SKLITE_TESTS_SUPPORT_FAILING_NEW_HPP
