"""Golden cases: learning-rate schedules, value by value, recorded with real MXNet 1.9.1.

Each case calls a scheduler on a sequence of ``num_update`` values (including going
back, since MXNet's schedulers keep state) and returns the values as float64; they
must match exactly.
"""
from _common import case

SEQ = "list(range(0, 25)) + [40, 3, 60, 7]"


def sched_case(cid, ctor, seq=SEQ):
    setup = "s = %s\nvals = [s(n) for n in %s]" % (ctor, seq)
    return case(cid, "[nd.array(vals, dtype='float64'), nd.array([s.base_lr], "
                     "dtype='float64')]", setup=setup, rtol=0.0, atol=0.0)


def err_case(cid, code):
    return case(cid, code, error=True)


S = "mx.lr_scheduler."
CASES = [
    sched_case("factor", S + "FactorScheduler(step=3, factor=0.5, base_lr=0.1)"),
    sched_case("factor_stop", S + "FactorScheduler(step=2, factor=0.3, base_lr=1.0, "
                                  "stop_factor_lr=0.01)"),
    sched_case("factor_warmup_linear", S + "FactorScheduler(step=4, factor=0.9, base_lr=0.5, "
               "warmup_steps=5, warmup_begin_lr=0.1)"),
    sched_case("factor_warmup_const", S + "FactorScheduler(step=4, factor=0.9, base_lr=0.5, "
               "warmup_steps=5, warmup_begin_lr=0.1, warmup_mode='constant')"),
    sched_case("factor_jump", S + "FactorScheduler(step=5, factor=0.7)", "[0, 23, 24, 26, 1]"),
    sched_case("multifactor", S + "MultiFactorScheduler(step=[3, 8, 15], factor=0.1, "
               "base_lr=1.0)"),
    sched_case("multifactor_warmup", S + "MultiFactorScheduler(step=[6, 12], factor=0.5, "
               "base_lr=0.2, warmup_steps=4, warmup_begin_lr=0.01)"),
    sched_case("poly", S + "PolyScheduler(max_update=20, base_lr=0.1, pwr=2)"),
    sched_case("poly_final", S + "PolyScheduler(max_update=20, base_lr=0.1, pwr=1.5, "
               "final_lr=0.01)"),
    sched_case("poly_warmup", S + "PolyScheduler(max_update=18, base_lr=0.3, pwr=3, "
               "final_lr=0.02, warmup_steps=6, warmup_begin_lr=0.05)"),
    sched_case("cosine", S + "CosineScheduler(max_update=20, base_lr=0.1)"),
    sched_case("cosine_final_warmup", S + "CosineScheduler(max_update=16, base_lr=0.4, "
               "final_lr=0.05, warmup_steps=3, warmup_begin_lr=0.1)"),
    sched_case("cosine_warmup_const", S + "CosineScheduler(max_update=16, base_lr=0.4, "
               "warmup_steps=3, warmup_begin_lr=0.1, warmup_mode='constant')"),
    err_case("err_warmup_begin", S + "FactorScheduler(step=2, base_lr=0.1, warmup_begin_lr=0.2)"),
    err_case("err_warmup_neg", S + "FactorScheduler(step=2, warmup_steps=-1)"),
    err_case("err_warmup_float", S + "FactorScheduler(step=2, warmup_steps=2.0)"),
    err_case("err_warmup_mode", S + "FactorScheduler(step=2, warmup_mode='cubic')"),
    err_case("err_factor_step", S + "FactorScheduler(step=0)"),
    err_case("err_factor_gt1", S + "FactorScheduler(step=2, factor=1.5)"),
    err_case("err_multi_order", S + "MultiFactorScheduler(step=[5, 3])"),
    err_case("err_multi_zero", S + "MultiFactorScheduler(step=[0, 3])"),
    err_case("err_multi_tuple", S + "MultiFactorScheduler(step=(2, 3))"),
    err_case("err_multi_factor", S + "MultiFactorScheduler(step=[2, 3], factor=2)"),
    err_case("err_poly_max", S + "PolyScheduler(max_update=0)"),
    err_case("err_poly_float", S + "PolyScheduler(max_update=10.0)"),
    err_case("err_cosine_max", S + "CosineScheduler(max_update=0)"),
    err_case("err_base_call", S + "LRScheduler()(3)"),
    err_case("err_warmup_past", S + "LRScheduler(warmup_steps=2).get_warmup_lr(5)"),
]
