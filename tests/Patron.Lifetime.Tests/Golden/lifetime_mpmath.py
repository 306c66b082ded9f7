"""Reference values for Patron.Lifetime tests, computed at 50 digits with mpmath (a test-value generator only).

BG/NBD E[X(t)] (Fader, Hardie & Lee 2005, eq. 7) and Pareto/NBD log-likelihood and P(alive) (Schmittlein et al. 1987,
BTYD's hypergeometric form) at the published CDNOW parameters. Values used in the tests are printed below each run:

  bgnbd E[X(78)]               = 1.85795600911807
  pnbd LL(26, 30.85714, 31)    = -39.1303345754298530514977145829926   P(alive) = 0.997873460240282116504661854229009
  pnbd LL(2, 30.43, 38.86)     = -9.55436144705397815813114048446319    P(alive) = 0.869121571145286964033496460155592
  pnbd LL(0, 0, 38.86)         = -0.521161653184664406744390751496374   P(alive) = 0.295153428313714839150062732728675
"""
import mpmath as m

m.mp.dps = 50


def bgnbd_expected(r, alpha, a, b, t):
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * m.hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def pnbd(r, alpha, s, beta, x, tx, T):
    r, alpha, s, beta, tx, T = map(m.mpf, (r, alpha, s, beta, tx, T))
    if alpha >= beta:
        f = lambda t: m.hyp2f1(r + s + x, s + 1, r + s + x + 1, (alpha - beta) / (alpha + t)) / (alpha + t) ** (r + s + x)
    else:
        f = lambda t: m.hyp2f1(r + s + x, r + x, r + s + x + 1, (beta - alpha) / (beta + t)) / (beta + t) ** (r + s + x)
    a0 = f(tx) - f(T)
    alive = 1 / ((alpha + T) ** (r + x) * (beta + T) ** s)
    ll = m.loggamma(r + x) - m.loggamma(r) + r * m.log(alpha) + s * m.log(beta) + m.log(alive + s / (r + s + x) * a0)
    return ll, alive / (alive + s / (r + s + x) * a0)


if __name__ == "__main__":
    print("bgnbd E[X(78)]", m.nstr(bgnbd_expected(0.2425945, 4.4136019, 0.7929199, 2.4258881, 78), 15))
    for case in ((26, 30.85714, 31), (2, 30.43, 38.86), (0, 0, 38.86)):
        print("pnbd", case, *pnbd(0.55315, 10.57633, 0.60625, 11.67150, *case))
