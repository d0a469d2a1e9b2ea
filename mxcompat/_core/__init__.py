"""The NDArray type, thread-local autograd state, the tape and backward."""
