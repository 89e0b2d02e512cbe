# Tree-sitter core and grammars, from grammars/node_modules (npm ci --ignore-scripts).
# Compiled at -O2 even in Debug: parsing dominates scan time and the C is third-party.
set(TS_ROOT ${CMAKE_SOURCE_DIR}/grammars/node_modules)
if(NOT EXISTS ${TS_ROOT}/tree-sitter/vendor/tree-sitter/lib/src/lib.c)
  message(FATAL_ERROR "tree-sitter sources missing: run `npm ci --ignore-scripts` in grammars/ "
                      "(the README's quick start does this)")
endif()

set(TS_C_FLAGS -O2 -w)
add_library(ts_core STATIC ${TS_ROOT}/tree-sitter/vendor/tree-sitter/lib/src/lib.c)
target_include_directories(ts_core
  PUBLIC ${TS_ROOT}/tree-sitter/vendor/tree-sitter/lib/include
  PRIVATE ${TS_ROOT}/tree-sitter/vendor/tree-sitter/lib/src)
target_compile_definitions(ts_core PRIVATE _POSIX_C_SOURCE=200112L _DEFAULT_SOURCE)
target_compile_options(ts_core PRIVATE ${TS_C_FLAGS})

function(ts_grammar name dir)
  set(srcs ${dir}/src/parser.c)
  if(EXISTS ${dir}/src/scanner.c)
    list(APPEND srcs ${dir}/src/scanner.c)
  endif()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PRIVATE ${dir}/src)
  target_compile_options(${name} PRIVATE ${TS_C_FLAGS})
endfunction()

ts_grammar(ts_python ${TS_ROOT}/tree-sitter-python)
ts_grammar(ts_javascript ${TS_ROOT}/tree-sitter-javascript)
# The typescript scanners include ../../common/scanner.h: keep the package layout.
ts_grammar(ts_typescript ${TS_ROOT}/tree-sitter-typescript/typescript)
ts_grammar(ts_tsx ${TS_ROOT}/tree-sitter-typescript/tsx)
