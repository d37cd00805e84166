"""Exercises of lesson 11 (training faster and on more machines).

* 11.1 (predict): is an epoch in ``mixed_float16`` faster, about the same or slower than float32 on this CPU?
* 11.2 (code): the all-reduce that turns per-replica gradients (each the gradient of its slice's mean
  loss, slices of any size) into the gradient of the combined batch's mean loss.
* 11.3 (code): the global batch and the learning rate the linear scaling rule gives.
* 11.4 (code): the estimated speed-up of N devices, Amdahl's law plus a ring all-reduce.

The code exercises run the learner's function on hidden inputs generated here with a fixed seed,
against the reference functions below; the hints name the usual slips. Expected values are
computed here, never typed in.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..check import as_number, check_function, register, register_prediction

# ----------------------------------------------------------------------------------- 11.1

BAND_11_1 = 0.15


def option_11_1(speedup: float) -> str:
    """The option of exercise 11.1 that a measured speed-up of ``mixed_float16`` over float32 shows:
    ``"a"`` faster by more than 15%, ``"b"`` within 15%, ``"c"`` slower by more than 15%.

    Example:
        >>> option_11_1(1.4), option_11_1(0.95), option_11_1(0.5)
        ('a', 'b', 'c')
    """
    value = as_number(speedup, "speed-up")
    if value > 1 + BAND_11_1:
        return "a"
    return "c" if value < 1 / (1 + BAND_11_1) else "b"


register_prediction(
    "11.1",
    options={
        "a": "clearly faster (more than 15%)",
        "b": "about the same (within 15%)",
        "c": "clearly slower (more than 15%)",
    },
    answer="c",
    why=(
        "a CPU without float16 matrix units (most x86 CPUs, the course's test machine among them) converts every "
        "float16 tensor to float32 for the arithmetic and back for storage, and the casts between the float32 "
        "weights and the float16 layers come on top. Half the "
        "bytes only pays where the hardware computes in 16 bits (GPU tensor cores, TPUs, CPUs with AMX or "
        "AVX-512 FP16): there the same line makes training faster."
    ),
)


# ----------------------------------------------------------------------------------- 11.2


def all_reduce_mean(replica_gradients: Any, slice_sizes: Any) -> np.ndarray:
    """The gradient of the mean loss over the combined batch, from the replicas' gradients of their
    own slices' mean losses: the mean of the rows weighted by the slice sizes,
    ``sum_r n_r g_r / sum_r n_r``.

    Example:
        >>> all_reduce_mean([[1.0, 2.0], [3.0, 6.0]], [1, 3]).tolist()
        [2.5, 5.0]
    """
    grads = np.asarray(replica_gradients, dtype=np.float64)
    sizes = np.asarray(slice_sizes, dtype=np.float64)
    return (sizes[:, None] * grads).sum(axis=0) / sizes.sum()


_RNG_11_2 = np.random.default_rng(1102)
_CASES_11_2 = [
    (_RNG_11_2.normal(size=(2, 5)), np.array([32, 32])),  # equal slices
    (_RNG_11_2.normal(size=(2, 7)), np.array([64, 16])),  # the last batch of an epoch, split unevenly
    (_RNG_11_2.normal(size=(4, 3)), np.array([10, 20, 5, 1])),
    (_RNG_11_2.normal(size=(8, 6)), np.array([8, 8, 8, 8, 8, 8, 8, 3])),
    (_RNG_11_2.normal(size=(3, 4)), np.array([5, 7, 11])),
]


def _all_reduce_by_sums(replica_gradients: Any, slice_sizes: Any) -> np.ndarray:
    """Another right way: rebuild each replica's loss sum's gradient, all-reduce by a sum, divide by the total."""
    sums = [n * np.asarray(g, dtype=np.float64) for g, n in zip(replica_gradients, slice_sizes)]
    return np.sum(sums, axis=0) / np.sum(slice_sizes)


_VARIANTS_11_2 = {
    "you took the plain mean of the replicas' gradients: that is right only when every slice has the same "
    "size; weight each row by its slice size n_r and divide by the total, sum_r n_r g_r / sum_r n_r": (
        lambda g, n: np.mean(g, axis=0)
    ),
    "you summed the gradients: each one is already the gradient of a mean over its slice, so the sum counts "
    "the batch R times; weight by n_r and divide by the total number of examples": lambda g, n: np.sum(g, axis=0),
    "you weighted by the slice sizes but divided by the number of replicas; divide by the total number of "
    "examples, sum_r n_r": lambda g, n: (np.asarray(n)[:, None] * g).sum(axis=0) / len(n),
    "you weighted by the slice sizes and forgot to divide: that is the gradient of the summed loss, not of the "
    "mean; divide by sum_r n_r": lambda g, n: (np.asarray(n)[:, None] * g).sum(axis=0),
    "you weighted each replica by 1 / n_r: a small slice should count less, not more; weight by n_r": (
        lambda g, n: (g / np.asarray(n)[:, None]).sum(axis=0) / (1 / np.asarray(n, dtype=float)).sum()
    ),
    "you averaged each replica's gradient over its entries (axis 1); the all-reduce combines the replicas, row "
    "against row, entry by entry (axis 0)": lambda g, n: np.mean(g, axis=1),
}


@register(
    "11.2",
    reference=all_reduce_mean,
    kind="code",
    right=[_all_reduce_by_sums, lambda g, n: np.average(g, axis=0, weights=n).astype(np.float32)],
    wrongs=list(_VARIANTS_11_2.values()),
    solution=(
        "def all_reduce_mean(replica_gradients, slice_sizes):\n"
        "    g, n = np.asarray(replica_gradients), np.asarray(slice_sizes)\n"
        "    return (n[:, None] * g).sum(axis=0) / n.sum()   # or np.average(g, axis=0, weights=n)\n\n"
        "n_r g_r is the gradient of replica r's loss *sum*; their sum (the all-reduce) is the gradient of the\n"
        "whole batch's loss sum, and dividing by the total count gives the mean. This is why\n"
        "tf.nn.compute_average_loss divides each replica's sum by the global batch size: then a plain sum across\n"
        "replicas is the whole answer."
    ),
    data={
        "replica_gradients": [[1.0, 2.0], [3.0, 6.0]],
        "slice_sizes": [1, 3],
        "answer": all_reduce_mean([[1.0, 2.0], [3.0, 6.0]], [1, 3]).tolist(),
    },
)
def _check_11_2(answer: Any) -> str | None:
    return check_function(
        answer,
        all_reduce_mean,
        _CASES_11_2,
        variants=_VARIANTS_11_2,
        advice="multiply each row g_r by its slice size n_r, add the rows, and divide by sum_r n_r",
    )


# ----------------------------------------------------------------------------------- 11.3


def scaled_setup(
    per_replica_batch: int, replicas_per_worker: int, workers: int, base_batch: int, base_learning_rate: float
) -> tuple[int, float]:
    """The global batch (per-replica batch times all replicas of all workers) and the learning rate of the
    linear scaling rule (Goyal et al. 2017): ``base_learning_rate * global_batch / base_batch``.

    Example:
        >>> scaled_setup(64, 4, 2, 256, 0.1)
        (512, 0.2)
    """
    global_batch = per_replica_batch * replicas_per_worker * workers
    return global_batch, base_learning_rate * global_batch / base_batch


_CASES_11_3 = [
    (64, 2, 1, 64, 0.05),  # section 4: two logical CPUs
    (32, 8, 4, 256, 0.1),  # four machines of eight GPUs
    (128, 1, 2, 128, 0.01),  # two single-GPU workers
    (16, 4, 16, 512, 0.2),  # the base batch is larger than one replica's
    (256, 1, 1, 32, 0.001),  # one device, a larger batch than the recipe's
]


def _scaled_setup_steps(per_replica_batch, replicas_per_worker, workers, base_batch, base_learning_rate):
    """Another right way: the number of replicas first, the scaling factor second."""
    replicas = replicas_per_worker * workers
    factor = per_replica_batch * replicas / base_batch
    return per_replica_batch * replicas, base_learning_rate * factor


_VARIANTS_11_3 = {
    "you forgot the workers: the global batch counts every replica of every machine, "
    "per_replica_batch * replicas_per_worker * workers": lambda p, r, w, b, lr: (p * r, lr * p * r / b),
    "the global batch is right, but the learning rate was not scaled: the linear rule multiplies it by "
    "global_batch / base_batch": lambda p, r, w, b, lr: (p * r * w, lr),
    "you scaled the learning rate by the square root of the batch ratio (a rule some use for Adam); the exercise "
    "asks for the linear rule, global_batch / base_batch": lambda p, r, w, b, lr: (
        p * r * w,
        lr * np.sqrt(p * r * w / b),
    ),
    "you multiplied the learning rate by the number of replicas; the linear rule compares the global batch with "
    "the recipe's base batch, global_batch / base_batch (the same only when base_batch equals the per-replica "
    "batch)": lambda p, r, w, b, lr: (p * r * w, lr * r * w),
    "you divided the learning rate by the batch ratio: a larger batch averages away more noise, so the linear rule "
    "takes a larger step, lr * global_batch / base_batch": lambda p, r, w, b, lr: (p * r * w, lr * b / (p * r * w)),
}


@register(
    "11.3",
    reference=scaled_setup,
    kind="code",
    right=[_scaled_setup_steps, lambda p, r, w, b, lr: [float(p * r * w), round(lr * p * r * w / b, 12)]],
    wrongs=list(_VARIANTS_11_3.values()),
    solution=(
        "def scaled_setup(per_replica_batch, replicas_per_worker, workers, base_batch, base_learning_rate):\n"
        "    global_batch = per_replica_batch * replicas_per_worker * workers   # one step, all replicas\n"
        "    return global_batch, base_learning_rate * global_batch / base_batch\n\n"
        "A step on k times the examples averages k times more gradients, with less noise, so it can take a k\n"
        "times larger step (Goyal et al. 2017), best reached with a few epochs of warm-up when k is large."
    ),
    data={
        "per_replica_batch": 64,
        "replicas_per_worker": 4,
        "workers": 2,
        "base_batch": 256,
        "base_learning_rate": 0.1,
        "answer": scaled_setup(64, 4, 2, 256, 0.1),
    },
)
def _check_11_3(answer: Any) -> str | None:
    return check_function(
        answer,
        scaled_setup,
        _CASES_11_3,
        variants=_VARIANTS_11_3,
        outputs=("global_batch", "learning_rate"),
        rtol=1e-6,
        advice="global batch = per-replica batch x replicas per worker x workers; lr = base lr x global / base batch",
    )


# ----------------------------------------------------------------------------------- 11.4


def estimated_speedup(
    n_devices: Any, step_seconds: float, serial_fraction: float, parameter_bytes: float, bandwidth: float
) -> Any:
    """Amdahl's law plus a ring all-reduce: ``t1 / (t1 (s + (1 - s) / N) + 2 (N - 1) / N * P / beta)``,
    the speed-up of ``N`` devices over one for the same global batch. Works element-wise on arrays of ``N``.

    Example:
        >>> round(float(estimated_speedup(8, 0.1, 0.05, 4e8, 1.25e9)), 3)
        0.173
    """
    n = np.asarray(n_devices, dtype=np.float64)
    t1, s = float(step_seconds), float(serial_fraction)
    communication = 2 * (n - 1) / n * float(parameter_bytes) / float(bandwidth)
    return t1 / (t1 * (s + (1 - s) / n) + communication)


_CASES_11_4 = [
    (np.array([1, 2, 8, 64]), 0.1, 0.05, 4e8, 1.25e9),  # a 100M-parameter model over Ethernet
    (np.array([2, 4, 16]), 0.005, 0.3, 4e5, 1.25e9),  # a small model, large fixed costs
    (np.array([8, 64, 512]), 0.25, 0.01, 1e9, 1e11),  # NVLink-class links
    (4, 0.02, 0.0, 1e6, 1e10),  # no serial part, one N as a plain number
]


def _speedup_by_times(n_devices, step_seconds, serial_fraction, parameter_bytes, bandwidth):
    """Another right way: the step time on N devices first, then the ratio."""
    n = np.asarray(n_devices, dtype=np.float64)
    compute = step_seconds * serial_fraction + step_seconds * (1 - serial_fraction) / n
    sent_per_device = 2 * parameter_bytes * (n - 1) / n
    return step_seconds / (compute + sent_per_device / bandwidth)


def _amdahl(n, t1, s, p, beta):
    n = np.asarray(n, dtype=np.float64)
    return 1 / (s + (1 - s) / n)


_VARIANTS_11_4 = {
    "that is Amdahl's law alone: add the time of the all-reduce, 2 (N - 1) / N * P / bandwidth, to the step "
    "time on N devices": _amdahl,
    "the all-reduce time should be 2 (N - 1) / N * P / bandwidth: a ring sends and receives each gradient byte "
    "about twice, not once": lambda n, t1, s, p, beta: (
        t1 / (t1 * (s + (1 - s) / np.asarray(n, float)) + (np.asarray(n, float) - 1) / np.asarray(n, float) * p / beta)
    ),
    "your communication term does not vanish for N = 1: one device sends nothing, so use 2 (N - 1) / N * P / "
    "bandwidth, not 2 P / bandwidth": lambda n, t1, s, p, beta: (
        t1 / (t1 * (s + (1 - s) / np.asarray(n, float)) + 2 * p / beta)
    ),
    "your communication grows with N: in a ring all-reduce each device sends 2 (N - 1) / N * P bytes, at most 2 P, "
    "whatever N (not 2 (N - 1) P, which is what one central server would receive)": lambda n, t1, s, p, beta: (
        t1 / (t1 * (s + (1 - s) / np.asarray(n, float)) + 2 * (np.asarray(n, float) - 1) * p / beta)
    ),
    "you swapped the serial and the parallel part: s does not shrink with N, 1 - s is divided by N": (
        lambda n, t1, s, p, beta: (
            t1
            / (
                t1 * ((1 - s) + s / np.asarray(n, float))
                + 2 * (np.asarray(n, float) - 1) / np.asarray(n, float) * p / beta
            )
        )
    ),
    "you returned the step time on N devices; the speed-up is t1 divided by it": lambda n, t1, s, p, beta: (
        t1 * (s + (1 - s) / np.asarray(n, float)) + 2 * (np.asarray(n, float) - 1) / np.asarray(n, float) * p / beta
    ),
}


@register(
    "11.4",
    reference=estimated_speedup,
    kind="code",
    right=[_speedup_by_times, lambda n, t1, s, p, beta: np.round(estimated_speedup(n, t1, s, p, beta), 9)],
    wrongs=list(_VARIANTS_11_4.values()),
    solution=(
        "def estimated_speedup(n_devices, step_seconds, serial_fraction, parameter_bytes, bandwidth):\n"
        "    n = np.asarray(n_devices, dtype=float)\n"
        "    compute = step_seconds * (serial_fraction + (1 - serial_fraction) / n)  # Amdahl\n"
        "    communication = 2 * (n - 1) / n * parameter_bytes / bandwidth           # ring all-reduce\n"
        "    return step_seconds / (compute + communication)\n\n"
        "As N grows the compute term falls to s * t1 and the communication term rises to 2 P / bandwidth: the\n"
        "speed-up tends to t1 / (s t1 + 2 P / bandwidth), a ceiling that no number of devices passes."
    ),
    data={
        "n_devices": 8,
        "step_seconds": 0.1,
        "serial_fraction": 0.05,
        "parameter_bytes": 4e8,
        "bandwidth": 1.25e9,
        "answer": float(estimated_speedup(8, 0.1, 0.05, 4e8, 1.25e9)),
    },
)
def _check_11_4(answer: Any) -> str | None:
    return check_function(
        answer,
        estimated_speedup,
        _CASES_11_4,
        variants=_VARIANTS_11_4,
        rtol=1e-6,
        advice="S(N) = t1 / (t1 (s + (1 - s) / N) + 2 (N - 1) / N * P / bandwidth), element-wise in N",
    )
