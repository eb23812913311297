# rollout.cmake — staged rollouts end to end against kubesim (include from tests/integration/CMakeLists.txt).
if(TARGET chartctl)
  add_test(NAME integration/rollout
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/rollout.sh $<TARGET_FILE:chartctl> $<TARGET_FILE:kubesim> 12)
  set_tests_properties(integration/rollout PROPERTIES TIMEOUT 900 RUN_SERIAL TRUE)
endif()
