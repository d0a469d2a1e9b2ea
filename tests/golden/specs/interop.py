"""Golden cases: MXNet's DLPack and from_numpy semantics (memory sharing, dtypes, errors).

Each case shares memory one way or the other, writes through one side and returns what
the other side sees. (MXNet runs ops asynchronously and does not order a write through
one NDArray before a read through another that shares its memory: the cases wait.)
"""
from _common import arr, case

CASES = [
    # ------------------------------------------------------------- DLPack
    case("dlpack_write_shares", "[x, u]", setup="w = x.to_dlpack_for_write()\n"
         "u = nd.from_dlpack(w)\nu += 1\nnd.waitall()", x=arr((2, 3))),
    case("dlpack_read_shares", "[x, z]",
         setup="z = nd.from_dlpack(nd.to_dlpack_for_read(x))\nz[0, 0] = 9\nnd.waitall()",
         x=arr((2, 3))),
    case("dlpack_function_write", "[x, u]", setup="u = nd.from_dlpack("
         "nd.to_dlpack_for_write(x))\nu[:] = 5\nnd.waitall()", x=arr((4,))),
    case("dlpack_int32", "[nd.from_dlpack(x.to_dlpack_for_read())]",
         x=arr((3, 2), "int32", integer=True, lo=-5, hi=5)),
    case("dlpack_float64", "[nd.from_dlpack(x.to_dlpack_for_read())]",
         x=arr((5,), "float64")),
    case("dlpack_capsule_type", "type(x.to_dlpack_for_read()).__name__", x=arr((2,))),
    case("dlpack_consumed_twice", "nd.from_dlpack(p)", error=True,
         setup="p = x.to_dlpack_for_read()\nnd.from_dlpack(p)", x=arr((2,))),
    case("dlpack_not_a_capsule", "nd.from_dlpack(3)", error=True),
    # ---------------------------------------------------------- from_numpy
    case("from_numpy_shares_writes", "[nd.array(n), m, n.flags.writeable]",
         setup="n = onp.arange(6, dtype='float32').reshape(2, 3)\n"
               "m = nd.from_numpy(n)\nm[0, 1] = 9\nm += 1\nm[1] = nd.array([4, 5, 6])\n"
               "m.wait_to_read()"),
    case("from_numpy_whole_write", "[nd.array(n), m]",
         setup="n = onp.ones((3, 2), dtype='float32')\nm = nd.from_numpy(n)\nm[:] = 7\n"
               "m.wait_to_read()"),
    case("from_numpy_again", "[nd.array(n), m2]",
         setup="n = onp.arange(4, dtype='float32')\nm1 = nd.from_numpy(n)\n"
               "m2 = nd.from_numpy(n)\nm2[2] = 100\nm2.wait_to_read()"),
    case("from_numpy_float64", "[m, m.dtype.__name__]",
         setup="m = nd.from_numpy(onp.linspace(0, 1, 5))"),
    case("from_numpy_bool", "[m]", setup="m = nd.from_numpy(onp.array([True, False]))"),
    case("from_numpy_0d_and_empty", "[a, b, a.shape, b.shape]",
         setup="a = nd.from_numpy(onp.array((1,)).reshape(()))\n"
               "b = nd.from_numpy(onp.zeros((1, 0, 2), dtype='float32'))"),
    case("from_numpy_copy", "[nd.array(n), m, m.dtype.__name__, n.flags.writeable]",
         setup="n = onp.arange(3, dtype='float16')\nm = nd.from_numpy(n, zero_copy=False)\n"
               "m[0] = 5\nm.wait_to_read()"),
    case("from_numpy_copy_int8", "[m, m.dtype.__name__]",
         setup="m = nd.from_numpy(onp.arange(3, dtype='int8'), zero_copy=False)"),
    case("from_numpy_int8_error", "nd.from_numpy(onp.arange(3, dtype='int8'))", error=True),
    case("from_numpy_not_contiguous", "nd.from_numpy(onp.ones((3, 2)).transpose())",
         error=True),
]
