"""mx.lr_scheduler against the closed-form schedules (values are also compared with
MXNet's, number for number, in tests/golden/lr_scheduler.json), and with optimizers."""
import math

import numpy as np
import pytest

import mxcompat as mx

S = mx.lr_scheduler


def test_factor_closed_form():
    s = S.FactorScheduler(step=3, factor=0.5, base_lr=0.8)
    for n in range(0, 30):
        k = max(0, (n - 1) // 3)          # one reduction each time n passes count + step
        assert s(n) == pytest.approx(0.8 * 0.5 ** k, rel=1e-12)


def test_factor_floor_and_state():
    s = S.FactorScheduler(step=1, factor=0.1, base_lr=1.0, stop_factor_lr=1e-3)
    assert s(10) == 1e-3
    assert s(2) == 1e-3                    # stateful: going back does not raise it


def test_multifactor_closed_form():
    steps = [4, 9, 15]
    s = S.MultiFactorScheduler(step=steps, factor=0.3, base_lr=2.0)
    for n in range(0, 25):
        k = sum(n > st for st in steps)
        assert s(n) == pytest.approx(2.0 * 0.3 ** k, rel=1e-12)


@pytest.mark.parametrize("warmup", [0, 5])
def test_poly_closed_form(warmup):
    base, final, pwr, max_update = 0.4, 0.02, 2.5, 30
    s = S.PolyScheduler(max_update=max_update, base_lr=base, pwr=pwr, final_lr=final,
                        warmup_steps=warmup, warmup_begin_lr=0.01)
    for n in range(0, 40):
        if n < warmup:
            want = 0.01 + (base - 0.01) * n / warmup
        else:
            m = min(n, max_update)
            want = final + (base - final) * (1 - (m - warmup) / (max_update - warmup)) ** pwr
        assert s(n) == pytest.approx(want, rel=1e-12, abs=1e-15)


def test_cosine_closed_form():
    s = S.CosineScheduler(max_update=20, base_lr=1.0, final_lr=0.1, warmup_steps=4,
                          warmup_begin_lr=0.2, warmup_mode="constant")
    for n in range(0, 30):
        if n < 4:
            want = 0.2
        else:
            m = min(n, 20)
            want = 0.1 + 0.9 * (1 + math.cos(math.pi * (m - 4) / 16)) / 2
        assert s(n) == pytest.approx(want, rel=1e-12)
    assert S.CosineScheduler(max_update=10, base_lr=1.0)(5) == pytest.approx(0.5)


def test_optimizer_follows_scheduler():
    sched = S.FactorScheduler(step=2, factor=0.5, base_lr=0.4)
    opt = mx.optimizer.SGD(lr_scheduler=sched)
    upd = mx.optimizer.get_updater(opt)
    w = mx.nd.zeros((1,))
    seen = []
    for _ in range(6):
        before = w.asnumpy()[0]
        upd(0, mx.nd.ones((1,)), w)
        seen.append(before - w.asnumpy()[0])
    want = [0.4, 0.4, 0.2, 0.2, 0.1, 0.1]
    np.testing.assert_allclose(seen, want, rtol=1e-6)
    assert opt.learning_rate == pytest.approx(0.1)


def test_optimizer_learning_rate_overrides_scheduler(capsys):
    sched = S.PolyScheduler(max_update=10, base_lr=0.5)
    mx.optimizer.SGD(learning_rate=0.2, lr_scheduler=sched)
    assert sched.base_lr == 0.2
    assert "has been overwritten" in capsys.readouterr().out
