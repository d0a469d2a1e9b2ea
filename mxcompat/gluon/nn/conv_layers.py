"""Convolution and pooling layers: Conv1D/2D/3D, their transposes, Max/Avg pooling,
global pooling and ReflectionPad2D.

Names and reprs follow MXNet 1.9.1: convolutions are prefixed ``conv``, pooling layers
``pool``; a convolution's weight is ``(channels, in_channels/groups, *kernel)``
(``(channels, *kernel, in_channels/groups)`` in channel-last layouts, and
``(in_channels, channels/groups, *kernel)`` for the transposes), with
``in_channels=0`` left unknown until the first input arrives. The repr prints
``weight.shape[1] -> weight.shape[0]``, as MXNet's does (so a transposed layer shows
``channels -> in_channels``).
"""
from ..block import HybridBlock
from .activations import Activation

__all__ = ["Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
           "Conv3DTranspose", "MaxPool1D", "MaxPool2D", "MaxPool3D", "AvgPool1D",
           "AvgPool2D", "AvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D", "GlobalMaxPool3D",
           "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "ReflectionPad2D"]


def _is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) or hasattr(v, "dtype")


def _ntuple(value, n):
    """A number repeated n times; a tuple or list kept as given (MXNet prints it so)."""
    if _is_number(value):
        return (value,) * n
    return value


def _check_layout(layout, allowed, message):
    if layout not in allowed:
        raise AssertionError(message)


class _Conv(HybridBlock):
    """Shared implementation of the convolution layers (``op_name`` Convolution or
    Deconvolution)."""

    def __init__(self, channels, kernel_size, strides, padding, dilation, groups, layout,
                 in_channels=0, activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", op_name="Convolution", adj=None, prefix=None,
                 params=None):
        super().__init__(prefix=prefix, params=params)
        with self.name_scope():
            n = len(kernel_size)
            self._channels = channels
            self._in_channels = in_channels
            self._op_name = op_name
            self._kwargs = {
                "kernel": kernel_size, "stride": _ntuple(strides, n),
                "dilate": _ntuple(dilation, n), "pad": _ntuple(padding, n),
                "num_filter": channels, "num_group": groups, "no_bias": not use_bias,
                "layout": layout}
            if adj is not None:
                self._kwargs["adj"] = adj
            self.weight = self.params.get("weight", shape=self._weight_shape(in_channels),
                                          init=weight_initializer, allow_deferred_init=True)
            if use_bias:
                self.bias = self.params.get("bias", shape=(channels,), init=bias_initializer,
                                            allow_deferred_init=True)
            else:
                self.bias = None
            self.act = Activation(activation, prefix=activation + "_") \
                if activation is not None else None

    def _weight_shape(self, in_channels):
        k = self._kwargs
        g = k["num_group"]
        kernel = tuple(k["kernel"])
        if self._op_name == "Deconvolution":
            return (in_channels, self._channels // g) + kernel
        if k["layout"][1] == "C":
            return (self._channels, in_channels // g) + kernel
        return (self._channels,) + kernel + (in_channels // g,)

    def infer_shape(self, x, *args):
        self.weight.shape = self._weight_shape(x.shape[self._kwargs["layout"].find("C")])

    def hybrid_forward(self, F, x, weight, bias=None):
        op = getattr(F, self._op_name)
        if bias is None:
            out = op(x, weight, **self._kwargs)
        else:
            out = op(x, weight, bias, **self._kwargs)
        if self.act is not None:
            out = self.act(out)
        return out

    def _alias(self):
        return "conv"

    def __repr__(self):
        k = self._kwargs
        n = len(k["kernel"])
        s = "{name}({mapping}, kernel_size={kernel}, stride={stride}"
        if k["pad"] != (0,) * n:
            s += ", padding={pad}"
        if k["dilate"] != (1,) * n:
            s += ", dilation={dilate}"
        # NOTE: MXNet looks for ``out_pad`` but stores ``outpad``, so output_padding is
        # never printed; kept that way.
        if k["num_group"] != 1:
            s += ", groups={num_group}"
        if self.bias is None:
            s += ", bias=False"
        if self.act:
            s += f", {self.act}"
        s += ")"
        shape = self.weight.shape
        mapping = f"{shape[1] if shape[1] else None} -> {shape[0]}"
        return s.format(name=self.__class__.__name__, mapping=mapping, **k)


def _kernel(kernel_size, n):
    if _is_number(kernel_size):
        kernel_size = (kernel_size,) * n
    assert len(kernel_size) == n, f"kernel_size must be a number or a list of {n} ints"
    return kernel_size


def _out_pad(output_padding, n):
    if _is_number(output_padding):
        output_padding = (output_padding,) * n
    assert len(output_padding) == n, \
        f"output_padding must be a number or a list of {n} ints"
    return output_padding


class Conv1D(_Conv):
    """1-D convolution over (batch, channels, width) data."""

    def __init__(self, channels, kernel_size, strides=1, padding=0, dilation=1, groups=1,
                 layout="NCW", activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        _check_layout(layout, ("NCW",), "Only supports 'NCW' layout for now")
        kwargs.pop("op_name", None)
        super().__init__(channels, _kernel(kernel_size, 1), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Convolution", **kwargs)


class Conv2D(_Conv):
    """2-D convolution over NCHW (or NHWC) images."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 dilation=(1, 1), groups=1, layout="NCHW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"), "Only supports 'NCHW' and 'NHWC' layout for now")
        kwargs.pop("op_name", None)
        super().__init__(channels, _kernel(kernel_size, 2), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Convolution", **kwargs)


class Conv3D(_Conv):
    """3-D convolution over NCDHW (or NDHWC) volumes."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0),
                 dilation=(1, 1, 1), groups=1, layout="NCDHW", activation=None,
                 use_bias=True, weight_initializer=None, bias_initializer="zeros",
                 in_channels=0, **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"),
                      "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kwargs.pop("op_name", None)
        super().__init__(channels, _kernel(kernel_size, 3), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Convolution", **kwargs)


class Conv1DTranspose(_Conv):
    """1-D transposed convolution (Deconvolution); ``output_padding`` adds to the
    output width."""

    def __init__(self, channels, kernel_size, strides=1, padding=0, output_padding=0,
                 dilation=1, groups=1, layout="NCW", activation=None, use_bias=True,
                 weight_initializer=None, bias_initializer="zeros", in_channels=0,
                 **kwargs):
        _check_layout(layout, ("NCW",), "Only supports 'NCW' layout for now")
        kwargs.pop("op_name", None)
        adj = _out_pad(output_padding, 1)
        super().__init__(channels, _kernel(kernel_size, 1), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Deconvolution", adj, **kwargs)
        self.outpad = adj


class Conv2DTranspose(_Conv):
    """2-D transposed convolution (Deconvolution); ``output_padding`` adds to the
    output height and width."""

    def __init__(self, channels, kernel_size, strides=(1, 1), padding=(0, 0),
                 output_padding=(0, 0), dilation=(1, 1), groups=1, layout="NCHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"), "Only supports 'NCHW' and 'NHWC' layout for now")
        kwargs.pop("op_name", None)
        adj = _out_pad(output_padding, 2)
        super().__init__(channels, _kernel(kernel_size, 2), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Deconvolution", adj, **kwargs)
        self.outpad = adj


class Conv3DTranspose(_Conv):
    """3-D transposed convolution (Deconvolution); ``output_padding`` adds to the
    output depth, height and width."""

    def __init__(self, channels, kernel_size, strides=(1, 1, 1), padding=(0, 0, 0),
                 output_padding=(0, 0, 0), dilation=(1, 1, 1), groups=1, layout="NCDHW",
                 activation=None, use_bias=True, weight_initializer=None,
                 bias_initializer="zeros", in_channels=0, **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"),
                      "Only supports 'NCDHW' and 'NDHWC' layout for now")
        kwargs.pop("op_name", None)
        adj = _out_pad(output_padding, 3)
        super().__init__(channels, _kernel(kernel_size, 3), strides, padding, dilation,
                         groups, layout, in_channels, activation, use_bias,
                         weight_initializer, bias_initializer, "Deconvolution", adj, **kwargs)
        self.outpad = adj


# -------------------------------------------------------------------- pooling
class _Pooling(HybridBlock):
    """Shared implementation of the pooling layers."""

    def __init__(self, pool_size, strides, padding, ceil_mode, global_pool, pool_type,
                 layout, count_include_pad=None, **kwargs):
        super().__init__(**kwargs)
        n = len(pool_size)
        if strides is None:
            strides = pool_size
        self._kwargs = {
            "kernel": pool_size, "stride": _ntuple(strides, n),
            "pad": _ntuple(padding, n), "global_pool": global_pool, "pool_type": pool_type,
            "layout": layout, "pooling_convention": "full" if ceil_mode else "valid"}
        if count_include_pad is not None:
            self._kwargs["count_include_pad"] = count_include_pad

    def _alias(self):
        return "pool"

    def hybrid_forward(self, F, x):
        return F.Pooling(x, **self._kwargs)

    def __repr__(self):
        k = self._kwargs
        return (f"{self.__class__.__name__}(size={k['kernel']}, stride={k['stride']}, "
                f"padding={k['pad']}, ceil_mode={k['pooling_convention'] == 'full'}, "
                f"global_pool={k['global_pool']}, pool_type={k['pool_type']}, "
                f"layout={k['layout']})")


def _pool_size(pool_size, n):
    if _is_number(pool_size):
        pool_size = (pool_size,) * n
    assert len(pool_size) == n, f"pool_size must be a number or a list of {n} ints"
    return pool_size


def _layouts_msg(n, layouts):
    return f"Only {' and '.join(layouts)} layouts are valid for {n}D Pooling"


class MaxPool1D(_Pooling):
    """Max pooling of (batch, channels, width) data."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 **kwargs):
        _check_layout(layout, ("NCW", "NWC"), _layouts_msg(1, ("NCW", "NWC")))
        super().__init__(_pool_size(pool_size, 1), strides, padding, ceil_mode, False, "max",
                         layout, **kwargs)


class MaxPool2D(_Pooling):
    """Max pooling of NCHW (or NHWC) images."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, layout="NCHW",
                 ceil_mode=False, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"), _layouts_msg(2, ("NCHW", "NHWC")))
        super().__init__(_pool_size(pool_size, 2), strides, padding, ceil_mode, False, "max",
                         layout, **kwargs)


class MaxPool3D(_Pooling):
    """Max pooling of NCDHW (or NDHWC) volumes."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"), _layouts_msg(3, ("NCDHW", "NDHWC")))
        super().__init__(_pool_size(pool_size, 3), strides, padding, ceil_mode, False, "max",
                         layout, **kwargs)


class AvgPool1D(_Pooling):
    """Average pooling of (batch, channels, width) data; ``count_include_pad`` counts
    the padding in each window's size."""

    def __init__(self, pool_size=2, strides=None, padding=0, layout="NCW", ceil_mode=False,
                 count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCW", "NWC"), _layouts_msg(1, ("NCW", "NWC")))
        super().__init__(_pool_size(pool_size, 1), strides, padding, ceil_mode, False, "avg",
                         layout, count_include_pad, **kwargs)


class AvgPool2D(_Pooling):
    """Average pooling of NCHW (or NHWC) images; ``count_include_pad`` counts the
    padding in each window's size."""

    def __init__(self, pool_size=(2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCHW", count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCHW", "NHWC"), _layouts_msg(2, ("NCHW", "NHWC")))
        super().__init__(_pool_size(pool_size, 2), strides, padding, ceil_mode, False, "avg",
                         layout, count_include_pad, **kwargs)


class AvgPool3D(_Pooling):
    """Average pooling of NCDHW (or NDHWC) volumes; ``count_include_pad`` counts the
    padding in each window's size."""

    def __init__(self, pool_size=(2, 2, 2), strides=None, padding=0, ceil_mode=False,
                 layout="NCDHW", count_include_pad=True, **kwargs):
        _check_layout(layout, ("NCDHW", "NDHWC"), _layouts_msg(3, ("NCDHW", "NDHWC")))
        super().__init__(_pool_size(pool_size, 3), strides, padding, ceil_mode, False, "avg",
                         layout, count_include_pad, **kwargs)


_GLOBAL_LAYOUTS = {1: ("NCW", "NWC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


class _GlobalPooling(_Pooling):
    _n = 2
    _type = "max"

    def __init__(self, layout=None, **kwargs):
        layouts = _GLOBAL_LAYOUTS[self._n]
        layout = layouts[0] if layout is None else layout
        _check_layout(layout, layouts, _layouts_msg(self._n, layouts))
        super().__init__((1,) * self._n, None, 0, True, True, self._type, layout, **kwargs)


class GlobalMaxPool1D(_GlobalPooling):
    """Max over the whole width of (batch, channels, width) data."""
    _n, _type = 1, "max"


class GlobalMaxPool2D(_GlobalPooling):
    """Max over the whole height and width of NCHW (or NHWC) images."""
    _n, _type = 2, "max"


class GlobalMaxPool3D(_GlobalPooling):
    """Max over the whole volume of NCDHW (or NDHWC) data."""
    _n, _type = 3, "max"


class GlobalAvgPool1D(_GlobalPooling):
    """Average over the whole width of (batch, channels, width) data."""
    _n, _type = 1, "avg"


class GlobalAvgPool2D(_GlobalPooling):
    """Average over the whole height and width of NCHW (or NHWC) images."""
    _n, _type = 2, "avg"


class GlobalAvgPool3D(_GlobalPooling):
    """Average over the whole volume of NCDHW (or NDHWC) data."""
    _n, _type = 3, "avg"


class ReflectionPad2D(HybridBlock):
    """Pad the height and width of NCHW data by reflecting it at the borders; an int
    pads all four sides by that much, or give MXNet's 8-entry ``pad_width``."""

    def __init__(self, padding=0, **kwargs):
        super().__init__(**kwargs)
        if _is_number(padding):
            padding = (0, 0, 0, 0, padding, padding, padding, padding)
        assert len(padding) == 8
        self._padding = padding

    def hybrid_forward(self, F, x):
        return F.pad(x, mode="reflect", pad_width=self._padding)
