"""`njit`: numba's compiler when it is installed, otherwise a decorator that changes nothing.

The solver's loops (flow.py, auction.py) are written so that the same code runs as plain
Python without numba: correct, but only fast enough for a handful of requests.
"""

try:  # optional: compiles the solver's loops to machine code, many times faster
    from numba import njit
except ImportError:  # pragma: no cover - exercised where numba is not installed

    def njit(*args, **kwargs):
        return args[0] if args and callable(args[0]) else (lambda fn: fn)


__all__ = ["njit"]
