"""Golden cases: mx.contrib.autograd, MXNet's first autograd API (set_is_training,
train_section/test_section, mark_variables, backward, compute_gradient, grad_and_loss,
grad): the states it sets, the gradients it writes and its errors."""
from _common import arr, case, val

X = val([1.0, -2.0, 3.0])
Y = val([0.5, 4.0, -1.5])
C = "C = mx.contrib.autograd\n"
MARK = C + "gx = nd.zeros_like(x)\nC.mark_variables([x], [gx])\n"

CASES = [
    case("set_is_training_states",
         "[C.set_is_training(True), autograd.is_recording(), autograd.is_training(), "
         "C.set_is_training(False), autograd.is_recording(), autograd.is_training()]",
         setup=C),
    case("train_section_states", "r", setup=C + (
        "with C.train_section():\n"
        "    r = [autograd.is_recording(), autograd.is_training()]\n"
        "    with C.test_section():\n"
        "        r += [autograd.is_recording(), autograd.is_training()]\n"
        "    r += [autograd.is_recording(), autograd.is_training()]\n"
        "r += [autograd.is_recording(), autograd.is_training()]\n")),
    case("train_section_backward", "[gx, y]", x=X, setup=MARK + (
        "with C.train_section():\n"
        "    y = x * x + 2 * x\n"
        "C.backward([y])\n")),
    case("backward_out_grads", "gx", x=X, setup=MARK + (
        "with C.train_section():\n"
        "    y = nd.exp(x) * 3\n"
        "C.backward([y], [nd.array([1.0, 0.5, -2.0])])\n")),
    case("compute_gradient", "gx", x=X, setup=MARK + (
        "with C.train_section():\n"
        "    y = nd.sin(x) * x\n"
        "C.compute_gradient([y])\n")),
    case("backward_two_heads", "[gx, gy]", x=X, y=Y, setup=C + (
        "gx, gy = nd.zeros_like(x), nd.zeros_like(y)\n"
        "C.mark_variables([x, y], [gx, gy])\n"
        "with C.train_section():\n"
        "    u = x * y\n"
        "    v = nd.sum(y * y)\n"
        "C.backward([u, v])\n")),
    case("backward_none_out_grad", "[gx, gy]", x=X, y=Y, setup=C + (
        "gx, gy = nd.zeros_like(x), nd.zeros_like(y)\n"
        "C.mark_variables([x, y], [gx, gy])\n"
        "with C.train_section():\n"
        "    u = x * x\n"
        "    v = y * 3\n"
        "C.backward([u, v], [None, nd.array([1.0, 2.0, -1.0])])\n")),
    case("grad_req_add", "gx", x=X, setup=C + (
        "gx = nd.ones_like(x)\n"
        "C.mark_variables([x], [gx], grad_reqs='add')\n"
        "for _ in range(2):\n"
        "    with C.train_section():\n"
        "        y = x * x\n"
        "    C.backward([y])\n")),
    case("grad_and_loss", "list(g) + [l]", x=X, y=Y, setup=C + (
        "f = C.grad_and_loss(lambda a, b: a * b + nd.exp(a))\n"
        "g, l = f(x, y)\n")),
    case("grad_and_loss_argnum", "list(g) + [l]", x=X, y=Y, setup=C + (
        "f = C.grad_and_loss(lambda a, b: nd.sum(a * b * b), argnum=1)\n"
        "g, l = f(x, y)\n")),
    case("grad_argnum_list", "C.grad(lambda a, b: a / b + a * a, argnum=[0, 1])(x, y)",
         x=X, y=Y, setup=C),
    case("grad_all", "C.grad(lambda a: nd.tanh(a) * 2)(x)", x=arr((2, 3)), setup=C),
    case("grad_dropout_train_mode", "C.grad(lambda a: nd.Dropout(a, p=0.0) * 3)(x)", x=X,
         setup=C),
    case("grad_state_restored", "[autograd.is_recording(), autograd.is_training()]", x=X,
         setup=C + "C.grad(lambda a: a * a)(x)\n"),
    case("backward_not_list_err", "C.backward(y)", error=True, x=X, setup=MARK + (
        "with C.train_section():\n"
        "    y = x * 2\n")),
    case("backward_out_grads_len_err", "C.backward([y], [])", error=True, x=X,
         setup=MARK + "with C.train_section():\n    y = x * 2\n"),
    case("grad_non_ndarray_err", "C.grad(lambda a: a * 2)(3.0)", error=True, setup=C),
    case("mark_bad_req_err", "C.mark_variables([x], [nd.zeros_like(x)], grad_reqs='sum')",
         error=True, x=X, setup=C),
]
