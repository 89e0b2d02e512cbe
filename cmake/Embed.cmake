# embed_files(<target> <namespace-symbol> <file>...)
# Generates a .cpp that defines `std::span<const EmbeddedFile> <symbol>()` holding the bytes of each
# file (name relative to the source dir), so data tables ship inside the binary and are read by the
# same loader that reads a user's file. Regenerated when an input changes.
function(embed_files target symbol)
  set(out "${CMAKE_CURRENT_BINARY_DIR}/${symbol}_embedded.cpp")
  set(args "")
  foreach(f IN LISTS ARGN)
    list(APPEND args "${f}")
  endforeach()
  add_custom_command(
    OUTPUT "${out}"
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DSYMBOL=${symbol} -DROOT=${CMAKE_SOURCE_DIR}
            "-DFILES=${args}" -P ${CMAKE_SOURCE_DIR}/cmake/EmbedGen.cmake
    DEPENDS ${ARGN} ${CMAKE_SOURCE_DIR}/cmake/EmbedGen.cmake
    COMMENT "Embedding ${symbol}"
    VERBATIM)
  target_sources(${target} PRIVATE "${out}")
endfunction()
