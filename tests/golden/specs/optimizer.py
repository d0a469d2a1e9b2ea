"""Golden cases: several steps of every optimizer, recorded with real MXNet 1.9.1.

Each case creates the optimizer with ``mx.optimizer.create``, runs ``STEPS`` updates of
two weights (a 3x4 matrix and a 5-vector, or 5x2) through ``get_updater`` (or ``opt.update``
directly) with a fixed cycle of gradients, and returns both weights, every optimizer
state array and, where the update writes into them (AdaDelta), the gradients.
"""
from _common import arr, case

STEPS = 4

_SETUP = """
opt = mx.optimizer.create(%(name)r, %(kw)s)
%(extra)s
def flat(s):
    if s is None:
        return []
    if isinstance(s, (tuple, list)):
        out = []
        for x in s:
            out.extend(flat(x))
        return out
    return [s]
grads = [(ga, gb), (gc, gd), (ge, gf)]
%(run)s
lr_seen = [opt.learning_rate]
"""

_UPDATER = """
upd = mx.optimizer.get_updater(opt)
for step in range(%(steps)d):
    g1, g2 = grads[step %% 3]
    upd([0, 1], [g1, g2], [w, v])
states = [upd.states[0], upd.states[1]]
"""

_SINGLE = """
upd = mx.optimizer.get_updater(opt)
for step in range(%(steps)d):
    g1, g2 = grads[step %% 3]
    upd(0, g1, w)
    upd(1, g2, v)
states = [upd.states[0], upd.states[1]]
"""

_DIRECT = """
states = [opt.create_state_multi_precision(0, w), opt.create_state_multi_precision(1, v)]
for step in range(%(steps)d):
    g1, g2 = grads[step %% 3]
    opt.update_multi_precision(0, w, g1, states[0])
    opt.update_multi_precision(1, v, g2, states[1])
"""

_RUNNERS = {"updater": _UPDATER, "single": _SINGLE, "direct": _DIRECT}


def opt_case(cid, name, kw="", dtype="float32", run="updater", steps=STEPS, rtol=1e-6,
             atol=1e-7, grads_out=False, positive=False, extra="", vshape=(5,)):
    setup = _SETUP % {"name": name, "kw": kw, "extra": extra,
                      "run": _RUNNERS[run] % {"steps": steps}}
    code = "[w, v] + flat(states) + [nd.array(lr_seen, dtype='float64')]"
    if grads_out:
        code += " + [ga, gb, gc, gd, ge, gf]"
    if dtype == "float16":
        rtol, atol = 2e-3, 2e-3
    inputs = {"w": arr((3, 4), dtype, seed=1, positive=positive),
              "v": arr(vshape, dtype, seed=2, positive=positive)}
    for k, nm in enumerate("abcdef"):
        inputs["g" + nm] = arr((3, 4) if k % 2 == 0 else vshape, dtype, seed=10 + k)
    return case(cid, code, setup=setup, rtol=rtol, atol=atol, **inputs)


CASES = [
    # ---- SGD
    opt_case("sgd_plain", "sgd", "learning_rate=0.1"),
    opt_case("sgd_mom_wd", "sgd", "learning_rate=0.1, momentum=0.9, wd=0.01"),
    opt_case("sgd_clip_rescale", "sgd",
             "learning_rate=0.05, momentum=0.8, wd=0.002, clip_gradient=0.7, "
             "rescale_grad=0.5"),
    opt_case("sgd_clip_nomom", "sgd", "learning_rate=0.05, clip_gradient=0.3, wd=0.1"),
    opt_case("sgd_single", "sgd", "learning_rate=0.1, momentum=0.9", run="single"),
    opt_case("sgd_direct", "sgd", "learning_rate=0.1, momentum=0.5, wd=0.03", run="direct"),
    opt_case("sgd_sched", "sgd",
             "momentum=0.9, lr_scheduler=mx.lr_scheduler.FactorScheduler(step=1, "
             "factor=0.5, base_lr=0.2)", steps=5),
    opt_case("sgd_poly_warmup", "sgd",
             "lr_scheduler=mx.lr_scheduler.PolyScheduler(max_update=6, base_lr=0.3, "
             "pwr=2, warmup_steps=2, warmup_begin_lr=0.05)", steps=5),
    opt_case("sgd_idx2name", "sgd",
             "learning_rate=0.1, wd=0.1, momentum=0.9, "
             "param_idx2name={0: 'fc_weight', 1: 'fc_bias'}"),
    opt_case("sgd_lr_mult", "sgd",
             "learning_rate=0.1, wd=0.1, param_idx2name={0: 'a_weight', 1: 'b_gamma'}"),
    opt_case("sgd_begin_num_update", "sgd",
             "learning_rate=0.1, begin_num_update=7, lr_scheduler="
             "mx.lr_scheduler.MultiFactorScheduler(step=[8, 10], factor=0.1, base_lr=0.1)"),
    opt_case("sgd_mp_fp16", "sgd", "learning_rate=0.1, momentum=0.9, wd=0.01, "
             "multi_precision=True", dtype="float16"),
    opt_case("sgd_mp_fp16_nomom", "sgd", "learning_rate=0.1, multi_precision=True",
             dtype="float16"),
    opt_case("sgd_fp16", "sgd", "learning_rate=0.1, momentum=0.9", dtype="float16"),
    opt_case("sgd_fp64", "sgd", "learning_rate=0.1, momentum=0.9, wd=0.01",
             dtype="float64", rtol=1e-7, atol=1e-9),
    opt_case("ccsgd", "ccsgd", "learning_rate=0.1, momentum=0.9"),
    # ---- NAG
    opt_case("nag_mom", "nag", "learning_rate=0.1, momentum=0.9, wd=0.01"),
    opt_case("nag_nomom", "nag", "learning_rate=0.1, wd=0.01, rescale_grad=0.5"),
    opt_case("nag_clip", "nag", "learning_rate=0.1, momentum=0.7, clip_gradient=0.5"),
    opt_case("nag_mp_fp16", "nag", "learning_rate=0.1, momentum=0.9, multi_precision=True",
             dtype="float16"),
    # ---- Adam
    opt_case("adam", "adam", ""),
    opt_case("adam_wd_clip", "adam",
             "learning_rate=0.01, wd=0.1, clip_gradient=0.5, rescale_grad=2.0, "
             "beta1=0.8, beta2=0.99, epsilon=1e-6"),
    opt_case("adam_direct", "adam", "learning_rate=0.01", run="direct"),
    opt_case("adam_mp_fp16", "adam", "learning_rate=0.01, multi_precision=True",
             dtype="float16"),
    opt_case("adam_sched", "adam",
             "lr_scheduler=mx.lr_scheduler.CosineScheduler(max_update=5, base_lr=0.02, "
             "final_lr=0.001)", steps=6),
    # ---- AdaGrad
    opt_case("adagrad", "adagrad", "learning_rate=0.1"),
    opt_case("adagrad_clip_wd", "adagrad",
             "learning_rate=0.1, wd=0.05, clip_gradient=0.6, rescale_grad=0.5, eps=1e-5"),
    # ---- RMSProp
    opt_case("rmsprop", "rmsprop", "learning_rate=0.01"),
    opt_case("rmsprop_clip", "rmsprop",
             "learning_rate=0.01, gamma1=0.8, wd=0.01, clip_gradient=0.5, "
             "clip_weights=1.0, rescale_grad=2.0"),
    opt_case("rmsprop_centered", "rmsprop",
             "learning_rate=0.01, centered=True, gamma1=0.95, gamma2=0.8"),
    opt_case("rmsprop_centered_clip", "rmsprop",
             "learning_rate=0.02, centered=True, clip_gradient=0.4, clip_weights=1.5, "
             "wd=0.02, epsilon=1e-4"),
    # ---- AdaDelta (writes the rescaled gradient back into the gradient array)
    opt_case("adadelta", "adadelta", "", grads_out=True),
    opt_case("adadelta_rescale_clip", "adadelta",
             "rho=0.8, epsilon=1e-4, wd=0.01, rescale_grad=0.9, clip_gradient=0.8",
             grads_out=True),
    # ---- Adamax / Nadam
    opt_case("adamax", "adamax", ""),
    opt_case("adamax_clip", "adamax", "learning_rate=0.01, wd=0.02, clip_gradient=0.5, "
             "rescale_grad=1.5"),
    opt_case("nadam", "nadam", ""),
    opt_case("nadam_clip", "nadam", "learning_rate=0.01, wd=0.02, clip_gradient=0.5, "
             "schedule_decay=0.01"),
    opt_case("nadam_single", "nadam", "learning_rate=0.01", run="single"),
    # ---- FTML / Ftrl
    opt_case("ftml", "ftml", "learning_rate=0.01"),
    opt_case("ftml_clip", "ftml", "learning_rate=0.01, wd=0.01, clip_gradient=0.5, "
             "beta1=0.5"),
    opt_case("ftrl", "ftrl", ""),
    opt_case("ftrl_clip", "ftrl", "learning_rate=0.2, lamda1=0.05, beta=0.5, wd=0.01, "
             "clip_gradient=0.9, rescale_grad=0.5"),
    # ---- Signum / signSGD
    opt_case("signum", "signum", "learning_rate=0.01, wd=0.01"),
    opt_case("signum_clip_wdlh", "signum",
             "learning_rate=0.01, momentum=0.8, clip_gradient=0.5, wd_lh=0.1, "
             "rescale_grad=2.0"),
    opt_case("signsgd", "signum", "learning_rate=0.01, momentum=0.0, wd=0.05"),
    # ---- LAMB / LARS / DCASGD / Test
    opt_case("lamb", "lamb", "learning_rate=0.01, wd=0.01"),
    opt_case("lamb_direct", "lamb", "learning_rate=0.01, wd=0.01", run="direct"),
    opt_case("lamb_bounds", "lamb",
             "learning_rate=0.01, lower_bound=0.5, upper_bound=1.2, clip_gradient=0.5, "
             "bias_correction=False", run="direct"),
    opt_case("lars", "lars", "learning_rate=0.1, momentum=0.9, wd=0.01, eta=0.01"),
    opt_case("lars_names", "lars",
             "learning_rate=0.1, momentum=0.9, wd=0.01, "
             "param_idx2name={0: 'fc_weight', 1: 'fc_bias'}, "
             "lr_scheduler=mx.lr_scheduler.FactorScheduler(step=2, factor=0.5, "
             "base_lr=0.1)"),
    opt_case("lbsgd", "lbsgd", "learning_rate=0.1, momentum=0.9, wd=0.01"),
    opt_case("lbsgd_accumulate", "lbsgd",
             "learning_rate=0.1, momentum=0.9, batch_scale=2, warmup_epochs=1, "
             "updates_per_epoch=3", steps=7),
    opt_case("lbsgd_power2", "lbsgd",
             "learning_rate=0.1, batch_scale=3, warmup_strategy='power2', warmup_epochs=2, "
             "updates_per_epoch=4, clip_gradient=0.5, rescale_grad=0.5", steps=9),
    opt_case("lbsgd_lars", "lbsgd",
             "learning_rate=0.1, momentum=0.5, wd=0.01, warmup_strategy='lars'"),
    opt_case("lbsgd_mp_fp16", "lbsgd", "learning_rate=0.1, momentum=0.9, "
             "multi_precision=True", dtype="float16"),
    opt_case("dcasgd", "dcasgd", "learning_rate=0.1, wd=0.01, lamda=0.1"),
    opt_case("dcasgd_clip", "dcasgd", "learning_rate=0.1, clip_gradient=0.5, "
             "rescale_grad=2.0"),
    opt_case("test_opt", "test", "rescale_grad=0.5"),
    opt_case("group_adagrad", "groupadagrad", "learning_rate=0.1, eps=1e-4", vshape=(5, 2)),
    opt_case("group_adagrad_clip", "groupadagrad",
             "learning_rate=0.1, clip_gradient=0.5, rescale_grad=2.0", run="direct",
             vshape=(5, 2)),
    case("group_adagrad_1d", "opt.create_state(0, nd.ones((3,)))",
         setup="opt = mx.optimizer.contrib.GroupAdaGrad()", error=True),
    case("group_adagrad_wd", "opt.update(0, w, w, opt.create_state(0, w))",
         setup="opt = mx.optimizer.contrib.GroupAdaGrad(wd=0.1)\nw = nd.ones((2, 2))",
         error=True),
    # ---- multipliers
    opt_case("lr_wd_mult_by_name", "sgd",
             "learning_rate=0.1, wd=0.1, param_idx2name={0: 'a_weight', 1: 'b_weight'}",
             extra="opt.set_lr_mult({'a_weight': 0.5}); opt.set_wd_mult({'b_weight': 3.0})"),
    opt_case("lr_wd_mult_by_index", "adam",
             "learning_rate=0.1, wd=0.1",
             extra="opt.set_lr_mult({1: 0.25}); opt.set_wd_mult({0: 0.0})"),
    opt_case("set_learning_rate", "sgd", "learning_rate=0.1, momentum=0.9",
             extra="opt.set_learning_rate(0.02)"),
    case("wd_mult_rule", "sorted(mx.optimizer.create('sgd', param_idx2name={0: 'fc_weight', "
         "1: 'fc_bias', 2: 'bn_gamma', 3: 'bn_beta', 4: 'weight', 5: 'bn_running_mean', "
         "6: 'x_weight_1'}).wd_mult.items())"),
    case("wd_mult_rule_lars", "sorted(mx.optimizer.create('lars', param_idx2name={0: "
         "'fc_weight', 1: 'fc_bias', 2: 'bn_gamma'}).wd_mult.items())"),
    case("get_lrs", "[opt._get_lr(0), opt._get_lr(1), opt._get_lr(2), opt._get_wd(0), "
         "opt._get_wd(1), opt._get_wd(2)]", setup="""
opt = mx.optimizer.create('sgd', learning_rate=0.5, wd=0.2,
                          param_idx2name={0: 'a_weight', 1: 'a_bias', 2: 'c_gamma'})
opt.set_lr_mult({'a_bias': 2.0, 2: 0.1})
"""),
    case("defaults", "[type(o).__name__ for o in opts] + [o.learning_rate for o in opts] + "
         "[o.aggregate_num for o in opts]",
         setup="opts = [mx.optimizer.create(n) for n in ['sgd', 'Adam', 'NAG', 'rmsprop', "
               "'adagrad', 'adadelta', 'ftrl', 'adamax', 'nadam', 'signum', 'ftml', 'lamb', "
               "'lars', 'dcasgd', 'sgld', 'ccsgd', 'test']]"),
    case("num_update_after_steps", "[opt.num_update, sorted(opt._index_update_count.items())]",
         setup="""
opt = mx.optimizer.create('sgd', learning_rate=0.1, begin_num_update=3)
upd = mx.optimizer.get_updater(opt)
w = nd.ones((2,)); g = nd.ones((2,))
upd(0, g, w); upd(0, g, w); upd(5, g, w)
"""),
    case("create_unknown", "mx.optimizer.create('nonexistent')", error=True),
    case("set_lr_with_scheduler", "opt.set_learning_rate(0.1)", error=True,
         setup="opt = mx.optimizer.SGD(lr_scheduler=mx.lr_scheduler.FactorScheduler(2))"),
    case("base_update", "mx.optimizer.Optimizer().update(0, nd.ones(2), nd.ones(2), None)",
         error=True),
    case("idx2name_not_dict", "mx.optimizer.SGD(param_idx2name=[1, 2])", error=True),
]
