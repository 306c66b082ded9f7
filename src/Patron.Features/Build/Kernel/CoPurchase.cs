namespace Patron.Features.Build.Kernel;

/// <summary>
/// Co-purchase rates between categories over the customers of a cutoff, P(buys B | bought A) = customers with both /
/// customers with A, and each basket's likeliest next category: of the categories not in the basket, the one reached by
/// the most preferred pair (A in the basket, B not), pairs ranked by rate, then by customers with both, then by B's and
/// A's names. Both depend on a customer only through its basket, and millions of customers share few baskets, so the
/// work is done once per basket, weighted by its customers.
/// </summary>
internal sealed class CoPurchase
{
    private CoPurchase(Pair[] pairs, long[] customersWith, int[] nextCategory, double[] nextProbability)
    {
        Pairs = pairs;
        CustomersWith = customersWith;
        NextCategory = nextCategory;
        NextProbability = nextProbability;
    }

    /// <summary>Pairs bought together by at least one customer, by category A then B (name order).</summary>
    public Pair[] Pairs { get; }

    /// <summary>Customers who bought each category.</summary>
    public long[] CustomersWith { get; }

    /// <summary>Per basket: the next category's number, or -1 when no pair leads out of the basket.</summary>
    public int[] NextCategory { get; }

    /// <summary>Per basket: the rate behind <see cref="NextCategory"/>.</summary>
    public double[] NextProbability { get; }

    public static CoPurchase Compute(Population population, int categories)
    {
        var baskets = population.Baskets;
        var weight = new long[baskets.Count];
        for (var c = 0; c < population.Count; c++)
        {
            if (population.Basket[c] is var b and >= 0)
            {
                weight[b]++;
            }
        }

        var with = new long[categories];
        var together = new Dictionary<long, long>();
        for (var b = 0; b < baskets.Count; b++)
        {
            var members = baskets[b];
            foreach (var x in members)
            {
                with[x] += weight[b];
                foreach (var y in members)
                {
                    if (y != x)
                    {
                        var key = ((long)x * categories) + y;
                        together[key] = together.GetValueOrDefault(key) + weight[b];
                    }
                }
            }
        }

        var pairs = new Pair[together.Count];
        var i = 0;
        foreach (var (key, count) in together)
        {
            var a = (int)(key / categories);
            var bCategory = (int)(key % categories);
            pairs[i++] = new Pair(a, bCategory, with[a], count, (double)count / with[a]);
        }

        // Preference: one total order over all pairs.
        var byPreference = (Pair[])pairs.Clone();
        Array.Sort(byPreference, static (p, q) =>
        {
            var c = q.Probability.CompareTo(p.Probability);
            if (c == 0)
            {
                c = q.CustomersBoth.CompareTo(p.CustomersBoth);
            }

            if (c == 0)
            {
                c = p.B.CompareTo(q.B);
            }

            return c != 0 ? c : p.A.CompareTo(q.A);
        });

        // Each category's partners in preference order.
        var partners = new List<(int B, int Rank, double Probability)>[categories];
        for (var rank = 0; rank < byPreference.Length; rank++)
        {
            var p = byPreference[rank];
            (partners[p.A] ??= []).Add((p.B, rank, p.Probability));
        }

        var next = new int[baskets.Count];
        var probability = new double[baskets.Count];
        for (var b = 0; b < baskets.Count; b++)
        {
            var members = baskets[b];
            var bestRank = int.MaxValue;
            next[b] = -1;
            foreach (var x in members)
            {
                if (partners[x] is not { } list)
                {
                    continue;
                }

                foreach (var (partner, rank, rate) in list)
                {
                    if (rank >= bestRank)
                    {
                        break;
                    }

                    if (Array.BinarySearch(members, partner) < 0)
                    {
                        bestRank = rank;
                        next[b] = partner;
                        probability[b] = rate;
                        break;
                    }
                }
            }
        }

        Array.Sort(pairs, static (p, q) => p.A != q.A ? p.A.CompareTo(q.A) : p.B.CompareTo(q.B));
        return new CoPurchase(pairs, with, next, probability);
    }

    /// <summary>One row of <c>gold.cross_category</c>.</summary>
    internal readonly record struct Pair(int A, int B, long CustomersA, long CustomersBoth, double Probability);
}
