"""Benchmark peer for `Patron.Bench lifetime`: BG/NBD and Pareto/NBD maximum likelihood with SciPy.

Same log-likelihoods as Patron (Fader, Hardie & Lee 2005 for BG/NBD; Schmittlein et al. 1987 in the FHL form with
scipy.special.hyp2f1 for Pareto/NBD), identical (x, t_x, T) rows collapsed into weights with numpy.unique, fitted
with scipy.optimize.minimize(method="L-BFGS-B") in log-parameter space on the mean negative log-likelihood.
BG/NBD gets its analytic gradient; Pareto/NBD uses L-BFGS-B's finite differences (SciPy has no derivative of
hyp2f1 in its parameters).

Usage: lifetime_scipy.py CDNOW_SUMMARY.csv GENERATED.csv REPEATS
Prints one JSON object: per task the median wall and CPU seconds over REPEATS fits after one warm-up, the
parameters and the LL.
"""
import json
import statistics
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import betaln, gammaln, digamma, hyp2f1, logsumexp


def collapse(x, tx, T):
    rows = np.stack([x, tx, T], axis=1)
    unique, counts = np.unique(rows, axis=0, return_counts=True)
    return unique[:, 0], unique[:, 1], unique[:, 2], counts.astype(float)


def bgnbd_objective(phi, x, tx, T, w, total):
    r, alpha, a, b = np.exp(phi)
    common = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    log_t = np.log(alpha + T)
    log_tx = np.log(alpha + tx)
    a2 = betaln(a, b + x) - betaln(a, b) - (r + x) * log_t
    xm = np.maximum(x, 1.0)
    a3 = np.where(x > 0, betaln(a + 1, b + xm - 1) - betaln(a, b) - (r + x) * log_tx, -np.inf)
    ll = common + np.logaddexp(a2, a3)
    w3 = np.where(x > 0, np.exp(a3 - np.logaddexp(a2, a3)), 0.0)
    w2 = 1.0 - w3
    psi_ab = digamma(a + b)
    g_r = digamma(r + x) - digamma(r) + np.log(alpha) - w2 * log_t - w3 * log_tx
    g_alpha = r / alpha - (r + x) * (w2 / (alpha + T) + w3 / (alpha + tx))
    g_a = w2 * (psi_ab - digamma(a + b + x)) + w3 * (digamma(a + 1) - digamma(a) + psi_ab - digamma(a + b + x))
    g_b = w2 * (digamma(b + x) - digamma(a + b + x) - digamma(b) + psi_ab) \
        + w3 * (digamma(b + xm - 1) - digamma(a + b + x) - digamma(b) + psi_ab)
    grad = np.array([np.dot(w, g) for g in (g_r, g_alpha, g_a, g_b)]) * np.exp(phi)
    return -np.dot(w, ll) / total, -grad / total


def pnbd_objective(phi, x, tx, T, w, total):
    r, alpha, s, beta = np.exp(phi)
    big, small_is_alpha = (alpha, False) if alpha >= beta else (beta, True)
    b_param = s + 1 if alpha >= beta else r + x

    def log_f(t):
        z = np.abs(alpha - beta) / (big + t)
        return np.log(hyp2f1(r + s + x, b_param, r + s + x + 1, z)) - (r + s + x) * np.log(big + t)

    log_fx = log_f(tx)
    log_ft = log_f(T)
    with np.errstate(divide="ignore"):
        log_a0 = log_fx + np.log1p(-np.exp(np.minimum(log_ft - log_fx, 0.0)))
    log_m = -(r + x) * np.log(alpha + T) - s * np.log(beta + T)
    inner = logsumexp(np.stack([log_m, np.log(s) - np.log(r + s + x) + log_a0]), axis=0)
    ll = gammaln(r + x) - gammaln(r) + r * np.log(alpha) + s * np.log(beta) + inner
    value = -np.dot(w, ll) / total
    return value if np.isfinite(value) else 1e10


def fit(objective, start, data, jac):
    x, tx, T, w = collapse(*data)
    total = w.sum()
    result = minimize(objective, np.log(start), args=(x, tx, T, w, total), jac=jac, method="L-BFGS-B",
                      options={"maxiter": 1000, "gtol": 1e-8, "ftol": 1e-15})
    return np.exp(result.x), -result.fun * total, result


def timed(task, repeats):
    task()  # warm-up
    seconds = []
    cpu = []
    out = None
    for _ in range(repeats):
        start = time.perf_counter()
        cpu_start = time.process_time()
        out = task()
        seconds.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(seconds), statistics.median(cpu), out


def main():
    summary, generated, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cdnow = np.loadtxt(summary, delimiter=",", skiprows=1, usecols=(1, 2, 3))
    cd = (cdnow[:, 0], cdnow[:, 1], cdnow[:, 2])
    big = np.loadtxt(generated, delimiter=",", skiprows=1)
    gen = (big[:, 0], big[:, 1], big[:, 2])
    report = {}
    for name, objective, start, data, jac, reps in (
        ("bgnbd_cdnow", bgnbd_objective, [1.0, 1.0, 1.0, 1.0], cd, True, repeats),
        ("pnbd_cdnow", pnbd_objective, [1.0, 1.0, 1.0, 1.0], cd, False, max(1, repeats // 4)),
        ("bgnbd_generated", bgnbd_objective, [1.0, 1.0, 1.0, 1.0], gen, True, 3),
    ):
        seconds, cpu, (params, ll, result) = timed(lambda: fit(objective, start, data, jac), reps)
        report[name] = {"seconds": seconds, "cpu_seconds": cpu, "params": params.tolist(), "log_likelihood": float(ll),
                        "iterations": int(result.nit), "evaluations": int(result.nfev), "success": bool(result.success)}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
