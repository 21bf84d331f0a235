# Warnings as errors for project code; generated protobuf code gets its own, laxer flags.
set(FENLIU_WARNINGS -Wall -Wextra -Wpedantic -Werror)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 at -O2 misreads Asio's coroutine frame allocator (aligned_alloc paired with its own
  # operator delete) as a mismatched new/delete; the pairing is Asio's and correct.
  list(APPEND FENLIU_WARNINGS -Wno-mismatched-new-delete)
endif()

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER ${CCACHE_PROGRAM})
endif()

if(FENLIU_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

if(FENLIU_FUZZ)
  # Coverage instrumentation for everything; the fuzzer's main is linked into the targets only.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# Applies project warnings to a target.
function(fenliu_warnings target)
  target_compile_options(${target} PRIVATE ${FENLIU_WARNINGS})
endfunction()
