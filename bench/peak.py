"""A process's own peak memory, for benchmarks that run each case in a child process.

On Linux ``ru_maxrss`` of a process started by ``subprocess`` also counts the peak of the process
it was started from: the kernel carries the old image's high-water mark across ``exec``, so a
parent that generated a big input makes every child look as big (a 1 M-row month read 333 MB so,
its own peak being 193 MB). ``VmHWM`` in ``/proc/self/status`` is the process's own.
"""

from __future__ import annotations

import resource


def peak_rss_mb() -> float:
    """This process's own peak resident memory in MB (``ru_maxrss`` where there is no ``/proc``)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
