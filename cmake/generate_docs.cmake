# Writes the man page and the shell completion scripts with the built tally,
# from the same command tree as its --help (cli/cmd_manual.cpp,
# cli/cmd_completion.cpp). Run by cli/CMakeLists.txt:
#   cmake -DTALLY=path/to/tally -DOUT_DIR=dir -P generate_docs.cmake
foreach(step IN ITEMS "__manpage;tally.1" "completion;bash;tally.bash" "completion;zsh;_tally"
                      "completion;fish;tally.fish")
  list(POP_BACK step file)
  execute_process(COMMAND "${TALLY}" ${step} OUTPUT_FILE "${OUT_DIR}/${file}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tally ${step} failed (${rc})")
  endif()
endforeach()
# Debian installs manual pages compressed, without a timestamp in the header.
execute_process(COMMAND gzip -9n -c "${OUT_DIR}/tally.1" OUTPUT_FILE "${OUT_DIR}/tally.1.gz" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip of tally.1 failed (${rc})")
endif()
