#ifndef RETRAIN_SPAWN_H
#define RETRAIN_SPAWN_H
#include <sys/types.h>

/// Starts `path` with `argv`/`envp` in its own process group, in `directory`, with stdin from
/// /dev/null and stdout and stderr both written to `output_fd`. On Linux the child also asks
/// the kernel for SIGKILL when its parent thread dies (PR_SET_PDEATHSIG), so a stage never
/// outlives the coordinator, even one killed with SIGKILL. Call it from a thread that lives as
/// long as the process: the death signal is tied to the thread that forked.
/// Returns the child's pid (also its process group id), or -1 with errno set.
pid_t retrain_spawn(const char *path, char *const argv[], char *const envp[], const char *directory, int output_fd);

#endif
